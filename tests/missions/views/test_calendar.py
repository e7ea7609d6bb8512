"""An expert's missions as an iCal feed: signed token, all-day events with exclusive DTEND."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from missions import selectors, services
from tests import factories as base
from tests.missions import flow
from tests.missions.factories import home_member, make_expert

pytestmark = pytest.mark.django_db


def key_of(expert) -> str:
    """A new subscription key of ``expert``, made by the expert."""
    return services.calendar_feed_rotate(expert=expert, by=expert.person.user)[1]


def events(content: bytes):
    return [component for component in Calendar.from_ical(content).walk("VEVENT")]


@pytest.fixture
def booked(secretariat, expert_user):
    expert = make_expert(user=expert_user)
    mission, [assignment] = flow.release_requested(secretariat, experts=[expert], title="PCA workshop")
    return expert, mission, assignment


def test_feed_has_one_all_day_event_per_booked_assignment(booked, client):
    expert, mission, assignment = booked
    flow.checking(base.SecretariatFactory(username="sec-b"), experts=[expert])  # shortlisted only: not in the feed
    response = client.get(reverse("missions:ical-feed", kwargs={"token": key_of(expert)}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    [event] = events(response.content)
    assert str(event["summary"]) == f"{mission.reference} PCA workshop"
    assert event["dtstart"].dt == datetime.date(2027, 3, 1)
    assert event["dtend"].dt == datetime.date(2027, 3, 6)  # exclusive: the last day is 5 March
    assert str(event["location"]) == "Thailand"
    assert "Team leader" in str(event["description"])
    assert str(event["status"]) == "TENTATIVE"  # release requested, not yet approved
    assert str(event["uid"]) == f"assignment-{assignment.pk}@wcocb"


def test_approved_is_confirmed_and_cancelled_disappears(booked, client, secretariat):
    expert, mission, assignment = booked
    services.release_approve(letter=assignment.release_letter, by=home_member(expert))
    url = reverse("missions:ical-feed", kwargs={"token": key_of(expert)})
    [event] = events(client.get(url).content)
    assert str(event["status"]) == "CONFIRMED"
    services.request_cancel(request=mission, reason="Postponed", by=secretariat)
    assert events(client.get(url).content) == []


def test_bad_or_foreign_tokens_are_refused(booked, client):
    expert, _mission, _assignment = booked
    token = key_of(expert)
    assert client.get(reverse("missions:ical-feed", kwargs={"token": token + "x"})).status_code == 404
    assert client.get(reverse("missions:ical-feed", kwargs={"token": str(expert.pk)})).status_code == 404
    assert selectors.expert_from_feed_token(token) == expert


def test_signed_in_expert_gets_their_own_feed_and_the_link(booked, client_as, expert_user, member_user):
    _expert, _mission, _assignment = booked
    response = client_as(expert_user).get(reverse("missions:ical-mine"))
    assert len(events(response.content)) == 1
    info = client_as(expert_user).post(reverse("missions:ical-info"), {"action": "rotate"})
    assert info.context["feed_url"].encode() in info.content
    assert (
        reverse("missions:ical-info").encode() in client_as(expert_user).get(reverse("missions:my-missions")).content
    )
    assert client_as(member_user).get(reverse("missions:ical-mine")).status_code == 404
