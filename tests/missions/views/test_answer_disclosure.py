"""The requesting administration cannot infer how another administration answered a release letter: the
answer's timeline entry is neutral and anonymous, and the assignment's ``selected``/``is_booked`` flags (which
a decline clears) are hidden once the letter is out, alike in the page, the API and the history."""

import pytest
from django.urls import reverse

from missions import services
from missions.models import MissionEvent
from tests.missions import flow
from tests.missions.factories import home_member, make_expert
from wcocb import audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(secretariat, member_user):
    """A Thai request (member_user is Thailand): a Korean expert declined by Korea, a Japanese one approved."""
    kr_expert, jp_expert = make_expert(administration="KR"), make_expert(administration="JP")
    mission, (kr, jp) = flow.release_requested(secretariat, experts=[kr_expert, jp_expert], title="Valuation")
    korea = home_member(kr_expert)
    korea.first_name, korea.last_name = "Kyung", "Declinerson"
    korea.save()
    with audit.actor(korea.pk):
        services.release_decline(letter=kr.release_letter, by=korea, reason="Needed at home")
    services.release_approve(letter=jp.release_letter, by=home_member(jp_expert))
    return {"mission": mission, "kr": kr, "jp": jp, "korea": korea}


def test_the_requesting_administrations_page_shows_a_neutral_anonymous_entry(client_as, member_user, answered):
    page = client_as(member_user).get(answered["mission"].get_absolute_url()).content.decode()
    timeline = page.split('id="timeline"', 1)[1].split("</ol>", 1)[0]
    assert "Release declined" not in timeline
    assert "Release approved" not in timeline
    assert "Declinerson" not in page
    assert timeline.count("Release answer recorded") == 2


def test_the_home_administration_and_the_secretariat_still_read_the_answer(client_as, secretariat, answered):
    page = client_as(secretariat).get(answered["mission"].get_absolute_url()).content.decode()
    assert "Release declined" in page
    assert "Declinerson" in page
    korea_page = client_as(answered["korea"]).get(reverse("missions:letter-list")).content.decode()
    assert "Declined" in korea_page


def test_the_api_hides_the_answer_entry_and_the_selected_flags(api_as, member_user, secretariat, answered):
    api = api_as(member_user)
    detail = api.get(f"/api/v1/mission-requests/{answered['mission'].pk}/").json()
    answers = [event for event in detail["timeline"] if event["action"] == "release_answered"]
    assert len(answers) == 2
    assert all(event["actor"] is None and event["actor_name"] is None for event in answers)
    assert not {"release_declined", "release_approved"} & {event["action"] for event in detail["timeline"]}
    rows = api.get("/api/v1/assignments/", {"request": answered["mission"].pk}).json()["results"]
    assert {(row["selected"], row["is_booked"], row["release_answer"]) for row in rows} == {(None, None, None)}
    assert api.get("/api/v1/assignments/", {"selected": "false"}).json()["results"] == []
    assert api.get("/api/v1/assignments/", {"selected": "true"}).json()["results"] == []
    # The Secretariat reads them.
    everything = api_as(secretariat).get("/api/v1/assignments/", {"selected": "false"}).json()["results"]
    assert [row["id"] for row in everything] == [answered["kr"].pk]
    events = api_as(secretariat).get(f"/api/v1/mission-requests/{answered['mission'].pk}/").json()["timeline"]
    assert "release_declined" in {event["action"] for event in events}


def test_the_history_hides_the_flags_and_who_changed_them(client_as, member_user, secretariat, answered):
    url = reverse("history", args=["missions.assignment", answered["kr"].pk])
    page = client_as(member_user).get(url)
    assert page.status_code == 200
    assert "Declinerson" not in page.content.decode()
    changes = [event.pgh_diff for event in page.context["events"] if event.pgh_diff and "selected" in event.pgh_diff]
    assert changes
    assert all(str(change["selected"][1]) == "(not shown to you)" for change in changes)
    letter = client_as(member_user).get(
        reverse("history", args=["missions.releaseletter", answered["kr"].release_letter.pk])
    )
    assert "Declinerson" not in letter.content.decode()
    event = MissionEvent.objects.get(action="release_declined")
    entry = client_as(member_user).get(reverse("history", args=["missions.missionevent", event.pk]))
    if entry.status_code == 200:
        assert "release_declined" not in entry.content.decode()
        assert "Declinerson" not in entry.content.decode()
    assert "Declinerson" in client_as(secretariat).get(url).content.decode()
