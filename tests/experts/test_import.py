"""Bulk import of experts and accreditations: every error path with its row number and column,
all-or-nothing, dry run, idempotent re-import, CSV and XLSX, the page and the API (both run import jobs,
whose task the tests call in-process), permissions (checked in the services)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook
from pghistory.models import Events

from experts.choices import ExpertKind, Stage
from experts.importing import COLUMN_NAMES, import_experts
from experts.models import Accreditation, AccreditationEvent, AccreditationWorkshop, Expert
from tests.experts import factories as ef
from wcocb.errors import ForbiddenError
from wcocb.importing.choices import JobStatus
from wcocb.importing.models import ImportJob
from wcocb.importing.services import job_start
from wcocb.tasks import run_import

pytestmark = pytest.mark.django_db

BASE = {
    "first_name": "Ana",
    "last_name": "Pérez",
    "gender": "F",
    "nationality": "TH",
    "administration": "TH",
    "current_post": "Director",
    "email": "ana@example.org",
    "phone": "+66 1",
    "kind": "accredited",
    "serving": "yes",
    "languages": "en:fluent; fr:working",
    "biography": "HS classification trainer.",
}


def row(external_id="X-1", **values):
    return {"external_id": external_id, **BASE, **values}


def full(area="DF", evaluator="FOUNDER", **values):
    defaults = {
        "area": area,
        "stage": "fully_accredited",
        "pre_assessed_on": "2010-01-04",
        "workshop_passed_on": "2010-03-05",
        "evaluator": evaluator,
        "evaluated_on": "2010-06-01",
        "accredited_on": "2010-06-02",
    }
    return row(**{**defaults, **values})


def founder_row():
    return row(
        "FOUNDER",
        first_name="Frida",
        last_name="Founder",
        email="frida@example.org",
        area="DF",
        stage="fully_accredited",
        pre_assessed_on="2008-01-07",
        workshop_passed_on="2008-03-07",
        evaluator="X-EC",
        evaluated_on="2008-05-05",
        accredited_on="2008-05-05",
    )


def consultant_row():
    return row("X-EC", first_name="Carl", last_name="Consultant", kind="consultant", email="carl@example.org")


def to_csv(rows, columns=None):
    columns = columns or COLUMN_NAMES
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for values in rows:
        writer.writerow({name: values.get(name, "") for name in columns})
    return buffer.getvalue().encode()


def to_xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMN_NAMES)
    for values in rows:
        cells = [values.get(name, "") for name in COLUMN_NAMES]
        cells = [
            datetime.date.fromisoformat(c) if name.endswith("_on") and c else c
            for name, c in zip(COLUMN_NAMES, cells, strict=True)
        ]
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(rows, *, secretariat, dry_run=False, filename="experts.csv"):
    content = to_xlsx(rows) if filename.endswith(".xlsx") else to_csv(rows)
    return import_experts(file=content, filename=filename, dry_run=dry_run, by=secretariat)


def errors_of(report):
    return {(error.row, error.column) for error in report.errors}


GOOD = [consultant_row(), founder_row(), full(), row("X-2", first_name="Bo", email="bo@example.org")]


def test_a_valid_file_creates_experts_accreditations_and_events(secretariat):
    report = run(GOOD, secretariat=secretariat)

    assert report.ok, report.errors
    assert report.written
    assert report.summary == {
        "expert": {"created": 4, "updated": 0, "unchanged": 0},
        "accreditation": {"created": 2, "updated": 0, "unchanged": 0},
    }
    expert = Expert.objects.select_related("person__administration").get(external_id="X-1")
    assert expert.person.administration.iso_code == "TH"
    assert {(s.language.code, s.level) for s in expert.language_skills.all()} == {("en", "fluent"), ("fr", "working")}
    accreditation = expert.accreditations.get()
    assert accreditation.stage == Stage.FULLY_ACCREDITED
    assert accreditation.evaluator.external_id == "FOUNDER"
    assert accreditation.accredited_on == datetime.date(2010, 6, 2)
    assert accreditation.workshop.end_date == datetime.date(2010, 3, 5)
    assert list(accreditation.events.values_list("to_stage", flat=True)) == [
        Stage.PRE_ASSESSED,
        Stage.FIRST_STEP,
        Stage.FULLY_ACCREDITED,
    ]
    assert expert.commitment_window_start == datetime.date(2010, 6, 2)
    assert Expert.objects.filter(search_vector__isnull=False).count() == 4


def test_the_same_file_twice_changes_nothing_and_writes_no_rows(secretariat):
    assert run(GOOD, secretariat=secretariat).ok
    events = Events.objects.count()
    accreditation_events = AccreditationEvent.objects.count()
    workshops = AccreditationWorkshop.objects.count()

    report = run(GOOD, secretariat=secretariat)

    assert report.ok, report.errors
    assert report.summary == {
        "expert": {"created": 0, "updated": 0, "unchanged": 4},
        "accreditation": {"created": 0, "updated": 0, "unchanged": 2},
    }
    assert Events.objects.count() == events
    assert AccreditationEvent.objects.count() == accreditation_events
    assert AccreditationWorkshop.objects.count() == workshops


def test_xlsx_is_imported_like_csv_and_is_idempotent(secretariat):
    report = run(GOOD, secretariat=secretariat, filename="experts.xlsx")
    assert report.ok, report.errors
    assert Accreditation.objects.filter(stage=Stage.FULLY_ACCREDITED).count() == 2
    again = run(GOOD, secretariat=secretariat, filename="experts.csv")
    assert again.summary["expert"]["unchanged"] == 4
    assert again.summary["accreditation"]["unchanged"] == 2


def test_a_changed_row_is_updated_and_reported(secretariat):
    run(GOOD, secretariat=secretariat)
    changed = [consultant_row(), founder_row(), full(current_post="Deputy Director"), GOOD[3]]

    report = run(changed, secretariat=secretariat)

    assert report.summary["expert"] == {"created": 0, "updated": 1, "unchanged": 3}
    assert report.rows[2].changes == ["current_post"]
    assert Expert.objects.get(external_id="X-1").person.current_post == "Deputy Director"


def test_a_later_stage_moves_the_pipeline_forward(secretariat):
    first = row(area="CMA", stage="first_step", pre_assessed_on="2011-01-03", workshop_passed_on="2011-02-04")
    run([consultant_row(), founder_row(), first], secretariat=secretariat)
    cma_founder = row(
        "CMA-1", first_name="Cy", email="cy@example.org", area="CMA", stage="fully_accredited",
        pre_assessed_on="2009-01-05", workshop_passed_on="2009-02-06", evaluator="X-EC",
        evaluated_on="2009-05-04", accredited_on="2009-05-04",
    )  # fmt: skip
    done = {**first, "stage": "fully_accredited", "evaluator": "CMA-1", "evaluated_on": "2011-06-01",
            "accredited_on": "2011-06-01"}  # fmt: skip

    report = run([consultant_row(), founder_row(), cma_founder, done], secretariat=secretariat)

    assert report.ok, report.errors
    assert report.rows[3].accreditation == "updated"
    accreditation = Accreditation.objects.get(expert__external_id="X-1", area__code="CMA")
    assert accreditation.stage == Stage.FULLY_ACCREDITED


def test_dry_run_previews_and_writes_nothing(secretariat):
    events = Events.objects.count()

    report = run(GOOD, secretariat=secretariat, dry_run=True)

    assert report.ok
    assert not report.written
    assert report.summary["expert"]["created"] == 4
    assert [r.expert for r in report.rows] == ["created"] * 4
    assert not Expert.objects.exists()
    assert Events.objects.count() == events


def test_one_bad_row_writes_nothing_at_all(secretariat):
    rows = [*GOOD, row("X-3", first_name="Cid", email="cid@example.org", kind="recognized", serving="no")]

    report = run(rows, secretariat=secretariat)

    assert not report.ok
    assert not report.written
    assert errors_of(report) == {(6, "serving")}
    assert not Expert.objects.exists()
    assert not Accreditation.objects.exists()


@pytest.mark.parametrize(
    ("values", "column"),
    [
        ({"external_id": ""}, "external_id"),
        ({"first_name": ""}, "first_name"),
        ({"gender": "Q"}, "gender"),
        ({"nationality": "THA"}, "nationality"),
        ({"administration": "ZZ"}, "administration"),
        ({"email": "not-an-email"}, "email"),
        ({"kind": "wizard"}, "kind"),
        ({"serving": "maybe"}, "serving"),
        ({"languages": "xx:fluent"}, "languages"),
        ({"languages": "en:superb"}, "languages"),
        ({"languages": "en:fluent; en:basic"}, "languages"),
        ({"area": "ZZZ", "stage": "pre_assessed", "pre_assessed_on": "2020-01-01"}, "area"),
        ({"area": "CAND-NII", "stage": "pre_assessed", "pre_assessed_on": "2020-01-01"}, "area"),
        ({"area": "DF", "stage": "sideways", "pre_assessed_on": "2020-01-01"}, "stage"),
        ({"area": "DF", "stage": "pre_assessed"}, "pre_assessed_on"),
        ({"area": "DF", "stage": "pre_assessed", "pre_assessed_on": "31st of May"}, "pre_assessed_on"),
        ({"area": "DF", "stage": "first_step", "pre_assessed_on": "2020-01-01"}, "workshop_passed_on"),
        ({"area": "DF", "stage": "pre_assessed", "pre_assessed_on": "2020-01-01", "workshop": "999999"}, "workshop"),
        ({"stage": "first_step"}, "stage"),
        (
            {"area": "DF", "stage": "fully_accredited", "pre_assessed_on": "2020-01-01",
             "workshop_passed_on": "2020-02-01", "evaluated_on": "2020-03-01", "accredited_on": "2020-03-01"},
            "evaluator",
        ),
        (
            {"area": "DF", "stage": "withdrawn", "pre_assessed_on": "2020-01-01", "withdrawn_on": "2020-02-01"},
            "withdrawn_reason",
        ),
        ({"area": "DF", "stage": "lapsed", "pre_assessed_on": "2020-01-01"}, "withdrawn_on"),
        ({"area": "DF", "stage": "pre_assessed", "pre_assessed_on": "2020-01-01", "workshop_passed_on": "2020-02-01"},
         "stage"),
    ],
)  # fmt: skip
def test_each_bad_cell_is_reported_with_its_row_and_column(secretariat, values, column):
    report = run([row("OK-1", email="ok@example.org"), row(**values)], secretariat=secretariat)

    assert (3, column) in errors_of(report), report.errors
    assert all(error.row == 3 for error in report.errors)
    assert not Expert.objects.exists()


@pytest.mark.parametrize(
    ("values", "column"),
    [
        ({"kind": "recognized", "serving": "no"}, "serving"),
        ({"kind": "external", "external_justification": ""}, "external_justification"),
        (
            {"area": "DF", "stage": "first_step", "pre_assessed_on": "2020-05-01", "workshop_passed_on": "2020-04-01"},
            "workshop_passed_on",
        ),
        (
            {"area": "DF", "stage": "fully_accredited", "pre_assessed_on": "2020-01-01",
             "workshop_passed_on": "2020-02-01", "evaluator": "NOBODY", "evaluated_on": "2020-03-01",
             "accredited_on": "2020-03-01"},
            "evaluator",
        ),
    ],
)  # fmt: skip
def test_business_rules_of_the_services_are_reported_with_row_numbers(secretariat, values, column):
    report = run([row("OK-1", email="ok@example.org"), row(**values)], secretariat=secretariat)

    assert report.errors, "expected a refusal"
    assert {error.row for error in report.errors} == {3}
    assert column in {error.column for error in report.errors}, report.errors
    assert not Expert.objects.exists()


def test_an_evaluator_not_accredited_in_the_category_is_refused(secretariat):
    cma = row("CMA-1", first_name="Cy", email="cy@example.org", area="CMA", stage="fully_accredited",
              pre_assessed_on="2009-01-05", workshop_passed_on="2009-02-06", evaluator="X-EC",
              evaluated_on="2009-05-04", accredited_on="2009-05-04")  # fmt: skip
    rows = [consultant_row(), founder_row(), cma, full(area="CMA", evaluator="FOUNDER")]

    report = run(rows, secretariat=secretariat)

    assert [(e.row, e.column) for e in report.errors] == [(5, "stage")]
    assert "not fully accredited in CMA" in str(report.errors[0].message)


def test_rows_of_one_expert_must_agree_and_an_area_appears_once(secretariat):
    rows = [
        row(area="DF", stage="pre_assessed", pre_assessed_on="2020-01-01"),
        row(area="CMA", stage="pre_assessed", pre_assessed_on="2020-01-01", last_name="Other"),
        row(area="DF", stage="pre_assessed", pre_assessed_on="2020-01-01"),
    ]

    report = run(rows, secretariat=secretariat)

    assert errors_of(report) == {(3, "last_name"), (4, "area")}


def test_the_pipeline_cannot_run_backwards_or_rewrite_recorded_dates(secretariat):
    run(GOOD, secretariat=secretariat)
    backwards = {**full(), "stage": "first_step", "evaluator": "", "evaluated_on": "", "accredited_on": ""}
    redated = full(pre_assessed_on="2010-01-05")

    report = run([consultant_row(), founder_row(), backwards], secretariat=secretariat)
    assert errors_of(report) == {(4, "stage")}
    report = run([consultant_row(), founder_row(), redated], secretariat=secretariat)
    assert errors_of(report) == {(4, "pre_assessed_on")}


def test_withdrawal_goes_through_the_service(secretariat):
    run(GOOD, secretariat=secretariat)
    withdrawn = full(stage="withdrawn", withdrawn_on="2015-01-05", withdrawn_reason="Retired")

    report = run([consultant_row(), founder_row(), withdrawn], secretariat=secretariat)

    assert report.ok, report.errors
    accreditation = Accreditation.objects.get(expert__external_id="X-1")
    assert accreditation.stage == Stage.WITHDRAWN
    assert accreditation.events.last().to_stage == Stage.WITHDRAWN


def test_file_level_problems(secretariat):
    def check(content, filename):
        return [
            (e.row, e.column)
            for e in import_experts(file=content, filename=filename, dry_run=True, by=secretariat).errors
        ]

    assert check(b"a,b", "experts.txt") == [(0, "")]
    assert check(b"", "experts.csv") == [(0, "")]
    assert check(b"external_id,first_name\nx,y", "experts.csv") == [(1, "last_name"), (1, "kind")]
    assert check(to_csv([]), "experts.csv") == [(0, "")]
    assert check(b"external_id,first_name,last_name,kind,colour\n", "experts.csv") == [(1, "colour")]
    assert check(b"\xff\xfe\x00", "experts.csv") == [(0, "")]
    assert check(b"not a zip", "experts.xlsx") == [(0, "")]


def test_semicolon_csv_with_aliases_and_spaces_in_headers(secretariat):
    content = (
        "External ID;First name;Last name;Administration;Kind;Area code;Stage;Pre-assessed on\n"
        "S-1;Ana;Lee;TH;RE;DF;pre_assessed;2020-01-06\n"
    )

    report = import_experts(file=content.encode(), filename="x.csv", dry_run=False, by=secretariat)

    assert report.ok, report.errors
    expert = Expert.objects.get(external_id="S-1")
    assert expert.kind == ExpertKind.RECOGNIZED
    assert expert.accreditations.get().stage == Stage.PRE_ASSESSED


# --- page and API -----------------------------------------------------------------------------------
def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def run_queued_jobs():
    """The tests run the job task in-process (its queueing waits for a commit that a test never makes)."""
    for job in ImportJob.objects.filter(status=JobStatus.QUEUED).order_by("pk"):
        run_import(job.pk)


def test_page_checks_in_a_job_then_imports_the_same_file_in_another(client_as, secretariat):
    client = client_as(secretariat)
    url = reverse("experts:import")
    assert client.get(url).status_code == 200

    started = client.post(url, {"file": upload("experts.csv", to_csv(GOOD))})
    assert started.status_code == 302
    dry_run = ImportJob.objects.get()
    assert started["Location"] == f"{url}?job={dry_run.pk}"
    assert (dry_run.kind, dry_run.dry_run, dry_run.status) == ("experts", True, JobStatus.QUEUED)
    running = client.get(started["Location"])
    assert b'hx-trigger="every 1s"' in running.content
    assert b"<progress" in running.content

    run_queued_jobs()
    preview = client.get(started["Location"])
    assert preview.context["job"].summary["expert"]["created"] == 4
    assert b'name="confirm"' in preview.content
    assert b'hx-trigger="every 1s"' not in preview.content
    assert not Expert.objects.exists()

    done = client.post(reverse("imports:confirm", args=[dry_run.pk]))
    assert done.status_code == 302
    confirmation = ImportJob.objects.get(source=dry_run)
    assert done["Location"] == f"{url}?job={confirmation.pk}"
    assert not confirmation.dry_run
    run_queued_jobs()
    assert Expert.objects.count() == 4
    outcome = client.get(done["Location"])
    assert b'id="import-done"' in outcome.content
    assert outcome.context["job"].written


def test_page_shows_row_errors_and_offers_no_confirmation(client_as, secretariat):
    client = client_as(secretariat)
    started = client.post(reverse("experts:import"), {"file": upload("x.csv", to_csv([row(kind="wizard")]))})
    run_queued_jobs()
    response = client.get(started["Location"])
    assert response.status_code == 200
    job = response.context["job"]
    assert job.status == JobStatus.FAILED
    assert [(error["row"], error["column"]) for error in job.errors] == [(2, "kind")]
    assert b'id="import-errors"' in response.content
    assert b'name="confirm"' not in response.content
    assert client.post(reverse("imports:confirm", args=[job.pk])).status_code == 302
    assert not ImportJob.objects.filter(source=job).exists()
    assert not Expert.objects.exists()


def test_page_refuses_a_file_that_is_not_a_spreadsheet(client_as, secretariat):
    response = client_as(secretariat).post(
        reverse("experts:import"), {"file": upload("x.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00")}
    )
    assert response.status_code == 200
    assert "not a CSV text file" in str(response.context["form"].errors["file"])
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("fixture", ["rocb_officer", "member_user", "expert_user", "api_client_user"])
def test_only_the_secretariat_may_import(request, client_as, api_as, fixture):
    user = request.getfixturevalue(fixture)
    assert client_as(user).get(reverse("experts:import")).status_code == 403
    response = api_as(user).post(
        "/api/v1/expert-imports/", {"file": upload("x.csv", to_csv(GOOD))}, format="multipart"
    )
    assert response.status_code == 403
    response = api_as(user).post(
        "/api/v1/import-jobs/", {"kind": "experts", "file": upload("x.csv", to_csv(GOOD))}, format="multipart"
    )
    assert response.status_code == 403
    assert not ImportJob.objects.exists()
    assert not Expert.objects.exists()


def test_the_service_refuses_a_non_secretariat_caller(member_user):
    with pytest.raises(ForbiddenError):
        import_experts(file=to_csv(GOOD), filename="x.csv", dry_run=False, by=member_user)
    with pytest.raises(ForbiddenError):
        job_start(kind="experts", content=to_csv(GOOD), filename="x.csv", dry_run=True, by=member_user)
    assert not ImportJob.objects.exists()


def test_api_dry_run_then_import(api_as, secretariat):
    api = api_as(secretariat)
    response = api.post(
        "/api/v1/expert-imports/", {"file": upload("x.csv", to_csv(GOOD)), "dry_run": "true"}, format="multipart"
    )
    assert response.status_code == 202, response.json()
    body = response.json()
    assert (body["kind"], body["dry_run"], body["status"]) == ("experts", True, "queued")
    run_queued_jobs()
    job = api.get(f"/api/v1/import-jobs/{body['id']}/").json()
    assert (job["status"], job["percent"], job["written"]) == ("succeeded", 100, False)
    assert job["summary"]["expert"]["created"] == 4
    assert not Expert.objects.exists()

    response = api.post("/api/v1/expert-imports/", {"file": upload("x.csv", to_csv(GOOD))}, format="multipart")
    assert response.status_code == 202
    run_queued_jobs()
    job = api.get(f"/api/v1/import-jobs/{response.json()['id']}/").json()
    assert job["written"] is True
    assert (job["created"], job["updated"], job["unchanged"]) == (6, 0, 0)
    assert Expert.objects.count() == 4


def test_api_job_lists_the_row_errors(api_as, secretariat):
    api = api_as(secretariat)
    response = api.post(
        "/api/v1/expert-imports/", {"file": upload("x.csv", to_csv([row(kind="wizard")]))}, format="multipart"
    )
    assert response.status_code == 202
    run_queued_jobs()
    job = api.get(f"/api/v1/import-jobs/{response.json()['id']}/").json()
    assert job["status"] == "failed"
    assert job["errors"] == [{"row": 2, "column": "kind", "message": job["errors"][0]["message"]}]
    assert api.post("/api/v1/expert-imports/", {}, format="multipart").status_code == 400


def test_existing_expert_created_in_the_platform_is_matched_by_external_id(secretariat):
    expert = ef.ExpertFactory(external_id="PLAT-1")
    values = row(
        "PLAT-1",
        first_name=expert.person.first_name,
        last_name=expert.person.last_name,
        gender=expert.person.gender,
        nationality="TH",
        email=expert.person.email,
        current_post="",
        phone="",
        languages="",
        biography=expert.biography,
    )

    report = run([values], secretariat=secretariat)

    assert report.rows[0].expert == "unchanged", report.rows[0].changes


# --- every row's errors, present columns only, candidate columns, idempotence -------------------------
def test_shape_errors_do_not_hide_the_rule_errors_of_other_rows(secretariat):
    rows = [
        row("X-1", serving="maybe"),  # shape: not yes/no
        row("X-2", first_name="Bo", email="bo@example.org", kind="external", serving="no"),  # rule: no reason
        row("X-3", first_name="Cid", email="cid@example.org", kind="recognized", serving="no"),  # rule: not serving
    ]

    report = run(rows, secretariat=secretariat)

    assert {(2, "serving"), (3, "external_justification"), (4, "serving")} <= errors_of(report)
    assert not report.written
    assert not Expert.objects.filter(external_id__in=["X-1", "X-2", "X-3"]).exists()


def test_a_column_left_out_of_the_file_leaves_the_stored_values_alone(secretariat):
    assert run([row("X-1", serving="no")], secretariat=secretariat).ok
    columns = [name for name in COLUMN_NAMES if name not in ("email", "biography", "languages", "serving")]

    report = import_experts(
        file=to_csv([row("X-1", current_post="Deputy Director")], columns=columns),
        filename="experts.csv",
        dry_run=False,
        by=secretariat,
    )

    assert report.ok, report.errors
    expert = Expert.objects.select_related("person").get(external_id="X-1")
    assert expert.person.current_post == "Deputy Director"
    assert expert.person.email == "ana@example.org"
    assert expert.biography == "HS classification trainer."
    assert expert.is_serving is False
    assert expert.language_skills.count() == 2


CANDIDATE = {
    "kind": "candidate",
    "candidate_topic": "CAND-NII",
    "candidate_region": "AP",
    "candidate_topic_expertise": "yes",
    "candidate_english": "yes",
    "candidate_capacity_building": "no",
    "candidate_wco_instruments": "yes",
}


def test_candidate_columns_are_imported(secretariat):
    report = run([row("C-1", **CANDIDATE)], secretariat=secretariat)

    assert report.ok, report.errors
    expert = Expert.objects.get(external_id="C-1")
    assert expert.candidate_topic.code == "CAND-NII"
    assert expert.candidate_region.code == "AP"
    assert expert.candidate_checklist == {
        "topic_expertise": True,
        "english": True,
        "capacity_building": False,
        "wco_instruments": True,
    }


@pytest.mark.parametrize(
    ("values", "column"),
    [
        ({"candidate_topic": "DF"}, "candidate_topic"),
        ({"candidate_topic": "CAND-NOPE"}, "candidate_topic"),
        ({"candidate_region": "ZZ"}, "candidate_region"),
        ({"candidate_english": "perhaps"}, "candidate_english"),
    ],
)
def test_bad_candidate_cells_are_reported(secretariat, values, column):
    report = run([row("C-1", **{**CANDIDATE, **values})], secretariat=secretariat)
    assert (2, column) in errors_of(report)


def test_an_older_kind_in_the_file_does_not_undo_a_full_accreditation(secretariat):
    assert run([row("C-1", **CANDIDATE)], secretariat=secretariat).ok
    expert = Expert.objects.get(external_id="C-1")
    ef.fully_accredited(expert, "DF", by=secretariat)  # since the file was written
    expert.refresh_from_db()
    assert expert.kind == ExpertKind.ACCREDITED
    events = Events.objects.count()

    report = run([row("C-1", **CANDIDATE)], secretariat=secretariat)

    assert report.ok, report.errors
    assert report.summary["expert"] == {"created": 0, "updated": 0, "unchanged": 1}
    expert.refresh_from_db()
    assert expert.kind == ExpertKind.ACCREDITED
    assert Events.objects.count() == events


def test_a_file_naming_a_candidate_fully_accredited_imports_twice_to_the_same_state(secretariat):
    rows = [consultant_row(), founder_row(), full(**CANDIDATE)]
    assert run(rows, secretariat=secretariat).ok
    counts = (Events.objects.count(), AccreditationEvent.objects.count(), AccreditationWorkshop.objects.count())

    report = run(rows, secretariat=secretariat)

    assert report.ok, report.errors
    assert report.summary == {
        "expert": {"created": 0, "updated": 0, "unchanged": 3},
        "accreditation": {"created": 0, "updated": 0, "unchanged": 2},
    }
    assert (
        Events.objects.count(),
        AccreditationEvent.objects.count(),
        AccreditationWorkshop.objects.count(),
    ) == counts
    assert Expert.objects.get(external_id="X-1").kind == ExpertKind.ACCREDITED


def test_a_new_experts_evaluator_may_be_accredited_by_a_stored_experts_row_of_the_same_file(secretariat):
    assert run([consultant_row(), founder_row(), row("X-2", first_name="Bo", email="bo@example.org")],
               secretariat=secretariat).ok  # fmt: skip
    stored_becomes_full = full(external_id="X-2", first_name="Bo", email="bo@example.org")
    new_evaluated_by_it = full(
        external_id="N-1", first_name="Nia", email="nia@example.org", evaluator="X-2",
        pre_assessed_on="2011-01-03", workshop_passed_on="2011-03-04", evaluated_on="2011-06-01",
        accredited_on="2011-06-01",
    )  # fmt: skip

    report = run([consultant_row(), founder_row(), stored_becomes_full, new_evaluated_by_it], secretariat=secretariat)

    assert report.ok, report.errors
    assert [(r.expert, r.accreditation) for r in report.rows[2:]] == [("unchanged", "created"), ("created", "created")]
    accreditation = Accreditation.objects.get(expert__external_id="N-1")
    assert (accreditation.stage, accreditation.evaluator.external_id) == (Stage.FULLY_ACCREDITED, "X-2")
    assert list(accreditation.events.values_list("to_stage", flat=True)) == [
        Stage.PRE_ASSESSED,
        Stage.FIRST_STEP,
        Stage.FULLY_ACCREDITED,
    ]


def test_bulk_created_experts_match_what_the_services_write(secretariat):
    report = run([consultant_row(), founder_row(), full(**CANDIDATE)], secretariat=secretariat)

    assert report.ok, report.errors
    expert = Expert.objects.select_related("person").get(external_id="X-1")
    assert expert.kind == ExpertKind.ACCREDITED
    assert expert.search_name == "Ana Pérez"
    assert "category:DF" in expert.search_tags
    assert expert.commitment_window_start == datetime.date(2010, 6, 2)
    assert expert.commitment_used_days == 0
    accreditation = expert.accreditations.get()
    assert accreditation.workshop.participations.get(expert=expert).result == "passed"
    founder = Accreditation.objects.get(expert__external_id="FOUNDER")
    assert founder.events.last().comment == "Imported: the category's first full accreditation."
    assert Events.objects.filter(pgh_obj_model="experts.Expert").count() >= 3
