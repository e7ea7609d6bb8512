"""In headless Chromium, on a real worker: the Secretariat starts a report run from its form, watches the progress
bar reach 100 %, sees the charts drawn beside their tables, and opens the dashboard. Screenshots of the main pages
at 1366 and 390 px in English, French and Spanish go to ``.local/screenshots/reports/``."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import BASE_DIR
from tests.reports.factories import delivered

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
SHOTS = BASE_DIR / ".local" / "screenshots" / "reports"


def test_secretariat_runs_a_report_and_reads_it_in_the_browser(celery_worker, live_server, login, page):
    factories.SecretariatFactory(username="secretariat")
    for day in (datetime.date(2017, 8, 1), datetime.date(2017, 11, 3), datetime.date(2016, 9, 9)):
        delivered(day, iso="TH")
    delivered(datetime.date(2018, 2, 1), iso="KE")

    login("secretariat")
    page.goto(f"{live_server.url}/reports/runs/new/")
    page.fill("#id_title", "Browser report 2017/18")
    page.fill("#id_period_start", "2017-07-01")
    page.fill("#id_period_end", "2018-06-30")
    page.click("#run-submit")
    expect(page.locator("#run-status")).to_have_text("Succeeded", timeout=60_000)
    expect(page.locator(".progress-bar")).to_have_text("100 %")
    page.click("#run-show")
    expect(page.locator('[data-figure="missions.missions"]')).to_have_text("3")
    expect(page.locator("#section-missions canvas").first).to_have_attribute("data-drawn", "1")
    expect(page.locator("#section-missions .report-table").first).to_contain_text("Diagnostic")
    run_url = page.url

    page.goto(f"{live_server.url}/reports/")
    expect(page.locator("#dashboard-children")).to_contain_text("Asia/Pacific")
    expect(page.locator('[data-figure="missions.missions"]')).to_have_text("3")

    SHOTS.mkdir(parents=True, exist_ok=True)
    for language in ("en", "fr", "es"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for name, url in (("run", run_url), ("dashboard", f"{live_server.url}/reports/")):
                page.goto(url)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(SHOTS / f"{name}-{language}-{width}.png"), full_page=False)
    expect(page.locator("h1")).to_contain_text("Panel")  # the Spanish dashboard
