"""Expert suggestions: every reason that lowers or raises a score."""

import datetime

import pytest

from experts import services as expert_services
from experts.choices import ExpertKind
from missions.suggestions import suggest_experts
from tests.missions import flow
from tests.missions.factories import START, ExpertFactory, area, make_expert

pytestmark = pytest.mark.django_db


def reasons_of(suggestions, expert):
    [suggestion] = [s for s in suggestions if s.expert == expert]
    return {reason.text: reason.points for reason in suggestion.reasons}


def test_unavailable_booked_short_of_commitment_and_external_experts_rank_lower(secretariat):
    mission = flow.searching(secretariat, title="Target")
    mission.areas.set([area("DF")])
    free = make_expert()
    away = make_expert()
    expert_services.unavailability_add(expert=away, start_date=START, end_date=START, by=secretariat, reason="Leave")
    busy = make_expert()
    flow.release_requested(secretariat, experts=[busy], title="Other")
    short = make_expert()
    expert_services.deployment_record(
        expert=short, start_date=datetime.date(2026, 2, 2), end_date=datetime.date(2026, 4, 24), by=None
    )
    external = ExpertFactory(kind=ExpertKind.EXTERNAL)
    local = make_expert(administration="TH")

    suggestions = suggest_experts(mission, limit=50)
    ranked = [s.expert for s in suggestions]
    assert ranked[0] == free
    assert reasons_of(suggestions, away)["Unavailable on these dates"] == -50
    assert reasons_of(suggestions, busy)["Already on a mission on these dates"] == -60
    assert any(text.startswith("Only 0 of 60 release days left") for text in reasons_of(suggestions, short))
    assert reasons_of(suggestions, external)["External Expert: needs a recorded justification"] == -20
    assert reasons_of(suggestions, local)["Works for the requesting administration"] == -40
    assert all(s.score == sum(r.points for r in s.reasons) for s in suggestions)


def test_past_missions_count(secretariat):
    veteran = make_expert()
    done, _ = flow.ready_to_deploy(secretariat, experts=[veteran], title="Done")
    from missions import services

    services.request_deploy(request=done, by=secretariat)
    services.request_complete(request=done, by=secretariat)
    later = START + datetime.timedelta(days=21)
    mission = flow.searching(secretariat, preferred_start=later, preferred_end=later + datetime.timedelta(days=4))
    assert reasons_of(suggest_experts(mission), veteran)["1 past mission completed"] == 3
