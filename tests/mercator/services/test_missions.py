"""Missions raised from plan activities, and a completed mission bringing its dates and cost estimate back."""

import datetime
from decimal import Decimal

import pytest

from mercator import services
from mercator.choices import EventKind, Phase
from missions.choices import Origin
from missions.models import PerDiemRate
from missions.selectors import estimate_request
from tests import factories as base
from tests.mercator import factories as f
from tests.missions import flow
from wcocb.errors import DomainError, ForbiddenError
from wcocb.models import FundingSource, Language

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return base.SecretariatFactory()


@pytest.fixture
def plan(clerk):
    return f.advance_to(f.make_plan(clerk), Phase.PLANNING_DELIVERY, clerk)


def raise_for(activity, by):
    return services.activity_raise_mission(
        activity=activity, by=by, kind="training", title="Risk management workshop", objectives="Train 20 officers",
        preferred_start=datetime.date(2027, 3, 1), preferred_end=datetime.date(2027, 3, 12), duration_days=5,
        language=Language.objects.get(code="en"), funding=FundingSource.objects.get(code="WCO"),
    )  # fmt: skip


def test_the_member_raises_a_mission_request_from_an_activity_with_the_plan_as_origin(plan, clerk, member_user):
    activity = f.add_activity(plan, clerk)
    mission = raise_for(activity, member_user)
    assert (mission.origin, mission.origin_reference, mission.administration) == (
        Origin.MERCATOR_PLAN, plan.reference, plan.administration,
    )  # fmt: skip
    assert list(activity.missions.all()) == [mission]
    assert plan.timeline.filter(kind=EventKind.MISSION_RAISED).exists()


def test_another_member_cannot_raise_one(plan, clerk, other_member_user):
    activity = f.add_activity(plan, clerk)
    with pytest.raises(ForbiddenError):
        raise_for(activity, other_member_user)
    assert not activity.missions.exists()


def test_a_completed_mission_brings_its_dates_and_cost_estimate_back_to_the_activity(plan, clerk):
    activity = f.add_activity(plan, clerk, planned_cost="5000")
    PerDiemRate.objects.create(
        country=plan.administration, daily_amount=Decimal(200), valid_from=datetime.date(2020, 1, 1)
    )
    mission, _team = flow.ready_to_deploy(clerk, administration=plan.administration, origin=Origin.MERCATOR_PLAN,
                                          origin_reference=plan.reference)  # fmt: skip
    activity.missions.add(mission)
    flow.deploy(request=mission, by=clerk)  # on the mission's own days: the workflow checks the dates
    flow.complete(request=mission, by=clerk)
    activity.refresh_from_db()
    mission.refresh_from_db()
    expected = estimate_request(mission).totals["USD"]
    assert expected > 0
    assert (activity.actual_start, activity.actual_end) == (mission.start_date, mission.end_date)
    assert activity.actual_cost == expected
    assert plan.timeline.filter(kind=EventKind.MISSION_COMPLETED).count() == 1


def test_a_mission_serving_no_activity_changes_nothing(clerk):
    mission, _team = flow.ready_to_deploy(clerk)
    flow.deploy(request=mission, by=clerk)  # on the mission's own days: the workflow checks the dates
    flow.complete(request=mission, by=clerk)
    mission.refresh_from_db()
    assert mission.status == "completed"


def test_a_diagnostic_names_only_a_diagnostic_mission_raised_from_its_plan(plan, clerk):
    from missions.models import MissionRequest

    diagnostic = plan.diagnostics.get()
    unrelated = MissionRequest.objects.create(
        administration=plan.administration, kind="diagnostic", title="x", objectives="x",
        preferred_start=datetime.date(2027, 1, 4), preferred_end=datetime.date(2027, 1, 8), duration_days=5,
        language=Language.objects.get(code="en"), funding=FundingSource.objects.get(code="WCO"), created_by=clerk,
    )  # fmt: skip
    diagnostic.mission = unrelated
    with pytest.raises(DomainError, match="raised from this plan"):
        services.content_save(instance=diagnostic, by=clerk)
    unrelated.origin, unrelated.origin_reference = Origin.MERCATOR_PLAN, plan.reference
    unrelated.save()
    services.content_save(instance=diagnostic, by=clerk)
