"""Derived progress of a plan, computed from its rows and never typed in: milestones achieved on time, cost
variance, recommendations implemented, KPI progress toward target (approved actuals only), and a
red/amber/green status with the rule that produced it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mercator.choices import ActivityStatus, MilestoneStatus, Rag, RecommendationStatus, ReportStatus
from mercator.models import Kpi, Plan

#: The thresholds of the red/amber/green rule.
RED_ON_TIME_BELOW = Decimal("0.5")
AMBER_ON_TIME_BELOW = Decimal("0.8")
RED_OVERRUN_ABOVE = Decimal("0.25")
AMBER_OVERRUN_ABOVE = Decimal("0.10")
AMBER_KPI_BELOW = Decimal("0.5")


def _ratio(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"))


@dataclass
class KpiProgress:
    kpi: Kpi
    actual: Decimal | None  # the latest approved actual
    actual_period_end: datetime.date | None
    progress: Decimal | None  # (actual - baseline) / (target - baseline)
    note: str | Promise = ""
    #: ``[(period_end, value)]`` of every approved actual, oldest first (the chart)
    series: list[tuple[datetime.date, Decimal]] = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)


def kpi_progress(kpi: Kpi, actuals: list | None = None) -> KpiProgress:
    """Progress toward target from the latest *approved* actual. A target equal to its baseline has no
    progress scale (``None``, said so); a KPI that should go down (target below baseline) progresses as it falls."""
    if actuals is None:
        actuals = list(kpi.actuals.select_related("report"))
    approved = sorted(
        (actual for actual in actuals if actual.report.status == ReportStatus.APPROVED),
        key=lambda actual: actual.report.period_end,
    )
    series = [(actual.report.period_end, actual.value) for actual in approved]
    if not approved:
        return KpiProgress(kpi, None, None, None, _("No approved actual yet."), series)
    latest = approved[-1]
    span = kpi.target_value - kpi.baseline_value
    if span == 0:
        return KpiProgress(
            kpi, latest.value, latest.report.period_end, None, _("The target equals the baseline."), series
        )
    progress = ((latest.value - kpi.baseline_value) / span).quantize(Decimal("0.0001"))
    return KpiProgress(kpi, latest.value, latest.report.period_end, progress, "", series)


@dataclass
class PlanProgress:
    milestones_total: int
    milestones_due: int
    milestones_on_time: int
    on_time_share: Decimal | None
    planned_cost: Decimal
    actual_cost: Decimal
    cost_variance: Decimal  # actual - planned, over the activities with an actual cost
    cost_variance_share: Decimal | None  # ÷ planned (None: zero-cost baseline)
    recommendations_total: int
    recommendations_implemented: int
    implemented_share: Decimal | None
    kpis: list[KpiProgress]
    kpi_average: Decimal | None
    rag: str
    rag_rule: str | Promise

    @property
    def rag_label(self) -> str:
        return str(Rag(self.rag).label)


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def _rag(on_time: Decimal | None, overrun: Decimal | None, kpi_average: Decimal | None) -> tuple[str, Promise | str]:
    if on_time is None and overrun is None and kpi_average is None:
        return Rag.GREY, _("Not rated: no milestone due, no cost incurred and no approved KPI actual yet.")
    if on_time is not None and on_time < RED_ON_TIME_BELOW:
        return Rag.RED, _("Red: %(share)s of the milestones due were achieved on time (below 50%%).") % {
            "share": _pct(on_time)
        }
    if overrun is not None and overrun > RED_OVERRUN_ABOVE:
        return Rag.RED, _("Red: costs are %(share)s over plan (more than 25%%).") % {"share": _pct(overrun)}
    if on_time is not None and on_time < AMBER_ON_TIME_BELOW:
        return Rag.AMBER, _("Amber: %(share)s of the milestones due were achieved on time (below 80%%).") % {
            "share": _pct(on_time)
        }
    if overrun is not None and overrun > AMBER_OVERRUN_ABOVE:
        return Rag.AMBER, _("Amber: costs are %(share)s over plan (more than 10%%).") % {"share": _pct(overrun)}
    if kpi_average is not None and kpi_average < AMBER_KPI_BELOW:
        return Rag.AMBER, _("Amber: the KPIs average %(share)s of the way to target (below 50%%).") % {
            "share": _pct(kpi_average)
        }
    return Rag.GREEN, _(
        "Green: milestones on time (80%% or more), costs within 10%% of plan and KPIs at least half-way to target."
    ) % {}


def plan_progress(plan: Plan, *, today: datetime.date | None = None) -> PlanProgress:
    """The figures of one plan. Reads the plan's prefetched rows when :func:`plan_detail` loaded them.

    - Milestones: those due by ``today`` or already achieved, dropped ones aside; on time = achieved by the
      planned date. No milestone due: no share (``None``).
    - Cost: over the activities with an actual cost (cancelled ones aside), actual - planned, and that ÷ planned;
      a zero planned cost has no share (``None``).
    - Recommendations: implemented ÷ all but the dropped ones.
    - KPIs: each one's progress and their average (KPIs without progress aside)."""
    today = today or timezone.localdate()
    milestones = [m for m in plan.milestones.all() if m.status != MilestoneStatus.DROPPED]
    due = [m for m in milestones if m.achieved_on is not None or m.due_date <= today]
    on_time = [m for m in due if m.on_time]
    activities = [a for a in plan.activities.all() if a.status != ActivityStatus.CANCELLED]
    costed = [a for a in activities if a.actual_cost is not None]
    planned = sum((a.planned_cost for a in costed), Decimal(0))
    actual = sum((a.actual_cost for a in costed), Decimal(0))
    variance = actual - planned
    variance_share = _ratio(variance, planned) if costed else None
    recommendations = [r for r in plan.recommendations.all() if r.status != RecommendationStatus.DROPPED]
    implemented = [r for r in recommendations if r.status == RecommendationStatus.IMPLEMENTED]
    kpis = [kpi_progress(kpi, list(kpi.actuals.all())) for kpi in plan.kpis.all()]
    measured = [k.progress for k in kpis if k.progress is not None]
    kpi_average = (sum(measured, Decimal(0)) / len(measured)).quantize(Decimal("0.0001")) if measured else None
    on_time_share = _ratio(len(on_time), len(due))
    rag, rule = _rag(on_time_share, variance_share, kpi_average)
    return PlanProgress(
        milestones_total=len(milestones),
        milestones_due=len(due),
        milestones_on_time=len(on_time),
        on_time_share=on_time_share,
        planned_cost=planned,
        actual_cost=actual,
        cost_variance=variance,
        cost_variance_share=variance_share,
        recommendations_total=len(recommendations),
        recommendations_implemented=len(implemented),
        implemented_share=_ratio(len(implemented), len(recommendations)),
        kpis=kpis,
        kpi_average=kpi_average,
        rag=rag,
        rag_rule=rule,
    )
