"""``/api/v1/reports/runs/``: start, poll, fetch the figures and the files; bad input is a 400, the queue down a
503 within two seconds."""

from __future__ import annotations

import csv
import io
import time

import pytest
from openpyxl import load_workbook

from reports import services
from reports.models import ReportRun
from tests.missions.factories import MissionRequestFactory  # noqa: F401 - the missions tables are used
from tests.reports.factories import delivered

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/runs/"
YEAR = {"period_start": "2017-07-01", "period_end": "2018-06-30"}


def _finished(api, body):
    services.run_execute(body["id"])
    return api.get(f"{URL}{body['id']}/").json()


def test_start_poll_and_fetch(api_as, secretariat):
    import datetime

    delivered(datetime.date(2017, 9, 1), iso="TH")
    delivered(datetime.date(2016, 9, 1), iso="TH")
    api = api_as(secretariat)
    started = api.post(URL, {**YEAR, "region": "AP", "title": "=A/P 2017/18"}, format="json")
    assert started.status_code == 201, started.content
    body = started.json()
    assert (body["status"], body["progress"], body["region"], body["files"]) == ("queued", 0, "AP", {})
    assert api.get(f"{URL}{body['id']}/figures/").status_code == 409  # not finished yet
    polled = _finished(api, body)
    assert polled["status"] == "succeeded"
    assert polled["progress"] == 100
    figures = api.get(polled["files"]["figures"]).json()["snapshot"]
    missions = next(section for section in figures["sections"] if section["key"] == "missions")
    headline = {entry["key"]: entry for entry in missions["headline"]}
    assert (headline["missions"]["value"], headline["missions"]["previous"]) == (1, 1)

    workbook = load_workbook(io.BytesIO(api.get(polled["files"]["xlsx"]).content))
    assert workbook.sheetnames[:2] == ["Report", "Missions"]
    sheet = workbook["Missions"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Missions delivered"] == 1  # a number, not text
    title_cell = workbook["Report"]["B1"]
    assert title_cell.value == "=A/P 2017/18"
    assert title_cell.data_type == "s"  # text, never a formula

    rows = list(csv.reader(io.StringIO(api.get(polled["files"]["csv"]).content.decode("utf-8-sig"))))
    assert rows[0] == ["Report", "'=A/P 2017/18"]  # formula-safe
    assert ["Missions delivered", "1", "1", "0.0"] in rows

    pdf = api.get(polled["files"]["pdf"])
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"period_start": "2018-07-01", "period_end": "2018-06-30"}, "period_end"),
        ({**YEAR, "region": "XX"}, "region"),
        ({**YEAR, "administration": "TH", "region": "AP"}, None),
        ({"period_start": "1900-01-01", "period_end": "2018-06-30"}, "period_start"),
        ({"period_end": "2018-06-30"}, "period_start"),
    ],
)
def test_bad_input_is_a_400_with_field_errors(api_as, secretariat, payload, field):
    response = api_as(secretariat).post(URL, payload, format="json")
    assert response.status_code == 400, response.content
    if field:
        assert field in response.json()["error"]["fields"]
    assert not ReportRun.objects.exists()


def test_member_starts_only_its_own_report(api_as, member_user):
    api = api_as(member_user)
    assert api.post(URL, {**YEAR, "administration": "JP"}, format="json").status_code == 403
    assert api.post(URL, {**YEAR}, format="json").status_code == 403
    assert api.post(URL, {**YEAR, "administration": "TH"}, format="json").status_code == 201


def test_api_client_reads_but_never_starts(api_as, api_client_user):
    assert api_as(api_client_user).post(URL, YEAR, format="json").status_code == 403
    assert api_as(api_client_user).get(URL).status_code == 200


def test_starting_with_the_queue_down_is_a_503_within_two_seconds(api_as, secretariat, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    began = time.monotonic()
    response = api_as(secretariat).post(URL, YEAR, format="json")
    assert time.monotonic() - began < 2
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"
    assert api_as(secretariat).get(URL).status_code == 200  # reads keep serving
