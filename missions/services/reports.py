"""The mission report: the team leader writes it on the standard template after the mission, the
Secretariat reviews it (accept, or return for changes with a comment), and only an accepted report
lets the mission close (:func:`report_close_check`, registered in ``missions.hooks.close_checks``).

Statuses: draft → submitted → accepted, or submitted → returned → submitted …
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from missions import rules
from missions.choices import ReportStatus
from missions.models import MissionReport, MissionRequest, validate_upload
from wcocb.errors import DomainError

if TYPE_CHECKING:
    from wcocb.models import User


def _raise(error) -> None:
    if error is not None:
        raise error


def report_is_accepted(request: MissionRequest) -> bool:
    return MissionReport.objects.filter(request=request, status=ReportStatus.ACCEPTED).exists()


def report_close_check(request: MissionRequest) -> str | None:
    """Why a completed mission cannot close yet (its report is not accepted), or ``None``.
    Missions delivered by Secretariat staff have no team leader, hence no report to wait for."""
    if request.delivered_by_secretariat or report_is_accepted(request):
        return None
    return _("The mission report must be submitted by the team leader and accepted before the mission closes.")


def _lock_report(request: MissionRequest) -> MissionReport:
    MissionReport.objects.get_or_create(request=request)
    return MissionReport.objects.select_for_update().get(request=request)


@transaction.atomic
def report_save_draft(
    *,
    request: MissionRequest,
    by: User,
    purpose: str | None = None,
    participants_profile: str | None = None,
    main_activities: str | None = None,
    initial_feedback_and_outcomes: str | None = None,
    future_needs: str | None = None,
    attachment: File | None = None,
) -> MissionReport:
    """The team leader saves the report (fields left ``None`` keep their value), from deployment on."""
    request = MissionRequest.objects.select_for_update().get(pk=request.pk)
    _raise(rules.report_write_refusal(by, request, None))
    report = _lock_report(request)
    _raise(rules.report_write_refusal(by, request, report))
    values = {
        "purpose": purpose,
        "participants_profile": participants_profile,
        "main_activities": main_activities,
        "initial_feedback_and_outcomes": initial_feedback_and_outcomes,
        "future_needs": future_needs,
    }
    changed = ["updated_at"]
    for name, value in values.items():
        if value is not None:
            setattr(report, name, value.strip())
            changed.append(name)
    if attachment:
        validate_upload(attachment)
        report.attachment = attachment
        changed.append("attachment")
    report.full_clean()
    report.save(update_fields=changed)
    return report


@transaction.atomic
def report_submit(*, report: MissionReport, by: User) -> MissionReport:
    """The team leader submits the completed mission's report; every template section is required."""
    request = MissionRequest.objects.select_for_update().get(pk=report.request_id)
    _raise(rules.report_submit_refusal(by, request, None))
    report = MissionReport.objects.select_for_update().get(pk=report.pk)
    _raise(rules.report_submit_refusal(by, request, report))
    empty = [
        str(MissionReport._meta.get_field(name).verbose_name)  # type: ignore[union-attr]  # a concrete field
        for name in MissionReport.TEMPLATE_FIELDS
        if not getattr(report, name)
    ]
    if empty:
        raise DomainError(_("Fill in every section of the report: %(sections)s.") % {"sections": ", ".join(empty)})
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = by
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    _notify(report, "submitted")
    return report


@transaction.atomic
def report_review(*, report: MissionReport, accept: bool, by: User, comment: str = "") -> MissionReport:
    """The Secretariat accepts the report (the mission may then close) or returns it with a comment."""
    report = MissionReport.objects.select_for_update().get(pk=report.pk)
    _raise(rules.report_review_refusal(by, report))
    comment = (comment or "").strip()
    if not accept and not comment:
        raise DomainError(_("Say what must change when returning the report."))
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    report.review_comment = comment
    report.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"])
    _notify(report, "accepted" if accept else "returned")
    return report


def _notify(report: MissionReport, what: str) -> None:
    from missions import notifications

    notifications.on_report(report, what)
