"""The manual shortlist's search-as-you-type picker: administration, areas and availability of each match, a
warning when the areas do not cover the request's or when the expert works for the beneficiary."""

import pytest
from django.urls import reverse

from experts.models import Unavailability
from missions.models import Assignment
from tests.missions import flow
from tests.missions.factories import area, make_expert

pytestmark = pytest.mark.django_db


def named(first, last, **kwargs):
    expert = make_expert(**kwargs)
    person = expert.person
    person.first_name, person.last_name = first, last
    person.save()
    from experts import services

    services.expert_refresh_search([expert.pk])
    return expert


@pytest.fixture
def mission(secretariat):
    mission = flow.searching(secretariat, title="Diagnostic")
    mission.areas.set([area("DF")])
    return mission


def picker(client, mission, q):
    return client.get(reverse("missions:shortlist-picker", args=[mission.pk]), {"q": q, "field": "shortlist-expert"})


def test_the_shortlist_form_is_a_picker_not_a_list_of_every_expert(client_as, secretariat, mission):
    for index in range(3):
        named("Someone", f"Number{index}", administration="JP")
    html = client_as(secretariat).get(mission.get_absolute_url()).content.decode()
    form = html.split('id="action-shortlist"', 1)[1].split("</form>", 1)[0]
    assert '<select name="shortlist-expert"' not in form
    assert reverse("missions:shortlist-picker", args=[mission.pk]) in form
    assert "Number0" not in form


def test_matches_show_administration_areas_availability_and_warnings(client_as, secretariat, mission):
    fit = named("Ana", "Okonkwo", administration="JP", full=("DF",))
    thai = named("Anan", "Okonkwa", administration="TH", full=("CMA",))  # the beneficiary is Thailand
    Unavailability.objects.create(
        expert=thai, start_date=mission.start_date, end_date=mission.end_date, reason="Leave"
    )
    response = picker(client_as(secretariat), mission, "Okonkwo")
    rows = {row.expert.pk: row for row in response.context["rows"]}
    assert set(rows) == {fit.pk, thai.pk}  # a one-letter typo finds the other too
    assert rows[fit.pk].warnings == []
    assert rows[fit.pk].available
    assert rows[fit.pk].areas == ["DF"]
    assert not rows[thai.pk].available
    warnings = " ".join(rows[thai.pk].warnings)
    assert "Does not cover the requested areas: DF" in warnings
    assert "Works for the beneficiary administration" in warnings
    html = response.content.decode()
    assert f'type="radio" name="shortlist-expert" value="{fit.pk}"' in html
    assert "Japan" in html
    assert "Unavailable on these dates" in html


def test_experts_already_on_the_mission_are_not_offered(client_as, secretariat):
    on = named("Bea", "Vasquez", administration="JP")
    mission, _assignments = flow.checking(secretariat, experts=[on])
    assert picker(client_as(secretariat), mission, "Vasquez").context["rows"] == []


def test_picking_a_match_shortlists_the_expert(client_as, secretariat, mission):
    fit = named("Carla", "Mendes", administration="JP")
    client = client_as(secretariat)
    client.post(
        reverse("missions:request-action", args=[mission.pk, "shortlist"]),
        {"shortlist-expert": fit.pk, "shortlist-role": "lead", "q": "Mendes"},
    )
    assert Assignment.objects.filter(request=mission, expert=fit).exists()


@pytest.mark.parametrize(("fixture", "status"), [("member_user", 403), ("other_member_user", 404)])
def test_only_those_who_search_experts_use_the_picker(request, client_as, mission, fixture, status):
    named("Dana", "Kowalski", administration="JP")
    response = picker(client_as(request.getfixturevalue(fixture)), mission, "Kowalski")
    assert response.status_code == status
    assert "Dana Kowalski" not in response.content.decode()


def test_two_letters_at_least(client_as, secretariat, mission):
    response = picker(client_as(secretariat), mission, "K")
    assert response.context["rows"] == []
    assert "Type two letters or more." in response.content.decode()
