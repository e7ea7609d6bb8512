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

from missions.choices import ReportStatus, Status, TeamRole
from missions.models import MissionReport, MissionRequest
from missions.uploads import validate_upload
from missions.workflow import ForbiddenError
from wcocb.choices import Role
from wcocb.errors import ConflictError, DomainError
from wcocb.rules import is_secretariat

if TYPE_CHECKING:
    from wcocb.models import User

EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


def is_team_leader(user: User, request: MissionRequest) -> bool:
    return bool(
        user.is_authenticated
        and user.role == Role.EXPERT
        and request.assignments.filter(selected=True, role=TeamRole.LEAD, expert__person__user=user).exists()
    )


def report_is_accepted(request: MissionRequest) -> bool:
    return MissionReport.objects.filter(request=request, status=ReportStatus.ACCEPTED).exists()


def report_close_check(request: MissionRequest) -> str | None:
    """Why a completed mission cannot close yet (its report is not accepted), or ``None``.
    Missions delivered by Secretariat staff have no team leader, hence no report to wait for."""
    if request.delivered_by_secretariat or report_is_accepted(request):
        return None
    return _("The mission report must be submitted by the team leader and accepted before the mission closes.")


def can_write(user: User, request: MissionRequest) -> bool:
    report = MissionReport.objects.filter(request=request).first()
    return (
        request.status in {Status.DEPLOYED, Status.COMPLETED}
        and is_team_leader(user, request)
        and (report is None or report.status in EDITABLE)
    )


def can_review(user: User, report: MissionReport) -> bool:
    return is_secretariat(user) and report.status == ReportStatus.SUBMITTED


def _lock_report(request: MissionRequest) -> MissionReport:
    MissionReport.objects.get_or_create(request=request)
    return MissionReport.objects.select_for_update().get(request=request)


def _check_leader(request: MissionRequest, by: User) -> None:
    if not is_team_leader(by, request):
        raise ForbiddenError(_("Only the mission's team leader may write its report."))


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
    _check_leader(request, by)
    if request.status not in {Status.DEPLOYED, Status.COMPLETED}:
        raise ConflictError(_("The report can be written once the mission is deployed."))
    report = _lock_report(request)
    if report.status not in EDITABLE:
        raise ConflictError(
            _("The report is “%(status)s” and cannot be changed now.") % {"status": report.get_status_display()}
        )
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
    _check_leader(request, by)
    if request.status != Status.COMPLETED:
        raise ConflictError(_("The report can be submitted once the mission is completed."))
    report = MissionReport.objects.select_for_update().get(pk=report.pk)
    if report.status not in EDITABLE:
        raise ConflictError(
            _("The report is “%(status)s” and cannot be submitted again.") % {"status": report.get_status_display()}
        )
    empty = [str(MissionReport._meta.get_field(name).verbose_name) for name in MissionReport.TEMPLATE_FIELDS]
    empty = [
        label for name, label in zip(MissionReport.TEMPLATE_FIELDS, empty, strict=True) if not getattr(report, name)
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
    if not is_secretariat(by):
        raise ForbiddenError(_("Only the Secretariat may review mission reports."))
    report = MissionReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.SUBMITTED:
        raise ConflictError(
            _("Only a submitted report can be reviewed; this one is “%(status)s”.")
            % {"status": report.get_status_display()}
        )
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
