"""Derived progress and its edge cases: no milestones, all late, a zero-cost baseline, a KPI whose target equals
its baseline, a KPI that should go down; and the red/amber/green rule shown beside it."""

import datetime
from decimal import Decimal

import pytest

from mercator import selectors, services
from mercator.choices import Phase, Rag, RecommendationStatus
from tests import factories as base
from tests.mercator import factories as f

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def clerk():
    return base.SecretariatFactory()


@pytest.fixture
def plan(clerk):
    return f.advance_to(f.make_plan(clerk), Phase.PLANNING_DELIVERY, clerk)


def progress(plan):
    return selectors.plan_progress(selectors.plan_detail(user=base.SecretariatFactory()).get(pk=plan.pk), today=TODAY)


def test_a_plan_with_nothing_yet_is_not_rated(plan):
    figures = progress(plan)
    assert figures.milestones_total == 0
    assert figures.on_time_share is None
    assert figures.cost_variance_share is None
    assert figures.kpi_average is None
    assert figures.implemented_share is None
    assert figures.rag == Rag.GREY
    assert "Not rated" in str(figures.rag_rule)


def test_all_milestones_late_is_red_with_its_rule(plan, clerk):
    f.add_milestone(plan, clerk, due=datetime.date(2026, 3, 1), achieved_on=datetime.date(2026, 4, 1))
    f.add_milestone(plan, clerk, due=datetime.date(2026, 6, 1))  # due, not achieved: late
    f.add_milestone(plan, clerk, due=datetime.date(2027, 6, 1))  # not due yet: not counted
    figures = progress(plan)
    assert (figures.milestones_total, figures.milestones_due, figures.milestones_on_time) == (3, 2, 0)
    assert figures.on_time_share == Decimal(0)
    assert figures.rag == Rag.RED
    assert "0%" in str(figures.rag_rule)


def test_milestones_on_time_share_and_dropped_ones_aside(plan, clerk):
    f.add_milestone(plan, clerk, due=datetime.date(2026, 3, 1), achieved_on=datetime.date(2026, 3, 1))
    f.add_milestone(plan, clerk, due=datetime.date(2026, 3, 1), achieved_on=datetime.date(2026, 2, 1))
    f.add_milestone(plan, clerk, due=datetime.date(2026, 3, 1), achieved_on=datetime.date(2026, 3, 9))
    f.add_milestone(plan, clerk, due=datetime.date(2026, 2, 1), status="dropped")
    figures = progress(plan)
    assert figures.on_time_share == Decimal("0.6667")
    assert figures.rag == Rag.AMBER


def test_cost_variance_and_a_zero_cost_baseline(plan, clerk):
    f.add_activity(plan, clerk, planned_cost="1000", actual_cost="1300")
    f.add_activity(plan, clerk, planned_cost="500")  # no actual cost yet: not compared
    figures = progress(plan)
    assert (figures.planned_cost, figures.actual_cost, figures.cost_variance) == (1000, 1300, 300)
    assert figures.cost_variance_share == Decimal("0.3")
    assert figures.rag == Rag.RED
    zero = f.advance_to(f.make_plan(clerk, administration="KE"), Phase.PLANNING_DELIVERY, clerk)
    f.add_activity(zero, clerk, planned_cost="0", actual_cost="250")
    figures = progress(zero)
    assert figures.cost_variance == Decimal(250)
    assert figures.cost_variance_share is None  # no planned cost to divide by


def test_kpi_progress_up_down_and_flat(plan, clerk):
    up = f.add_kpi(plan, clerk, baseline="10", target="20", name="Up")
    down = f.add_kpi(plan, clerk, baseline="48", target="24", name="Release time (hours)")
    flat = f.add_kpi(plan, clerk, baseline="5", target="5", name="Flat")
    f.approved_report(plan, clerk, actuals={up: 15, down: 30, flat: 6})
    figures = progress(plan)
    by_name = {k.kpi.name: k for k in figures.kpis}
    assert by_name["Up"].progress == Decimal("0.5")
    assert by_name["Release time (hours)"].progress == Decimal("0.75")  # (30-48)/(24-48): going down is progress
    assert by_name["Flat"].progress is None
    assert "equals the baseline" in str(by_name["Flat"].note)
    assert figures.kpi_average == Decimal("0.625")  # the flat KPI is left out of the average


def test_only_approved_actuals_count_and_the_latest_one_is_used(plan, clerk, member_user):
    kpi = f.add_kpi(plan, clerk, baseline="0", target="100")
    f.approved_report(plan, clerk, start=datetime.date(2026, 1, 1), actuals={kpi: 20})
    f.approved_report(plan, clerk, start=datetime.date(2026, 4, 1), actuals={kpi: 40})
    draft = services.report_draft(plan=plan, by=member_user, kind="quarter", period_start=datetime.date(2026, 7, 1),
                                  period_end=datetime.date(2026, 9, 30), narrative="x")  # fmt: skip
    services.report_update(report=draft, by=member_user, actuals={kpi: Decimal(90)})
    services.report_submit(report=draft, by=member_user)
    kp = progress(plan).kpis[0]
    assert kp.actual == Decimal(40)
    assert kp.progress == Decimal("0.4")
    assert [value for _day, value in kp.series] == [Decimal(20), Decimal(40)]
    assert progress(plan).rag == Rag.AMBER  # KPIs below half-way


def test_recommendations_implemented_leave_dropped_ones_aside(plan, clerk):
    done, dropped, _open = (f.add_recommendation(plan, clerk, title=t) for t in ("a", "b", "c"))
    services.recommendation_move(recommendation=done, to=RecommendationStatus.IN_PROGRESS, by=clerk)
    services.recommendation_move(recommendation=done, to=RecommendationStatus.IMPLEMENTED, by=clerk)
    services.recommendation_move(recommendation=dropped, to=RecommendationStatus.DROPPED, by=clerk, comment="no")
    figures = progress(plan)
    assert (figures.recommendations_implemented, figures.recommendations_total) == (1, 2)
    assert figures.implemented_share == Decimal("0.5")


def test_a_healthy_plan_is_green(plan, clerk):
    f.add_milestone(plan, clerk, due=datetime.date(2026, 3, 1), achieved_on=datetime.date(2026, 3, 1))
    f.add_activity(plan, clerk, planned_cost="1000", actual_cost="1050")
    kpi = f.add_kpi(plan, clerk, baseline="0", target="10")
    f.approved_report(plan, clerk, actuals={kpi: 8})
    figures = progress(plan)
    assert figures.rag == Rag.GREEN
    assert str(figures.rag_rule).startswith("Green")
