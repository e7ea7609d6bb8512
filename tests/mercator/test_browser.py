"""In headless Chromium: one plan from the written request to monitoring. The Secretariat opens it and assigns
its MPA; the MPA validates it, records the diagnostic and a recommendation and moves it to monitoring; the
member's contact point writes the first period report; the Secretariat approves it. On the way the MPA moves the
recommendation's status on its own page."""

import pytest
from playwright.sync_api import expect

from mercator.models import Plan
from tests import factories
from tests.mercator import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_plan_from_request_to_monitoring_in_the_browser(live_server, login, page):
    factories.SecretariatFactory(username="secretariat")
    factories.MemberUserFactory(username="member-th", administration=factories.member("TH"))
    mpa = f.make_mpa(user=factories.ExpertUserFactory(username="mpa"))

    login("secretariat")
    page.goto(f"{live_server.url}/mercator/plans/new/")
    page.select_option("#id_administration", label="Thailand")
    page.fill("#id_title", "Thailand Mercator plan")
    page.fill("#id_request_reference", "TH/CUS/2026/14")
    page.fill("#id_request_date", "2026-02-10")
    page.fill("#id_contact_name", "Khun Somchai")
    page.click("#plan-submit")
    expect(page.locator("#plan-phase")).to_have_text("Request received")
    page.select_option("#id_expert", value=str(mpa.pk))
    page.click("#action-assign-mpa")
    expect(page.locator("#mpas")).to_contain_text(str(mpa.person.last_name))
    page.click("#user-menu")
    page.click("#logout-button")

    plan = Plan.objects.get()
    login("mpa")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.click("#action-advance")
    expect(page.locator("#plan-phase")).to_have_text("Implementation validation")
    page.click("#action-advance")
    expect(page.locator("#plan-phase")).to_have_text("Diagnostic")
    page.click("#add-content")
    page.click("#add-diagnostic")
    page.fill("#id_title", "Mercator diagnostic")
    page.fill("#id_start_date", "2026-03-02")
    page.fill("#id_end_date", "2026-03-06")
    page.click("#content-submit")
    page.click("#action-advance")
    expect(page.locator("#plan-phase")).to_have_text("Planning and delivery")
    page.goto(f"{live_server.url}/mercator/plans/{plan.pk}/add/recommendation/")
    page.fill("#id_title", "Set up a risk management unit")
    page.select_option("#id_measures", label="7.4 Risk management")
    page.select_option("#id_area", "technical")
    page.click("#content-submit")
    expect(page.locator("#board")).to_contain_text("Set up a risk management unit")
    expect(page.locator("#chain")).to_contain_text("7.4")
    page.click("#board a:has-text('Set up a risk management unit')")  # the recommendation's own page
    page.select_option("#id_move-to", "in_progress")
    page.fill("#id_move-comment", "Unit head appointed")
    page.click("#move-submit")
    expect(page.locator("#recommendation-status")).to_have_text("In progress")
    expect(page.locator("#recommendation-history")).to_contain_text("Unit head appointed")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.click("#action-advance")
    expect(page.locator("#plan-phase")).to_have_text("Monitoring and evaluation")
    expect(page.locator("#action-advance")).to_have_count(0)  # closing is the Secretariat's
    page.click("#user-menu")
    page.click("#logout-button")

    login("member-th")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.click("#new-report")
    page.fill("#id_period_start", "2026-07-01")
    page.fill("#id_period_end", "2026-09-30")
    page.click("#report-submit")
    page.fill("#id_narrative", "The risk management unit was set up.")
    page.click("#report-submit")
    expect(page.locator("#report-status")).to_have_text("Submitted")
    page.click("#user-menu")
    page.click("#logout-button")

    login("secretariat")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.click("#reports a")
    page.click("#report-approve")
    expect(page.locator("#report-status")).to_have_text("Approved")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    expect(page.locator("#timeline")).to_contain_text("Period report approved")
