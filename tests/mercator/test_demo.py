"""The Mercator demo: the 17 plans endorsed in 2016/17, with MPAs, content, reports and commitments; idempotent."""

import datetime

import pytest
from django.utils import timezone

from experts import demo as experts_demo
from mercator import demo, selectors, services
from mercator.choices import PHASE_ORDER, EventKind, Phase
from mercator.models import PeriodReport, Plan, PlanTimelineEvent, TfaCommitment
from missions.models import MissionRequest
from wcocb import demo as wcocb_demo

pytestmark = pytest.mark.django_db

COUNTRIES = {"AF", "BD", "BI", "CU", "DO", "ET", "GN", "LS", "MW", "NA", "RW", "SL", "ZA", "SD", "SZ", "UG", "ZW"}


def test_the_demo_has_the_17_plans_of_2016_17_and_seeding_twice_changes_nothing():
    wcocb_demo.seed()
    experts_demo.seed()
    assert demo.seed() == 18
    endorsed = Plan.objects.filter(endorsed_on__year__in=[2016, 2017])
    assert set(endorsed.values_list("administration__iso_code", flat=True)) == COUNTRIES
    assert endorsed.count() == 17
    for plan in Plan.objects.prefetch_related("mpas"):
        assert plan.mpas.exists()
        assert all(services.holds_current_mpa_accreditation(expert) for expert in plan.mpas.all())
    phases = set(Plan.objects.values_list("phase", flat=True))
    assert {Phase.MONITORING, Phase.PLANNING_DELIVERY, Phase.CLOSED, Phase.ON_HOLD} <= phases
    assert PeriodReport.objects.filter(status="approved").exists()
    assert PeriodReport.objects.filter(status="submitted").exists()
    assert TfaCommitment.objects.filter(administration__iso_code="TH").exists()
    counts = (Plan.objects.count(), PeriodReport.objects.count(), TfaCommitment.objects.count())
    assert demo.seed() == 0
    assert (Plan.objects.count(), PeriodReport.objects.count(), TfaCommitment.objects.count()) == counts
    afghanistan = selectors.plan_detail(user=Plan.objects.first().created_by).get(administration__iso_code="AF")
    figures = selectors.plan_progress(afghanistan)
    assert figures.rag in {"red", "amber", "green"}
    _the_timelines_read_as_a_history()
    _the_thai_plan_has_a_mission_raised_from_an_activity()


def _the_timelines_read_as_a_history():
    """Each plan's timeline is dated by its story, not by the seed: opened after the written request, the phases
    in their order, the recommendations moved once their activity started, the reports decided after their
    quarter, all in the past."""
    seeded = timezone.now() - datetime.timedelta(hours=1)
    for plan in Plan.objects.prefetch_related("timeline__report", "timeline__recommendation__activities"):
        events = [event for event in plan.timeline.all() if event.kind != EventKind.MISSION_RAISED]  # today's
        assert events, plan
        assert all(event.at < seeded for event in events), plan
        opened = next(event for event in events if event.kind == EventKind.OPENED)
        assert opened.at.date() > plan.request_date
        assert plan.endorsed_on is None or opened.at.date() < plan.endorsed_on
        phases = [event.to_state for event in sorted(events, key=lambda e: e.at) if event.kind == EventKind.PHASE]
        assert phases == sorted(phases, key=PHASE_ORDER.index), plan
        for event in events:
            if event.report is not None:
                assert event.at.date() > event.report.period_end, event
            if event.recommendation is not None:
                started = min(a.actual_start for a in event.recommendation.activities.all() if a.actual_start)
                assert event.at.date() >= started, event
    years = {event.at.year for event in PlanTimelineEvent.objects.filter(plan__endorsed_on__year__lte=2017)}
    assert years <= set(range(2016, 2021)), years


def _the_thai_plan_has_a_mission_raised_from_an_activity():
    plan = Plan.objects.get(request_reference="MERCATOR/TH/2025")
    mission = MissionRequest.objects.get(origin_reference=plan.reference)
    assert plan.timeline.get(kind=EventKind.MISSION_RAISED).at > timezone.now() - datetime.timedelta(hours=1)
    activities, _diagnostics = selectors.served_by_mission(mission, user=plan.created_by)
    assert [activity.plan for activity in activities] == [plan]
