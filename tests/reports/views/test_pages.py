"""The report pages: the dashboard's tiers by role, starting a run, its page and progress, its exports in a
language, the comparison of two snapshots."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from reports import services
from reports.models import ReportRun
from tests import factories as base
from tests.reports.factories import delivered

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = {"period_start": D(2017, 7, 1), "period_end": D(2018, 6, 30)}


def _done(by, **scope) -> ReportRun:
    run = services.run_start(by=by, queue=False, **scope, **YEAR)
    return services.run_execute(run.pk)


def test_dashboard_tiers_global_region_member(client_as, secretariat):
    delivered(D(2017, 9, 1), iso="TH")
    _done(secretariat)
    _done(secretariat, region=base.region("AP"))
    client = client_as(secretariat)
    top = client.get("/reports/")
    assert top.status_code == 200
    assert b'href="/reports/?region=AP"' in top.content  # one click down to the region
    assert b'data-figure="missions.missions">1<' in top.content
    assert b"<canvas" in top.content
    assert b'type="application/json"' in top.content  # the chart's figures, also in the table beside it
    region = client.get("/reports/?region=AP")
    assert b'href="/reports/?administration=TH"' in region.content
    assert b'data-tier="global"' in region.content
    member = client.get("/reports/?administration=TH")
    assert member.status_code == 200
    assert b'id="dashboard-empty"' in member.content  # nothing computed for Thailand alone yet
    assert b'data-tier="region"' in member.content
    assert client.get("/reports/?region=NOPE").status_code == 404


def test_member_and_rocb_see_their_own_tier_only(client_as, member_user, rocb_officer):
    member = client_as(member_user)
    assert member.get("/reports/").status_code == 200  # its own administration
    assert member.get("/reports/?region=AP").status_code == 403
    assert member.get("/reports/?administration=JP").status_code == 403
    rocb = client_as(rocb_officer)
    assert rocb.get("/reports/").status_code == 200
    assert rocb.get("/reports/?administration=JP").status_code == 200
    assert rocb.get("/reports/?region=ESA").status_code == 403
    assert rocb.get("/reports/?administration=KE").status_code == 403


def test_experts_have_no_report_pages(client_as, expert_user):
    assert client_as(expert_user).get("/reports/").status_code == 403


def test_start_a_run_from_the_page_and_watch_its_progress(client_as, secretariat):
    client = client_as(secretariat)
    form = client.get("/reports/runs/new/?region=AP")
    assert form.status_code == 200
    response = client.post(
        "/reports/runs/new/", {"period_start": "2017-07-01", "period_end": "2018-06-30", "region": "AP"}
    )
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/runs/{run.pk}/"
    progress = client.get(f"/reports/runs/{run.pk}/?partial=progress", headers={"HX-Request": "true"})
    assert b'hx-trigger="every 1s"' in progress.content
    assert b'aria-valuenow="0"' in progress.content
    services.run_execute(run.pk)
    done = client.get(f"/reports/runs/{run.pk}/?partial=progress", headers={"HX-Request": "true"})
    assert b"hx-trigger" not in done.content  # polling stops
    assert b'aria-valuenow="100"' in done.content
    page = client.get(f"/reports/runs/{run.pk}/")
    assert b'id="section-missions"' in page.content
    assert b'id="export-xlsx"' in page.content


def test_a_bad_period_is_shown_on_the_form(client_as, secretariat):
    response = client_as(secretariat).post(
        "/reports/runs/new/", {"period_start": "2018-07-01", "period_end": "2018-06-30"}
    )
    assert response.status_code == 200
    assert not ReportRun.objects.exists()


def test_starting_with_the_queue_down_says_so(client_as, secretariat, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    response = client_as(secretariat).post(
        "/reports/runs/new/", {"period_start": "2017-07-01", "period_end": "2018-06-30"}
    )
    assert response.status_code == 503
    assert b"job queue is unavailable" in response.content
    assert client_as(secretariat).get("/reports/runs/").status_code == 200


def test_exports_follow_the_language_asked_for(client_as, secretariat):
    delivered(D(2017, 9, 1))
    run = _done(secretariat)
    client = client_as(secretariat)
    english = load_workbook(io.BytesIO(client.get(f"/reports/runs/{run.pk}/export.xlsx?lang=en").content))
    french = load_workbook(io.BytesIO(client.get(f"/reports/runs/{run.pk}/export.xlsx?lang=fr").content))
    assert english.sheetnames[1] == "Missions"
    english_rows = list(english.worksheets[1].iter_rows(values_only=True))
    french_rows = list(french.worksheets[1].iter_rows(values_only=True))
    numbers = lambda rows: [[c for c in row if isinstance(c, int | float)] for row in rows]  # noqa: E731
    assert numbers(english_rows) == numbers(french_rows)  # the same figures
    assert english_rows[2][0] == "Missions delivered"
    assert french_rows[2][0] != english_rows[2][0]
    csv = client.get(f"/reports/runs/{run.pk}/export.csv?lang=es")
    assert csv["Content-Type"].startswith("text/csv")
    pdf = client.get(f"/reports/runs/{run.pk}/export.pdf?lang=fr")
    assert pdf.content.startswith(b"%PDF")


def test_a_run_not_finished_has_no_export(client_as, secretariat):
    run = services.run_start(by=secretariat, queue=False, **YEAR)
    assert client_as(secretariat).get(f"/reports/runs/{run.pk}/export.csv").status_code == 403


def test_compare_two_snapshots(client_as, secretariat):
    delivered(D(2017, 9, 1))
    first = _done(secretariat)
    delivered(D(2017, 10, 1))
    delivered(D(2017, 10, 2))
    second = services.run_execute(services.run_start(by=secretariat, queue=False, as_of=D(2018, 6, 29), **YEAR).pk)
    page = client_as(secretariat).get(f"/reports/compare/?a={second.pk}&b={first.pk}")
    assert page.status_code == 200
    rows = {row["label"]: row for section in page.context["comparison"] for row in section["headline"]}
    assert (rows["Missions delivered"]["a"], rows["Missions delivered"]["b"]) == (3, 1)
    assert rows["Missions delivered"]["difference"] == 2
    assert client_as(secretariat).get("/reports/compare/").status_code == 200


def test_the_run_list_filters_by_status(client_as, secretariat):
    _done(secretariat)
    services.run_start(by=secretariat, queue=False, region=base.region("AP"), **YEAR)
    listed = client_as(secretariat).get("/reports/runs/?status=queued")
    assert [run.scope_region.code for run in listed.context["object_list"]] == ["AP"]
