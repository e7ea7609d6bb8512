"""Every role's navigation in English, French and Spanish at 1366 px and 390 px: the page is no wider than the
window, and the user menu with "Sign out" opens on screen. Also the missions list's search at any step and the
experts' typo search, as a user does them."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE_USERS = {
    "secretariat": lambda: factories.SecretariatFactory(
        username="secretariat", first_name="Maximiliana", last_name="Secretariat-Longname"
    ),
    "rocb-ap": lambda: factories.RocbFactory(username="rocb-ap"),
    "member-th": lambda: factories.MemberUserFactory(username="member-th"),
    "expert": lambda: factories.ExpertUserFactory(username="expert"),
    "api-reader": lambda: factories.ApiClientFactory(username="api-reader"),
}
WIDTHS = (1366, 390)
LANGUAGES = ("en", "fr", "es")


def _open_user_menu(page) -> None:
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        expect(page.locator("#mainnav")).to_have_class(re.compile(r"\bshow\b"))
    page.click("#user-menu")
    expect(page.locator("#logout-button")).to_be_visible()


@pytest.mark.parametrize("username", list(ROLE_USERS))
def test_navigation_fits_the_window_in_every_language(live_server, login, page, username):
    ROLE_USERS[username]()
    login(username)
    for language in LANGUAGES:
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}/")
            expect(page.locator("html")).to_have_attribute("lang", language)
            page_width = page.evaluate("document.documentElement.scrollWidth")
            assert page_width == width, (username, language, width, page_width)
            _open_user_menu(page)
            box = page.locator("#logout-button").bounding_box()
            assert box is not None
            assert box["x"] >= 0, (username, language, width, box)
            assert box["x"] + box["width"] <= width, (username, language, width, box)
            assert page.evaluate("document.documentElement.scrollWidth") == width


def test_a_word_of_a_title_finds_a_request_at_step_four(live_server, login, page, secretariat):
    from tests.missions import flow
    from tests.missions.factories import make_expert

    flow.release_requested(secretariat, experts=[make_expert(administration="JP")], title="Ruthenium valuation")
    factories.SecretariatFactory(username="secretariat-b")
    login("secretariat-b")
    page.goto(f"{live_server.url}/missions/")
    expect(page.locator("#id_step")).to_have_value("")
    expect(page.locator("#id_release_declined")).to_have_value("")
    page.fill("#id_q", "Ruthenium")
    page.click("#mission-filters button[type=submit]")
    expect(page.locator("#request-table")).to_contain_text("Ruthenium valuation")


def test_a_misspelled_name_finds_the_person_first(live_server, login, page):
    from experts import services
    from tests.experts import factories as ef

    for first, last in (("Zainab", "Mwangi"), ("Zainab", "Otieno"), ("Amina", "Mwangi")):
        expert = ef.ExpertFactory(person=factories.PersonFactory(first_name=first, last_name=last))
        services.expert_refresh_search([expert.pk])
    factories.SecretariatFactory(username="secretariat")
    login("secretariat")
    page.goto(f"{live_server.url}/experts/?q=Zaynab+Mwangy")
    first_result = page.locator("#results tbody tr td a").first
    expect(first_result).to_have_text(re.compile("Zainab Mwangi"))
