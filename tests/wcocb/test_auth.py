"""Sign-in, lockout after repeated failures, sign-out, password change and reset, sessions, tokens."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_with_right_password_lands_on_home(client, secretariat):
    response = _login(client, "secretariat", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_shows_a_clear_error_and_keeps_the_user_out(client, secretariat):
    response = _login(client, "secretariat", "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_account_locks_after_repeated_failures_even_with_the_right_password(client, secretariat):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "secretariat", "wrong")
    response = _login(client, "secretariat", PASSWORD)
    assert response.status_code == 429
    assert "Account locked" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_failures_below_the_limit_do_not_lock(client, secretariat):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "secretariat", "wrong")
    assert _login(client, "secretariat", PASSWORD).status_code == 302


def test_lockout_also_refuses_api_token_requests(api, secretariat):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post("/api/v1/auth/token/", {"username": "secretariat", "password": "wrong"})
    response = api.post("/api/v1/auth/token/", {"username": "secretariat", "password": PASSWORD})
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"
    assert "token" not in response.json()


def test_logout_ends_the_session(client_as, secretariat):
    client = client_as(secretariat)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change_requires_the_old_password(client_as, secretariat):
    client = client_as(secretariat)
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "a-much-longer-pass-42", "new_password2": "a-much-longer-pass-42"},
    )
    assert response.status_code == 200
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "a-much-longer-pass-42", "new_password2": "a-much-longer-pass-42"},
    )
    assert response.status_code == 302
    secretariat.refresh_from_db()
    assert secretariat.check_password("a-much-longer-pass-42")


def test_password_reset_sends_a_working_link(client, secretariat):
    client.post(reverse("password_reset"), {"email": secretariat.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand-new-secret-77", "new_password2": "brand-new-secret-77"},
    )
    assert response.status_code == 302
    secretariat.refresh_from_db()
    assert secretariat.check_password("brand-new-secret-77")


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert response.status_code == 200
    assert mail.outbox == []


def test_sessions_expire_after_idle_time():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_an_idle_session_expires_and_activity_keeps_it_alive(client, secretariat):
    import datetime

    from django.contrib.sessions.models import Session

    _login(client, "secretariat", PASSWORD)
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    Session.objects.filter(session_key=key).update(expire_date=first - datetime.timedelta(hours=1))
    assert client.get(reverse("home")).status_code == 200  # still within the day: the request renews it
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > first - datetime.timedelta(hours=1)
    Session.objects.filter(session_key=key).update(
        expire_date=datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(seconds=1)
    )  # eight idle hours later
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_session_cookie_expiry_is_set_on_login(client, secretariat):
    _login(client, "secretariat", PASSWORD)
    assert 0 < client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE


def test_token_authentication(api, secretariat):
    token = api.post("/api/v1/auth/token/", {"username": "secretariat", "password": PASSWORD}).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/regions/").status_code == 200
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get("/api/v1/regions/").status_code == 401


def test_account_page_issues_a_new_token(client_as, secretariat):
    client = client_as(secretariat)
    first = client.post(reverse("account"), {"name": "first"}).context["new_key"]
    second = client.post(reverse("account"), {"name": "second"}).context["new_key"]
    assert first != second
    assert sorted(secretariat.api_tokens.values_list("name", flat=True)) == ["first", "second"]
