"""The historic missions import: columns checked row by row, a dry run writes nothing, the import writes the
missions as delivered (with their experts), importing the same file again changes nothing."""

from __future__ import annotations

import datetime

import pytest

from missions.choices import Status
from missions.models import MissionRequest
from reports.importing.history import SPEC
from reports.sections.base import ReportContext
from reports.sections.missions import missions_section
from reports.services.history import historic_mission_save
from tests.missions.factories import ExpertFactory
from wcocb.errors import ForbiddenError
from wcocb.importing import import_table

pytestmark = pytest.mark.django_db


def _rows(*records: dict) -> list[tuple[int, dict[str, str]]]:
    base = {"administration": "TH", "kind": "diagnostic", "funding": "WCO", "start_date": "2015-09-01",
            "end_date": "2015-09-05"}  # fmt: skip
    return [(number, {**base, **record}) for number, record in enumerate(records, start=2)]


def test_a_file_of_past_missions_is_imported_once(secretariat):
    expert = ExpertFactory(external_id="ACE-OLD-1")
    rows = _rows(
        {"reference": "CB-1516-001", "experts": "ACE-OLD-1"},
        {"reference": "CB-1516-002", "kind": "training", "delivery_mode": "remote", "status": "completed"},
    )
    dry = import_table(SPEC, rows, filename="past.csv", dry_run=True, by=secretariat)
    assert dry.ok
    assert not MissionRequest.objects.exists()
    report = import_table(SPEC, rows, filename="past.csv", dry_run=False, by=secretariat)
    assert report.ok
    assert report.summary["mission"]["created"] == 2
    first = MissionRequest.objects.get(origin_reference="historic:CB-1516-001")
    assert (first.status, first.start_date, first.duration_days) == (Status.CLOSED, datetime.date(2015, 9, 1), 5)
    assert list(first.assignments.values_list("expert", "selected")) == [(expert.pk, True)]
    again = import_table(SPEC, rows, filename="past.csv", dry_run=False, by=secretariat)
    assert again.summary["mission"] == {"created": 0, "updated": 0, "unchanged": 2}
    # the period of the past missions is reported like any other
    context = ReportContext(
        period_start=datetime.date(2015, 7, 1), period_end=datetime.date(2016, 6, 30), as_of=datetime.date(2016, 6, 30)
    )
    headline = {entry["key"]: entry for entry in missions_section(context)["headline"]}
    assert headline["missions"]["value"] == 2
    assert headline["experts"]["value"] == 1
    assert headline["expert_days"]["value"] == 5


def test_bad_rows_are_refused_with_their_column_and_nothing_is_written(secretariat):
    rows = _rows(
        {"reference": "A", "administration": "ZZ"},
        {"reference": "B", "kind": "picnic"},
        {"reference": "C", "start_date": "01/09/2015"},
        {"reference": "D", "start_date": "2015-09-10", "end_date": "2015-09-01"},
        {"reference": "E", "status": "deployed"},
        {"reference": "F", "experts": "ACE-NOBODY"},
        {"reference": "G", "funding": "NOBODY"},
        {"reference": "", "delivery_mode": "by post"},
    )
    report = import_table(SPEC, rows, filename="bad.csv", dry_run=False, by=secretariat)
    assert not report.ok
    columns = {(error.row, error.column) for error in report.errors}
    assert {(2, "administration"), (3, "kind"), (4, "start_date"), (6, "status"), (7, "experts"), (8, "funding"),
            (9, "reference"), (9, "delivery_mode")} <= columns  # fmt: skip
    assert any(error.row == 5 for error in report.errors)  # the end before the start
    assert not MissionRequest.objects.exists()


def test_only_the_secretariat_imports_history(member_user):
    report = import_table(SPEC, _rows({"reference": "X"}), filename="x.csv", dry_run=False, by=member_user)
    assert not report.ok
    assert "Only the Secretariat" in str(report.errors[0].message)
    assert not MissionRequest.objects.exists()
    with pytest.raises(ForbiddenError):
        historic_mission_save(by=member_user, reference="X")


def test_the_import_page_starts_a_dry_run_job(client_as, secretariat, member_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client_as(secretariat).get("/reports/history/import/")
    assert page.status_code == 200
    assert b"start_date" in page.content
    upload = SimpleUploadedFile(
        "past.csv",
        b"reference,administration,kind,funding,start_date,end_date\nR1,TH,diagnostic,WCO,2015-09-01,2015-09-03\n",
    )
    response = client_as(secretariat).post("/reports/history/import/", {"file": upload})
    assert response.status_code == 302
    wrong = client_as(secretariat).post("/reports/history/import/", {"file": SimpleUploadedFile("past.txt", b"x")})
    assert wrong.status_code == 200
    assert client_as(member_user).get("/reports/history/import/").status_code == 403
