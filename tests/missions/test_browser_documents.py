"""In the browser: the report page offers its PDF, the cost estimate names what is missing; screenshots of
both at 1366 and 390 px in English, French and Spanish (``SCREENSHOTS=<folder>`` keeps them to look at)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from missions import services
from tests import factories as base
from tests.missions import flow
from tests.missions.factories import make_expert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = {
    "purpose": "Diagnose the risk management function.",
    "participants_profile": "12 officers, 4 managers.",
    "main_activities": "Interviews, site visits, workshop.",
    "initial_feedback_and_outcomes": "Strong interest; action plan drafted.",
    "future_needs": "Follow-up on targeting.",
}


def _shoot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_report_pdf_and_the_estimate_naming_missing_rates(page, login, live_server, tmp_path):
    secretariat = base.SecretariatFactory(username="sec-browser")
    leader = base.ExpertUserFactory(username="leader-browser")
    mission, _team = flow.ready_to_deploy(secretariat, experts=[make_expert(user=leader, administration="TH")])
    flow.deploy(request=mission, by=secretariat)
    flow.complete(request=mission, by=secretariat)
    services.report_save_and_submit(request=mission, by=leader, **SECTIONS)

    login("sec-browser")
    for language in ("en", "fr", "es"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}/missions/{mission.pk}/report/")
            expect(page.locator("#report-pdf")).to_be_visible()
            _shoot(page, f"report-{language}-{width}")
            page.goto(f"{live_server.url}/missions/{mission.pk}/")
            expect(page.locator("#cost-missing")).to_be_visible()  # no rates: the missing ones are named
            assert "0.00" not in page.locator("#cost-total").inner_text()
            expect(page.locator("#cost-estimate .table-responsive")).to_be_visible()
            _shoot(page, f"mission-{language}-{width}")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/missions/{mission.pk}/report/")
    with page.expect_download() as download:
        page.click("#report-pdf")
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
