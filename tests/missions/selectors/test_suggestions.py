"""Expert suggestions: every reason that lowers or raises a score."""

import datetime

import pytest

from experts import services as expert_services
from experts.choices import ExpertKind
from missions.selectors import suggest_experts
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
        expert=short, start_date=datetime.date(2026, 2, 2), end_date=datetime.date(2026, 4, 24), by=secretariat
    )
    external = ExpertFactory(kind=ExpertKind.EXTERNAL)
    local = make_expert(administration="TH")

    suggestions = suggest_experts(mission, by=secretariat, limit=50)
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

    flow.deploy(request=done, by=secretariat)
    flow.complete(request=done, by=secretariat)
    later = START + datetime.timedelta(days=21)
    mission = flow.searching(secretariat, preferred_start=later, preferred_end=later + datetime.timedelta(days=4))
    assert reasons_of(suggest_experts(mission, by=secretariat), veteran)["1 past mission completed"] == 3


def test_best_match_survives_the_pool_cut_with_more_candidates_than_the_pool(secretariat):
    """More than POOL_LIMIT candidates whose names sort first: the fully accredited expert, last in
    alphabetical order, is still scored and ranked first."""
    from experts.models import Expert
    from missions.selectors.suggestions import POOL_LIMIT
    from tests import factories as base
    from wcocb.models import Person

    mission = flow.searching(secretariat, title="Target")
    mission.areas.set([area("DF")])
    japan = base.member("JP")
    people = Person.objects.bulk_create(
        Person(first_name="Aaron", last_name=f"A{index:04d}", gender="M", nationality="JP", administration=japan)
        for index in range(POOL_LIMIT + 20)
    )
    Expert.objects.bulk_create(
        Expert(person=person, kind=ExpertKind.RECOGNIZED, search_name=f"{person.first_name} {person.last_name}")
        for person in people
    )
    best = make_expert(full=("DF",), administration="MY")
    best.person.first_name, best.person.last_name = "Zoe", "Zzyzx"
    best.person.save()
    best.save()
    assert Expert.objects.count() > POOL_LIMIT
    suggestions = suggest_experts(mission, by=secretariat, limit=5)
    assert suggestions[0].expert == best
    assert reasons_of(suggestions, best)["Fully accredited in DF"] == 30


def test_pool_order_follows_the_area_match_then_the_release_days_left(secretariat, monkeypatch):
    from missions.selectors import suggestions as module

    monkeypatch.setattr(module, "POOL_LIMIT", 2)
    mission = flow.searching(secretariat, title="Target")
    mission.areas.set([area("DF")])
    first_step = make_expert(full=(), first_step=("DF",))
    for _ in range(3):
        ExpertFactory(kind=ExpertKind.RECOGNIZED)
    full = make_expert(full=("DF",))
    pool = list(module._pool(mission, {area("DF").pk}, {area("DF").category}))
    assert pool == [full, first_step]
