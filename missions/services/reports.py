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
from django.utils.translation import gettext_noop

from missions import rules
from missions.choices import Action, ReportStatus
from missions.models import MissionReport, MissionRequest, validate_upload
from missions.selectors import timeline
from missions.services._common import _delete_file_on_commit, _event
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
    remove_attachment: bool = False,
) -> MissionReport:
    """The team leader saves the report (fields left ``None`` keep their value), from deployment on. A new
    ``attachment`` replaces the old one; ``remove_attachment`` removes it; either is on the mission's timeline."""
    request = MissionRequest.objects.select_for_update().get(pk=request.pk)  # serialises the report's creation
    existing = MissionReport.objects.select_for_update().filter(request=request).first()
    _raise(rules.report_write_refusal(by, request, existing))
    report = existing or MissionReport.objects.create(request=request)
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
    previous = report.attachment_name
    action = None
    if attachment:
        validate_upload(attachment)
        if report.attachment:
            _delete_file_on_commit(report.attachment)
        report.attachment = attachment
        changed.append("attachment")
        action = Action.DOCUMENT_REPLACED if previous else Action.DOCUMENT_UPLOADED
    elif remove_attachment and report.attachment:
        _delete_file_on_commit(report.attachment)
        report.attachment = ""
        changed.append("attachment")
        action = Action.DOCUMENT_REMOVED
    report.full_clean()
    report.save(update_fields=changed)
    if action is not None:
        names = " \N{RIGHTWARDS ARROW} ".join(name for name in [previous, report.attachment_name] if name)
        _event(
            request,
            by=by,
            action=action,
            from_status=request.status,
            system=[timeline.message(gettext_noop("Report attachment: %(names)s"), names=names)],
        )
    return report


@transaction.atomic
def report_submit(*, report: MissionReport, by: User) -> MissionReport:
    """The team leader submits the completed mission's report; every template section is required."""
    request = MissionRequest.objects.select_for_update().get(pk=report.request_id)
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
    # A resubmission answers the last review: its comment no longer stands (the history keeps it).
    report.review_comment = ""
    report.reviewed_by = None
    report.reviewed_at = None
    report.save(
        update_fields=[
            "status",
            "submitted_by",
            "submitted_at",
            "review_comment",
            "reviewed_by",
            "reviewed_at",
            "updated_at",
        ]
    )
    _notify(report, "submitted")
    return report


@transaction.atomic
def report_save_and_submit(*, request: MissionRequest, by: User, **values) -> MissionReport:
    """Save the sections and submit in one step: when the submission is refused (a section is empty, the
    mission is not completed), nothing is saved, not even a new draft."""
    report = report_save_draft(request=request, by=by, **values)
    return report_submit(report=report, by=by)


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
