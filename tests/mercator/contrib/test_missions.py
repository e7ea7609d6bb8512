"""The mission page shows the Mercator plan a mission serves (``missions.hooks.detail_sections``): the plan, the
activities with the recommendations they serve, the diagnostic it delivered, with links; only to viewers who may
see the plan, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mercator import services
from mercator.choices import Phase
from mercator.contrib.missions import served_plan
from mercator.models import Diagnostic
from missions.choices import MissionKind, Origin
from missions.hooks import detail_sections
from tests import factories as base
from tests.mercator import factories as f
from tests.missions import flow
from tests.missions.factories import MissionRequestFactory, make_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return base.SecretariatFactory()


@pytest.fixture
def plan(clerk):
    return f.advance_to(f.make_plan(clerk, title="Thailand Mercator plan"), Phase.PLANNING_DELIVERY, clerk)


def _mission_of(plan, **fields):
    return MissionRequestFactory(
        administration=plan.administration, origin=Origin.MERCATOR_PLAN, origin_reference=plan.reference, **fields
    )


@pytest.fixture
def served(plan, clerk):
    """A diagnostic mission raised from the plan, serving one activity (of a recommendation) and delivering the
    plan's diagnostic."""
    recommendation = f.add_recommendation(plan, clerk, title="Automate risk selectivity")
    activity = f.add_activity(plan, clerk, title="Selectivity rules workshop", recommendation=recommendation)
    mission = _mission_of(plan, kind=MissionKind.DIAGNOSTIC, title="Selectivity diagnostic mission")
    activity.missions.add(mission)
    diagnostic = plan.diagnostics.get()
    diagnostic.mission = mission
    services.content_save(instance=diagnostic, by=clerk)
    return mission, activity, recommendation, diagnostic


def test_the_mission_page_shows_the_plan_the_activity_its_recommendation_and_the_diagnostic(
    client_as, clerk, plan, served
):
    mission, activity, recommendation, diagnostic = served
    html = client_as(clerk).get(mission.get_absolute_url()).content.decode()
    assert 'id="mercator-plan"' in html
    for linked in (plan, activity, recommendation, diagnostic):
        assert f'href="{linked.get_absolute_url()}"' in html, linked
    assert "Selectivity rules workshop" in html
    assert "Automate risk selectivity" in html


def test_the_plan_member_and_the_mpa_see_it(client_as, clerk, plan, served, member_user):
    mission = served[0]
    mpa_user = base.ExpertUserFactory(username="mpa")
    services.plan_assign_mpa(plan=plan, expert=f.make_mpa(user=mpa_user), by=clerk)
    assert served_plan(mission, member_user) is not None
    assert served_plan(mission, mpa_user) is not None


def test_another_administrations_member_sees_nothing(clerk, plan, served, other_member_user):
    assert served_plan(served[0], other_member_user) is None


def test_an_expert_on_the_mission_who_is_not_the_plans_mpa_sees_the_mission_without_the_plan(client_as, clerk, plan):
    """The team's expert sees the mission (selected on it) but not the plan: the page shows no Mercator section."""
    expert_user = base.ExpertUserFactory(username="team-expert")
    mission, _assignments = flow.release_requested(
        clerk, experts=[make_expert(user=expert_user)], administration=plan.administration,
        origin=Origin.MERCATOR_PLAN, origin_reference=plan.reference,
    )  # fmt: skip
    f.add_activity(plan, clerk, title="Hidden activity").missions.add(mission)
    page = client_as(expert_user).get(mission.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="mercator-plan"' not in html
    assert "Hidden activity" not in html
    assert plan.title not in html


def test_another_regions_rocb_sees_nothing_and_a_mission_serving_no_plan_has_no_section(clerk, plan, served):
    assert served_plan(served[0], base.RocbFactory(username="rocb-af", region=base.region("ESA"))) is None
    assert served_plan(MissionRequestFactory(administration=plan.administration), clerk) is None


def _page_queries(client, mission) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(mission.get_absolute_url()).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("activities", [1, 5])
def test_the_section_costs_two_queries_whatever_the_number_of_activities(client_as, clerk, plan, activities):
    mission = _mission_of(plan, kind=MissionKind.TRAINING)
    for number in range(activities):
        f.add_activity(plan, clerk, title=f"Activity {number}").missions.add(mission)
    services.content_save(instance=Diagnostic(plan=plan, title="Second diagnostic", start_date=plan.request_date,
                                              end_date=plan.request_date), by=clerk)  # fmt: skip
    client = client_as(clerk)
    client.get(mission.get_absolute_url())  # warm the caches
    with detail_sections.replaced([]):
        without = _page_queries(client, mission)
    with detail_sections.replaced([served_plan]):
        with_section = _page_queries(client, mission)
    assert with_section - without == 2
