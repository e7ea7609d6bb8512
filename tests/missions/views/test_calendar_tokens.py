"""The calendar subscription address: random, stored as a digest, shown once, revocable and replaceable by the
expert alone; the old signed expert id no longer opens a feed."""

import pytest
from django.core import signing
from django.urls import reverse

from missions import selectors, services
from missions.models import CalendarFeedToken
from tests import factories as base
from tests.missions import flow
from tests.missions.factories import make_expert
from wcocb.errors import ForbiddenError

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert(secretariat, expert_user):
    expert = make_expert(user=expert_user)
    flow.release_requested(secretariat, experts=[expert], title="PCA workshop")
    return expert


def feed(client, key):
    return client.get(reverse("missions:ical-feed", kwargs={"token": key}))


def test_the_address_is_random_and_only_its_digest_is_stored(client, expert, expert_user):
    token, key = services.calendar_feed_rotate(expert=expert, by=expert_user)
    assert len(key) >= 40
    assert str(expert.pk) not in key.split("-")[0] or key != str(expert.pk)
    assert token.digest == selectors.feed_token_digest(key) != key
    assert not CalendarFeedToken.objects.filter(digest=key).exists()
    assert feed(client, key).status_code == 200
    assert b"PCA workshop" in feed(client, key).content


def test_the_old_signed_expert_id_opens_nothing(client, expert, expert_user, settings):
    services.calendar_feed_rotate(expert=expert, by=expert_user)
    forged = signing.Signer(salt="missions.ical.feed").sign(str(expert.pk))
    assert feed(client, forged).status_code == 404
    assert feed(client, "x" * 300).status_code == 404


def test_replacing_the_address_stops_the_old_one(client, expert, expert_user):
    _first, old = services.calendar_feed_rotate(expert=expert, by=expert_user)
    _second, new = services.calendar_feed_rotate(expert=expert, by=expert_user)
    assert feed(client, old).status_code == 404
    assert feed(client, new).status_code == 200
    assert CalendarFeedToken.objects.filter(expert=expert, revoked_at__isnull=True).count() == 1


def test_revoking_stops_the_address(client, expert, expert_user):
    _token, key = services.calendar_feed_rotate(expert=expert, by=expert_user)
    assert services.calendar_feed_revoke(expert=expert, by=expert_user) == 1
    assert feed(client, key).status_code == 404
    assert selectors.live_feed_token(expert) is None


@pytest.mark.parametrize("who", ["secretariat", "other_expert"])
def test_only_the_expert_manages_their_address(expert, secretariat, who):
    by = secretariat if who == "secretariat" else base.ExpertUserFactory(username="someone-else")
    with pytest.raises(ForbiddenError):
        services.calendar_feed_rotate(expert=expert, by=by)
    with pytest.raises(ForbiddenError):
        services.calendar_feed_revoke(expert=expert, by=by)
    assert not CalendarFeedToken.objects.exists()


def test_the_calendar_page_shows_a_new_address_once_then_only_that_one_exists(client_as, expert, expert_user):
    client = client_as(expert_user)
    assert 'id="ical-none"' in client.get(reverse("missions:ical-info")).content.decode()
    made = client.post(reverse("missions:ical-info"), {"action": "rotate"})
    key = made.context["feed_url"].rsplit("/", 1)[1].removesuffix(".ics")
    assert selectors.expert_from_feed_token(key) == expert
    again = client.get(reverse("missions:ical-info")).content.decode()
    assert key not in again
    assert 'id="ical-live"' in again
    client.post(reverse("missions:ical-info"), {"action": "revoke"})
    assert selectors.expert_from_feed_token(key) is None
    assert 'id="ical-none"' in client.get(reverse("missions:ical-info")).content.decode()


def test_the_history_never_shows_the_digest(client_as, expert, expert_user, secretariat):
    token, _key = services.calendar_feed_rotate(expert=expert, by=expert_user)
    page = client_as(secretariat).get(reverse("history", args=["missions.calendarfeedtoken", token.pk]))
    assert page.status_code == 200
    assert token.digest not in page.content.decode()
