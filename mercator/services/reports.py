"""Period progress reports: drafted by an MPA or the member's contact point (narrative per activity, KPI
actuals, risks reviewed), submitted, then approved by the Secretariat or returned with a comment. Only an
approved report's KPI actuals count in the plan's figures."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from mercator import rules
from mercator.choices import EventKind, ReportStatus
from mercator.models import Activity, ActivityNote, Kpi, KpiActual, PeriodReport
from mercator.services._common import event, lock_plan, required
from wcocb.errors import ConflictError, DomainError

if TYPE_CHECKING:
    from mercator.models import Plan
    from wcocb.models import User


def _lock(report: PeriodReport) -> PeriodReport:
    lock_plan(report.plan_id)
    return PeriodReport.objects.select_for_update(of=("self",)).select_related("plan").get(pk=report.pk)


@transaction.atomic
def report_draft(
    *,
    plan: Plan,
    by: User,
    kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
    narrative: str = "",
    risks_review: str = "",
) -> PeriodReport:
    plan = lock_plan(plan)
    rules.check(rules.can_draft_report(by, plan), _("Only the Secretariat, the plan's MPAs and its administration "
                                                    "draft period reports of an open plan."))  # fmt: skip
    report = PeriodReport(plan=plan, kind=kind, period_start=period_start, period_end=period_end,
                          narrative=narrative, risks_review=risks_review, drafted_by=by)  # fmt: skip
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_update(
    *,
    report: PeriodReport,
    by: User,
    narrative: str | None = None,
    risks_review: str | None = None,
    actuals: Mapping[Kpi, Decimal | None] | None = None,
    notes: Mapping[Activity, str] | None = None,
) -> PeriodReport:
    """Change a draft (or returned) report: its narrative, risks reviewed, KPI actuals (``None`` removes one)
    and the narrative per activity (empty removes it)."""
    report = _lock(report)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ConflictError(_("A report “%(status)s” can no longer change.") % {"status": report.get_status_display()})
    rules.check(rules.can_edit_report(by, report), _("You may not edit this report."))
    fields = []
    if narrative is not None:
        report.narrative = narrative
        fields.append("narrative")
    if risks_review is not None:
        report.risks_review = risks_review
        fields.append("risks_review")
    report.full_clean()
    report.save(update_fields=[*fields, "updated_at"])
    for kpi, value in (actuals or {}).items():
        if kpi.plan_id != report.plan_id:
            raise DomainError(_("The KPI “%(kpi)s” belongs to another plan.") % {"kpi": kpi.name})
        if value is None:
            KpiActual.objects.filter(report=report, kpi=kpi).delete()
            continue
        actual = KpiActual.objects.filter(report=report, kpi=kpi).first() or KpiActual(report=report, kpi=kpi)
        actual.value = value
        actual.full_clean()
        actual.save()
    for activity, text in (notes or {}).items():
        if activity.plan_id != report.plan_id:
            raise DomainError(_("The activity “%(activity)s” belongs to another plan.") % {"activity": activity.title})
        text = (text or "").strip()
        if not text:
            ActivityNote.objects.filter(report=report, activity=activity).delete()
            continue
        ActivityNote.objects.update_or_create(report=report, activity=activity, defaults={"narrative": text})
    return report


def _move(report: PeriodReport, *, to: str, by: User, kind: str, comment: str = "", fields=()) -> PeriodReport:
    from_status = report.status
    report.status = to
    report.save(update_fields=["status", "updated_at", *fields])
    event(report.plan, by=by, kind=kind, from_state=from_status, to_state=to, comment=comment, report=report)
    return report


@transaction.atomic
def report_submit(*, report: PeriodReport, by: User, comment: str = "") -> PeriodReport:
    report = _lock(report)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ConflictError(_("A report “%(status)s” cannot be submitted.") % {"status": report.get_status_display()})
    rules.check(rules.can_submit_report(by, report), _("You may not submit this report."))
    if not report.narrative.strip():
        raise DomainError(_("Write the report's narrative before submitting it."))
    return _move(report, to=ReportStatus.SUBMITTED, by=by, kind=EventKind.REPORT_SUBMITTED, comment=comment)


@transaction.atomic
def report_approve(*, report: PeriodReport, by: User, comment: str = "") -> PeriodReport:
    report = _lock(report)
    if report.status != ReportStatus.SUBMITTED:
        raise ConflictError(_("Only a submitted report can be approved."))
    rules.check(rules.can_decide_report(by, report), _("Only the Secretariat approves period reports."))
    return _move(report, to=ReportStatus.APPROVED, by=by, kind=EventKind.REPORT_APPROVED, comment=comment)


@transaction.atomic
def report_return(*, report: PeriodReport, by: User, comment: str) -> PeriodReport:
    report = _lock(report)
    if report.status != ReportStatus.SUBMITTED:
        raise ConflictError(_("Only a submitted report can be returned."))
    rules.check(rules.can_decide_report(by, report), _("Only the Secretariat returns period reports."))
    comment = required(comment, _("Say what should change in the report."))
    report.return_comment = comment
    return _move(report, to=ReportStatus.RETURNED, by=by, kind=EventKind.REPORT_RETURNED, comment=comment,
                 fields=["return_comment"])  # fmt: skip
