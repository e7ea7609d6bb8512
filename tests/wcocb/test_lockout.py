"""Lockout locks the (username, address) pair, a throttle per address stops one address guessing, and the
client's address is read behind the configured number of proxies."""

import pytest
from django.test import Client
from django.test.client import RequestFactory
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


def sign_in(username, password, address, **headers):
    return Client(REMOTE_ADDR=address, **headers).post(reverse("login"), {"username": username, "password": password})


def fail(times, username, address, **headers):
    for _ in range(times):  # the failure that reaches the limit is answered with the lockout already
        assert sign_in(username, "wrong", address, **headers).status_code in (200, 429)


def test_a_locked_pair_is_refused_even_with_the_right_password(secretariat, settings):
    fail(settings.AXES_FAILURE_LIMIT, "secretariat", ATTACKER)

    response = sign_in("secretariat", PASSWORD, ATTACKER)

    assert response.status_code == 429
    assert "Account locked" in response.content.decode()


def test_the_owner_still_signs_in_from_another_address_while_the_attackers_address_is_locked(secretariat, settings):
    fail(settings.AXES_FAILURE_LIMIT, "secretariat", ATTACKER)
    assert sign_in("secretariat", PASSWORD, ATTACKER).status_code == 429

    assert sign_in("secretariat", PASSWORD, OWNER).status_code == 302


def test_a_locked_pair_does_not_lock_other_users_behind_the_same_address(secretariat, member_user, settings):
    fail(settings.AXES_FAILURE_LIMIT, "secretariat", ATTACKER)

    assert sign_in("member-th", PASSWORD, ATTACKER).status_code == 302


def test_an_address_guessing_across_usernames_is_throttled_and_only_that_address(secretariat, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for username in ["alice", "bob", "carol", "dave", "erin", "frank"]:
        fail(1, username, ATTACKER)

    refused = sign_in("secretariat", PASSWORD, ATTACKER)

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= settings.LOGIN_ADDRESS_WINDOW_MINUTES * 60
    assert sign_in("secretariat", PASSWORD, OWNER).status_code == 302


def test_the_throttle_ends_with_its_window(secretariat, settings):
    from axes.models import AccessFailureLog
    from django.utils import timezone

    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    fail(3, "nobody", ATTACKER)
    assert sign_in("secretariat", PASSWORD, ATTACKER).status_code == 429

    AccessFailureLog.objects.update(
        attempt_time=timezone.now() - timezone.timedelta(minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES + 1)
    )

    assert sign_in("secretariat", PASSWORD, ATTACKER).status_code == 302


def test_behind_a_proxy_each_client_has_its_own_address(secretariat, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    proxy = "10.0.0.2"
    fail(settings.AXES_FAILURE_LIMIT, "secretariat", proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert sign_in("secretariat", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429

    assert sign_in("secretariat", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=OWNER).status_code == 302


def test_the_client_address_ignores_what_the_client_wrote_itself(settings):
    from wcocb.auth import client_ip

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {OWNER}")
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    settings.AXES_IPWARE_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"  # no trusted proxy: the forwarded header is not believed
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert client_ip(request) == OWNER  # what the one proxy saw; the spoofed 1.2.3.4 is ignored
    settings.AXES_IPWARE_PROXY_COUNT = 2
    assert client_ip(request) == "1.2.3.4"


def test_the_proxy_settings_come_from_the_environment():
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_IPWARE_PROXY_COUNT, ','.join(s.AXES_IPWARE_META_PRECEDENCE_ORDER))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wcocb.settings.base",
        "AXES_IPWARE_PROXY_COUNT": "2",
        "AXES_IPWARE_META_PRECEDENCE_ORDER": "HTTP_X_FORWARDED_FOR,REMOTE_ADDR",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == ["2", "HTTP_X_FORWARDED_FOR,REMOTE_ADDR"], result.stderr
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "AXES_IPWARE_PROXY_COUNT" in readme
    assert "AXES_IPWARE_META_PRECEDENCE_ORDER" in readme
