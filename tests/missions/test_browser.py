"""In headless Chromium: a member submits a request; the Secretariat records the ROCB's comment and plans it."""

import pytest
from playwright.sync_api import expect

from missions.models import MissionRequest
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_submits_and_the_secretariat_plans_in_the_browser(live_server, login, page):
    factories.MemberUserFactory(username="member-th")
    factories.SecretariatFactory(username="secretariat")

    login("member-th")
    page.goto(f"{live_server.url}/missions/new/")
    page.select_option("#id_kind", "diagnostic")
    page.fill("#id_title", "Browser diagnostic")
    page.fill("#id_objectives", "Diagnose in the browser.")
    page.fill("#id_preferred_start", "2027-03-01")
    page.fill("#id_preferred_end", "2027-03-05")
    page.fill("#id_duration_days", "5")
    page.select_option("#id_language", label="English")
    page.select_option("#id_funding", label="WCO regular budget")
    page.click("#request-submit")
    expect(page.locator("#mission-status")).to_have_text("Received")
    expect(page.locator("#actions form")).to_have_count(1)  # a member may only cancel
    page.click("#user-menu")
    page.click("#logout-button")

    mission = MissionRequest.objects.get()
    login("secretariat")
    page.goto(f"{live_server.url}{mission.get_absolute_url()}")
    expect(page.locator("#action-plan")).to_have_count(0)  # not before the ROCB's comment
    page.fill("#id_rocb_comment-comment", "The ROCB supports it")
    page.click("#action-rocb_comment button[type=submit]")
    expect(page.locator("#timeline")).to_contain_text("Recorded on behalf of the ROCB.")
    expect(page.locator("#timeline")).to_contain_text("The ROCB supports it")
    page.fill("#id_plan-plan_year", "2027")
    page.click("#action-plan button[type=submit]")
    expect(page.locator("#mission-status")).to_have_text("In the annual plan")
    expect(page.locator("#timeline")).to_contain_text("Accepted into the annual plan")
