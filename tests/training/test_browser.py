"""The participant path in headless Chromium: a member administration nominates an officer, the Secretariat
selects, enrols, marks completed and certifies with honours, and anyone verifies the certificate without
signing in."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.training.factories import SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page: Page) -> None:
    page.click("#user-menu")
    page.click("#logout-button")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_nominate_enrol_certify_and_verify_anonymously(live_server, login, page):
    factories.SecretariatFactory(username="secretariat")
    factories.MemberUserFactory(username="member-th")
    session = SessionFactory(title="VCOA 7th session", capacity=10)

    login("member-th")
    page.goto(f"{live_server.url}/training/sessions/")
    page.get_by_role("link", name="VCOA 7th session").click()
    page.click("#nominate")
    page.fill("#id_first_name", "Kanya")
    page.fill("#id_last_name", "Srisuk")
    page.select_option("#id_gender", "F")
    page.fill("#id_post", "Customs inspector")
    page.get_by_role("button", name="Nominate", exact=True).click()
    expect(page.locator("#participants")).to_contain_text("Kanya Srisuk")
    expect(page.locator("#participants")).to_contain_text("Nominated")
    sign_out(page)

    login("secretariat")
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    row = page.locator("#participants tbody tr", has_text="Kanya Srisuk")
    for move, status in (("select", "Selected"), ("enrol", "Enrolled"), ("complete", "Completed")):
        row.locator(f"button[data-move={move}]").click()
        expect(row).to_contain_text(status)
    expect(page.locator("#capacity")).to_contain_text("1 of 10")
    row.locator("input[name=honours]").check()
    row.locator("button[data-move=certify]").click()
    expect(row).to_contain_text("Certified")
    expect(row).to_contain_text("honours")
    row.get_by_role("link", name="Kanya Srisuk").click()
    code = page.locator("#certificate-code").inner_text()
    with page.expect_response(re.compile(r"/pdf/$")) as pdf:
        page.evaluate("url => fetch(url)", page.get_by_role("link", name="Certificate (PDF)").get_attribute("href"))
    assert pdf.value.headers["content-type"] == "application/pdf"
    sign_out(page)

    page.goto(f"{live_server.url}/training/verify/")
    page.fill("#code", code)
    page.get_by_role("button", name="Verify").click()
    expect(page.locator("#verification")).to_have_attribute("data-status", "valid")
    expect(page.locator("#holder")).to_have_text("Kanya Srisuk")
    expect(page.locator("#honours")).to_have_text("With honours")
    page.goto(f"{live_server.url}/training/verify/not-a-code/")
    expect(page.locator("#verification")).to_have_attribute("data-status", "unknown")
