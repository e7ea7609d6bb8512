"""Every role signs in through the real login page in headless Chromium and uses the shell."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE_USERS = {
    "secretariat": factories.SecretariatFactory,
    "rocb-ap": factories.RocbFactory,
    "member-th": factories.MemberUserFactory,
    "expert": factories.ExpertUserFactory,
    "api-reader": factories.ApiClientFactory,
}


@pytest.mark.parametrize("username", list(ROLE_USERS))
def test_every_role_signs_in_sees_its_home_and_signs_out(live_server, login, page, username):
    user = ROLE_USERS[username](username=username)
    login(username)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_contain_text("Welcome")
    expect(page.locator("main")).to_contain_text(str(user.get_role_display()))
    page.click("#user-menu")
    page.click("#logout-button")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_wrong_password_then_lockout_in_the_browser(live_server, login, page):
    factories.SecretariatFactory(username="secretariat")
    login("secretariat", "wrong-password")
    expect(page.locator(".alert-danger")).to_contain_text("correct username and password")
    for _ in range(4):
        login("secretariat", "wrong-password")
    login("secretariat")
    expect(page.locator("#locked-message")).to_contain_text("locked")


def test_language_switcher_translates_the_interface(live_server, login, page):
    factories.MemberUserFactory(username="member-th")
    login("member-th")
    page.select_option("#language-select", "fr")
    expect(page.locator("h2").first).to_have_text("En attente de votre action")
    page.select_option("#language-select", "es")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.select_option("#language-select", "en")
    expect(page.locator("h2").first).to_have_text("Waiting for you")


def test_secretariat_filters_members_live_with_htmx(live_server, login, page):
    factories.SecretariatFactory(username="secretariat")
    login("secretariat")
    page.goto(f"{live_server.url}/reference/members/")
    page.fill("#id_q", "Malaw")
    expect(page.locator("#member-table tbody tr")).to_have_count(1)
    expect(page.locator("#member-table")).to_contain_text("Malawi")
    expect(page).to_have_url(re.compile(r"q=Malaw"))
