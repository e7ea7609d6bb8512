"""In headless Chromium: a member fills the Arusha self-assessment section by section (each answer saved as it
is chosen), submits it, compares it with last year's, and starts the action plan that responds to it."""

import datetime

import pytest
from playwright.sync_api import expect

from integrity.models import ActionPlan, Answer, Assessment
from tests.integrity import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_fills_submits_compares_and_plans_in_the_browser(live_server, login, page):
    officer = f.member_of("TH", username="member-th")
    f.submitted(officer, level=2, title="Last year", assessed_on=datetime.date(2025, 3, 1))

    login("member-th")
    page.goto(f"{live_server.url}/integrity/assessments/new/")
    page.select_option("#id_questionnaire", label="Revised Arusha Declaration self-assessment (v1)")
    page.fill("#id_title", "Browser assessment")
    page.fill("#id_assessed_on", "2026-03-01")
    page.click("#assessment-form button[type=submit]")
    assessment = Assessment.objects.get(title="Browser assessment")

    for _section in range(10):
        questions = page.locator("form.question")
        for index in range(questions.count()):
            question = questions.nth(index)
            question.locator("label", has_text="4 ·").click()
            expect(question.locator("[aria-live]")).to_contain_text("Saved")
        if page.locator("#next-section").count():
            page.click("#next-section")
    assert Answer.objects.filter(assessment=assessment).count() == 20
    page.click("#review-and-submit")
    page.click("#submit-assessment")
    expect(page.locator("#assessment-status")).to_have_text("Submitted")
    expect(page.locator("#assessment-score")).to_contain_text("4.00")
    expect(page.locator("#scores")).to_contain_text("Leadership and commitment")

    page.click("#compare-link")
    expect(page.locator("#changes")).to_contain_text("+2.00")
    expect(page.locator("#radar-compare polygon.radar-series")).to_have_count(2)

    page.goto(f"{live_server.url}{assessment.get_absolute_url()}")
    page.get_by_role("link", name="Start an action plan").click()
    page.fill("#id_title", "Browser action plan")
    page.click("#plan-form button[type=submit]")
    plan = ActionPlan.objects.get(title="Browser action plan")
    assert plan.assessment == assessment
    page.fill("#id_title", "Sign the code of conduct")
    page.select_option("#id_factor", label="Code of conduct")
    page.select_option("#id_owner", index=1)
    page.fill("#id_due_date", "2027-01-31")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#plan-board")).to_contain_text("Sign the code of conduct")
