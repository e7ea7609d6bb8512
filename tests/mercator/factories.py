"""Builders of Mercator rows for the tests, written through the services (so the rows are what users make)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from mercator import services
from mercator.choices import OrgArea
from mercator.models import Kpi, TfaMeasure
from tests import factories as base
from tests.missions.factories import accredit, make_expert

REQUEST_DATE = datetime.date(2026, 2, 10)


def make_mpa(*, administration: str = "JP", user=None):
    """An expert fully accredited as MPA (the only experts a plan may have as MPAs)."""
    return make_expert(administration=administration, full=("MPA",), user=user)


def measure(number: str) -> TfaMeasure:
    return TfaMeasure.objects.get(number=number)


def make_plan(clerk=None, *, administration: str = "TH", title: str = "Mercator implementation plan", mpas=()):
    clerk = clerk or base.SecretariatFactory()
    return services.plan_open(
        by=clerk,
        administration=base.member(administration) if isinstance(administration, str) else administration,
        title=title,
        request_reference="REQ-2026-01",
        request_date=REQUEST_DATE,
        contact_name="Contact point",
        mpas=mpas,
    )


def advance_to(plan, phase: str, clerk):
    """Carry ``plan`` forward to ``phase``, recording what each move needs on the way."""
    from mercator.choices import PHASE_ORDER

    while plan.phase != phase:
        if plan.phase == "diagnostic" and not plan.diagnostics.exists():
            add_diagnostic(plan, clerk)
        if plan.phase == "planning_delivery" and not plan.recommendations.exists():
            add_recommendation(plan, clerk)
        plan = services.plan_advance(plan=plan, by=clerk)
        assert plan.phase in PHASE_ORDER
    return plan


def add_diagnostic(plan, clerk, *, title: str = "Mercator diagnostic"):
    from mercator.models import Diagnostic

    return services.content_save(
        instance=Diagnostic(
            plan=plan, title=title, start_date=datetime.date(2026, 3, 2), end_date=datetime.date(2026, 3, 6)
        ),
        by=clerk,
    )


def add_finding(diagnostic, clerk, *, text: str = "Risk management is paper based"):
    from mercator.models import Finding

    return services.content_save(instance=Finding(diagnostic=diagnostic, text=text, area=OrgArea.TECHNICAL), by=clerk)


def add_recommendation(
    plan, clerk, *, title: str = "Introduce a risk management unit", finding=None, measures=("7.4",)
):
    from mercator.models import Recommendation

    return services.content_save(
        instance=Recommendation(plan=plan, finding=finding, title=title, area=OrgArea.TECHNICAL),
        by=clerk,
        m2m={"measures": [measure(number) for number in measures]},
    )


def add_activity(
    plan,
    clerk,
    *,
    title: str = "Risk management workshop",
    recommendation=None,
    planned_cost="1000",
    actual_cost=None,
    start=datetime.date(2026, 5, 4),
    end=datetime.date(2026, 5, 8),
    status="planned",
):
    from mercator.models import Activity

    return services.content_save(
        instance=Activity(
            plan=plan,
            recommendation=recommendation,
            title=title,
            planned_start=start,
            planned_end=end,
            planned_cost=Decimal(planned_cost),
            actual_cost=None if actual_cost is None else Decimal(actual_cost),
            status=status,
        ),
        by=clerk,
    )


def add_milestone(plan, clerk, *, due: datetime.date, achieved_on: datetime.date | None = None, title="Milestone",
                  status=None):  # fmt: skip
    from mercator.models import Milestone

    return services.content_save(
        instance=Milestone(
            plan=plan,
            title=title,
            due_date=due,
            achieved_on=achieved_on,
            status=status or ("achieved" if achieved_on else "pending"),
        ),
        by=clerk,
    )


def add_kpi(plan, clerk, *, baseline="10", target="20", name="Average release time", recommendation=None) -> Kpi:
    return services.content_save(
        instance=Kpi(
            plan=plan,
            recommendation=recommendation,
            name=name,
            unit="hours",
            baseline_value=Decimal(baseline),
            baseline_date=datetime.date(2026, 1, 1),
            target_value=Decimal(target),
            target_date=datetime.date(2028, 1, 1),
        ),
        by=clerk,
    )


def add_risk(plan, clerk, *, title="Staff turnover", likelihood=3, impact=4):
    from mercator.models import Risk

    return services.content_save(
        instance=Risk(plan=plan, title=title, likelihood=likelihood, impact=impact, owner="HR"), by=clerk
    )


def approved_report(plan, clerk, *, start=datetime.date(2026, 4, 1), actuals=None, narrative="Progress as planned"):
    """A quarterly report with ``actuals`` ({kpi: value}), submitted and approved."""
    report = services.report_draft(
        plan=plan, by=clerk, kind="quarter", period_start=start, period_end=_quarter_end(start), narrative=narrative
    )
    services.report_update(report=report, by=clerk, actuals={k: Decimal(str(v)) for k, v in (actuals or {}).items()})
    services.report_submit(report=report, by=clerk)
    return services.report_approve(report=report, by=clerk)


def _quarter_end(start: datetime.date) -> datetime.date:
    month = start.month + 3
    year = start.year + (month > 12)
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, 1) - datetime.timedelta(days=1)


def give_mpa_accreditation(expert):
    return accredit(expert, "MPA")
