"""API tokens expire, go with a password change and a deactivation, are refused while their user is
locked out at the caller's address, are kept as digests, and their user lists and revokes them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests import factories
from tests.factories import PASSWORD
from wcocb.models import ApiToken

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


def issue(username="secretariat", password=PASSWORD, **extra):
    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": password, **extra})
    assert response.status_code == 200, response.content
    return response.json()


def with_token(key, address=OWNER):
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_from_the_endpoint_works_and_says_when_it_expires(secretariat, settings):
    body = issue(name="reporting script")

    assert with_token(body["token"]).get("/api/v1/regions/").status_code == 200
    expires = datetime.datetime.fromisoformat(body["expires"])
    expected = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS)
    assert abs((expires - expected).total_seconds()) < 60
    assert body["name"] == "reporting script"


def test_the_lifetime_is_configurable(secretariat, settings):
    settings.API_TOKEN_TTL_DAYS = 2
    expires = datetime.datetime.fromisoformat(issue()["expires"])
    assert expires - timezone.now() < datetime.timedelta(days=2, minutes=1)


def test_an_expired_token_is_refused(secretariat):
    key = issue()["token"]
    ApiToken.objects.update(expires=timezone.now() - datetime.timedelta(seconds=1))

    response = with_token(key).get("/api/v1/regions/")

    assert response.status_code == 401
    assert "expired" in response.json()["error"]["message"]


def test_only_a_digest_of_the_key_is_stored(secretariat):
    key = issue()["token"]
    token = ApiToken.objects.get()
    assert key not in {token.digest, token.prefix, token.name}
    assert key.startswith(token.prefix)


def test_a_password_change_revokes_every_token(client_as, secretariat):
    key = issue()["token"]
    client = client_as(secretariat)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "a-much-longer-pass-42", "new_password2": "a-much-longer-pass-42"},
    )
    assert response.status_code == 302

    assert with_token(key).get("/api/v1/regions/").status_code == 401
    assert not ApiToken.objects.filter(user=secretariat).exists()


def test_a_deactivation_revokes_every_token(secretariat):
    key = issue()["token"]
    secretariat.is_active = False
    secretariat.save()

    assert with_token(key).get("/api/v1/regions/").status_code == 401
    assert not ApiToken.objects.filter(user=secretariat).exists()


def test_a_token_is_refused_from_an_address_where_its_user_is_locked_out(secretariat, settings):
    key = issue()["token"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        APIClient(REMOTE_ADDR=ATTACKER).post("/api/v1/auth/token/", {"username": "secretariat", "password": "x"})

    locked = with_token(key, address=ATTACKER).get("/api/v1/regions/")

    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "locked_out"
    assert with_token(key, address=OWNER).get("/api/v1/regions/").status_code == 200


def test_a_token_is_refused_from_a_throttled_address(secretariat, settings):
    key = issue()["token"]
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for username in ["a", "b", "c"]:
        APIClient(REMOTE_ADDR=ATTACKER).post("/api/v1/auth/token/", {"username": username, "password": "x"})

    assert with_token(key, address=ATTACKER).get("/api/v1/regions/").status_code == 429
    assert with_token(key, address=OWNER).get("/api/v1/regions/").status_code == 200


def test_a_user_lists_and_revokes_their_own_tokens_through_the_api(secretariat, member_user):
    mine = issue(name="mine")["token"]
    issue(name="second")
    theirs = issue("member-th", name="theirs")["token"]
    client = with_token(mine)

    listed = client.get("/api/v1/auth/tokens/").json()["results"]

    assert sorted(token["name"] for token in listed) == ["mine", "second"]
    assert all("digest" not in token and "key" not in token for token in listed)
    other = ApiToken.objects.get(name="theirs")
    assert client.delete(f"/api/v1/auth/tokens/{other.pk}/").status_code == 404
    assert with_token(theirs).get("/api/v1/regions/").status_code == 200
    second = ApiToken.objects.get(name="second")
    assert client.delete(f"/api/v1/auth/tokens/{second.pk}/").status_code == 204
    assert not ApiToken.objects.filter(pk=second.pk).exists()


def test_the_read_only_api_client_may_revoke_its_own_token(api_client_user):
    key = issue("api-reader")["token"]
    client = with_token(key)
    token = ApiToken.objects.get(user=api_client_user)

    assert client.delete(f"/api/v1/auth/tokens/{token.pk}/").status_code == 204
    assert client.get("/api/v1/regions/").status_code == 401


def test_the_account_page_lists_issues_shows_once_and_revokes(client_as, secretariat, member_user):
    issue(name="old script")
    issue("member-th", name="not mine")
    client = client_as(secretariat)

    page = client.get(reverse("account")).content.decode()
    assert "old script" in page
    assert "not mine" not in page

    issued = client.post(reverse("account"), {"name": "new script", "issue": ""})
    key = issued.context["new_key"]
    assert key in issued.content.decode()
    assert key not in client.get(reverse("account")).content.decode()  # shown once
    assert with_token(key).get("/api/v1/regions/").status_code == 200

    token = ApiToken.objects.get(name="new script")
    assert client.post(reverse("account"), {"revoke": token.pk}).status_code == 302
    assert with_token(key).get("/api/v1/regions/").status_code == 401
    other = ApiToken.objects.get(name="not mine")
    assert client.post(reverse("account"), {"revoke": other.pk}).status_code == 404
    assert ApiToken.objects.filter(pk=other.pk).exists()


def test_nobody_issues_or_revokes_tokens_for_someone_else(secretariat, member_user, other_member_user):
    from wcocb import services
    from wcocb.errors import ForbiddenError

    with pytest.raises(ForbiddenError):
        services.api_token_issue(user=member_user, by=other_member_user)
    token, _key = services.api_token_issue(user=member_user, by=member_user)
    with pytest.raises(ForbiddenError):
        services.api_token_revoke(token=token, by=other_member_user)
    services.api_token_revoke(token=token, by=secretariat)
    assert not ApiToken.objects.exists()


def test_a_legacy_token_is_held_to_the_same_rules(secretariat, settings):
    from rest_framework.authtoken.models import Token

    legacy = Token.objects.create(user=secretariat)
    assert with_token(legacy.key).get("/api/v1/regions/").status_code == 200
    Token.objects.filter(pk=legacy.pk).update(
        created=timezone.now() - datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS, seconds=1)
    )
    assert with_token(legacy.key).get("/api/v1/regions/").status_code == 401

    fresh = Token.objects.create(user=factories.MemberUserFactory())
    fresh.user.set_password("another-long-password-1")
    fresh.user.save()
    assert not Token.objects.filter(pk=fresh.pk).exists()
