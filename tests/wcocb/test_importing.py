"""The shared import engine: files checked by their bytes, size and row limits, the registry of specs,
import jobs (progress, counts, errors, all-or-nothing, the confirmation that checks again), their pages
and API scoped to the creator and the Secretariat, and one job run by a real worker."""

import ast
import io
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from experts.models import Expert
from tests import factories
from tests.experts import factories as ef
from wcocb.errors import ConflictError, DomainError, ForbiddenError
from wcocb.importing import MAX_ROWS, FileRefused, Progress, file_format, get_spec, read_table, reading, specs
from wcocb.importing.choices import JobStatus
from wcocb.importing.models import ImportJob
from wcocb.importing.services import job_confirm, job_start
from wcocb.tasks import run_import

pytestmark = pytest.mark.django_db

HEADER = "external_id,first_name,last_name,kind,administration"
GOOD = f"{HEADER}\nE-1,Ana,Lee,consultant,TH\nE-2,Bo,Kim,consultant,JP\n".encode()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 40 + b"This program cannot be run"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


def xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


# --- reading: the bytes decide ------------------------------------------------------------------------
def test_an_exe_renamed_csv_is_refused():
    with pytest.raises(FileRefused, match="not a CSV text file"):
        file_format(EXE, "experts.csv")


def test_a_pdf_renamed_xlsx_is_refused():
    with pytest.raises(FileRefused, match="not an Excel workbook"):
        file_format(PDF, "experts.xlsx")


def test_a_zip_that_is_not_a_workbook_is_refused():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(FileRefused, match="not an Excel workbook"):
        file_format(buffer.getvalue(), "experts.xlsx")


def test_other_extensions_and_empty_files_are_refused():
    with pytest.raises(FileRefused, match=r"\.csv or \.xlsx"):
        file_format(GOOD, "experts.txt")
    with pytest.raises(FileRefused, match="empty"):
        file_format(b"", "experts.csv")


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 100)
    with pytest.raises(FileRefused, match="larger than 100\xa0bytes"):
        file_format(GOOD + b"x" * 100, "experts.csv")


def test_a_file_over_the_row_limit_is_refused_naming_the_limit(monkeypatch):
    spec = get_spec("experts")
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    content = (HEADER + "\n" + "".join(f"E-{n},A,B,consultant,TH\n" for n in range(4))).encode()
    with pytest.raises(FileRefused, match="At most 3 rows"):
        read_table(content, "experts.csv", spec)
    assert MAX_ROWS == 20_000


def test_csv_with_bom_and_semicolons_and_xlsx_read_the_same_rows():
    spec = get_spec("experts")
    semicolons = ("\ufeff" + GOOD.decode().replace(",", ";")).encode()
    workbook = xlsx([line.split(",") for line in GOOD.decode().splitlines()])

    expected = read_table(GOOD, "a.csv", spec)
    assert expected[1] == []
    assert [number for number, _values in expected[0]] == [2, 3]
    assert read_table(semicolons, "a.csv", spec) == expected
    assert read_table(workbook, "a.xlsx", spec) == expected


def test_the_engine_imports_no_domain_app():
    from django.conf import settings

    package = Path(__file__).resolve().parents[2] / "wcocb" / "importing"
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in settings.DOMAIN_APPS, f"{path.name} imports {name}"


def test_apps_register_their_specs_in_the_named_store():
    from wcocb.registry import registry

    assert registry["importing.specs"] is specs
    spec = get_spec("experts")
    assert spec.key == "external_id"
    assert spec.page == "experts:import"
    assert "external_id" in spec.required


def test_progress_tells_every_n_rows_and_at_the_end():
    told = []
    progress = Progress(250, lambda processed, total: told.append((processed, total)), every=100)
    for _row in range(250):
        progress.advance()
    progress.done()
    assert told == [(100, 250), (200, 250), (250, 250)]


# --- jobs ---------------------------------------------------------------------------------------------
def test_a_job_keeps_the_file_and_runs_to_its_counts(secretariat):
    job = job_start(kind="experts", content=GOOD, filename="../x/experts.csv", dry_run=False, by=secretariat)
    assert (job.status, job.filename, job.created_by) == (JobStatus.QUEUED, "experts.csv", secretariat)
    with job.file.open("rb") as stored:
        assert stored.read() == GOOD

    run_import(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.processed, job.total, job.percent) == (2, 2, 100)
    assert (job.created, job.updated, job.unchanged, job.written) == (2, 0, 0, True)
    assert job.summary == {
        "expert": {"created": 2, "updated": 0, "unchanged": 0},
        "accreditation": {"created": 0, "updated": 0, "unchanged": 0},
    }
    assert job.started_at <= job.finished_at
    assert Expert.objects.count() == 2


def test_a_job_with_one_bad_row_writes_nothing(secretariat):
    content = GOOD + b"E-3,Cy,Ng,wizard,TH\n"
    job = job_start(kind="experts", content=content, filename="x.csv", dry_run=False, by=secretariat)

    run_import(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert not job.written
    assert job.errors == [{"row": 4, "column": "kind", "message": job.errors[0]["message"]}]
    assert not Expert.objects.exists()


def test_importing_the_same_file_again_changes_nothing(secretariat):
    first = job_start(kind="experts", content=GOOD, filename="x.csv", dry_run=False, by=secretariat)
    run_import(first.pk)
    again = job_start(kind="experts", content=GOOD, filename="x.csv", dry_run=False, by=secretariat)
    run_import(again.pk)

    again.refresh_from_db()
    assert again.status == JobStatus.SUCCEEDED
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_refused_file_is_not_kept(secretariat):
    with pytest.raises(FileRefused):
        job_start(kind="experts", content=EXE, filename="x.csv", dry_run=True, by=secretariat)
    with pytest.raises(DomainError, match="Nothing can be imported as"):
        job_start(kind="nothing", content=GOOD, filename="x.csv", dry_run=True, by=secretariat)
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("fixture", ["member_user", "rocb_officer", "expert_user"])
def test_the_job_service_checks_the_specs_roles(request, fixture):
    with pytest.raises(ForbiddenError):
        job_start(kind="experts", content=GOOD, filename="x.csv", dry_run=True, by=request.getfixturevalue(fixture))


def test_an_inactive_secretariat_user_is_nobody(secretariat):
    secretariat.is_active = False
    with pytest.raises(ForbiddenError):
        job_start(kind="experts", content=GOOD, filename="x.csv", dry_run=True, by=secretariat)


def test_the_confirmation_checks_every_row_again(secretariat):
    workshop = ef.WorkshopFactory()
    content = (
        "external_id,first_name,last_name,kind,area,stage,pre_assessed_on,workshop\n"
        f"E-1,Ana,Lee,consultant,DF,pre_assessed,2020-01-06,{workshop.pk}\n"
    ).encode()
    dry_run = job_start(kind="experts", content=content, filename="x.csv", dry_run=True, by=secretariat)
    run_import(dry_run.pk)
    dry_run.refresh_from_db()
    assert dry_run.can_confirm
    workshop.delete()  # the data changed between the dry run and the confirmation

    confirmation = job_confirm(job=dry_run, by=secretariat)
    run_import(confirmation.pk)

    confirmation.refresh_from_db()
    assert confirmation.status == JobStatus.FAILED
    assert [(error["row"], error["column"]) for error in confirmation.errors] == [(2, "workshop")]
    assert not Expert.objects.exists()


def test_only_a_dry_run_that_passed_can_be_confirmed(secretariat):
    failed = job_start(kind="experts", content=GOOD + b"E-3,,,,\n", filename="x.csv", dry_run=True, by=secretariat)
    run_import(failed.pk)
    with pytest.raises(ConflictError):
        job_confirm(job=failed, by=secretariat)
    real = job_start(kind="experts", content=GOOD, filename="x.csv", dry_run=False, by=secretariat)
    run_import(real.pk)
    with pytest.raises(ConflictError):
        job_confirm(job=real, by=secretariat)


def test_a_confirmation_while_one_runs_is_refused(secretariat):
    dry_run = job_start(kind="experts", content=GOOD, filename="x.csv", dry_run=True, by=secretariat)
    run_import(dry_run.pk)
    confirmation = job_confirm(job=dry_run, by=secretariat)
    assert (confirmation.source, confirmation.file.name, confirmation.dry_run) == (dry_run, dry_run.file.name, False)
    with pytest.raises(ConflictError):
        job_confirm(job=dry_run, by=secretariat)


def test_a_job_runs_once(secretariat):
    job = job_start(kind="experts", content=GOOD, filename="x.csv", dry_run=False, by=secretariat)
    assert run_import(job.pk) == JobStatus.SUCCEEDED
    assert run_import(job.pk) == "skipped"
    assert Expert.objects.count() == 2


# --- pages and API: only the creator and the Secretariat see a job ----------------------------------------
@pytest.fixture
def job(secretariat):
    return job_start(kind="experts", content=GOOD, filename="x.csv", dry_run=True, by=secretariat)


@pytest.mark.parametrize("fixture", ["member_user", "rocb_officer", "expert_user", "api_client_user"])
def test_another_user_gets_404(request, client_as, api_as, job, fixture):
    user = request.getfixturevalue(fixture)
    client = client_as(user)
    for name in ("job", "progress"):
        assert client.get(reverse(f"imports:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:confirm", args=[job.pk])).status_code == 404
    api = api_as(user)
    assert api.get(f"/api/v1/import-jobs/{job.pk}/").status_code == 404
    assert api.get("/api/v1/import-jobs/").json()["results"] == []


def test_the_creator_and_any_secretariat_user_see_the_job(client_as, api_as, job):
    other = factories.SecretariatFactory(username="secretariat-2")
    assert api_as(other).get(f"/api/v1/import-jobs/{job.pk}/").status_code == 200
    assert [item["id"] for item in api_as(job.created_by).get("/api/v1/import-jobs/").json()["results"]] == [job.pk]
    assert client_as(other).get(reverse("imports:job", args=[job.pk])).status_code == 200


def test_the_progress_partial_polls_until_the_job_has_finished(client_as, job):
    client = client_as(job.created_by)
    running = client.get(reverse("imports:progress", args=[job.pk]))
    assert b'hx-trigger="every 1s"' in running.content
    assert b'<progress class="w-100" id="import-progress" max="100" value="0"' in running.content
    run_import(job.pk)
    done = client.get(reverse("imports:progress", args=[job.pk]))
    assert b"hx-trigger" not in done.content
    assert b'value="100"' in done.content
    assert b"2 of 2 rows (100%)" in done.content
    assert b'name="confirm"' in done.content


def test_api_starts_a_dry_run_by_default_and_confirms_it(api_as, secretariat):
    api = api_as(secretariat)
    response = api.post("/api/v1/import-jobs/", {"kind": "experts", "file": upload("x.csv", GOOD)}, format="multipart")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert (body["dry_run"], body["status"], body["created_by"]) == (True, "queued", "secretariat")
    run_import(body["id"])
    confirmed = api.post(f"/api/v1/import-jobs/{body['id']}/confirm/")
    assert confirmed.status_code == 202
    run_import(confirmed.json()["id"])
    assert api.get(f"/api/v1/import-jobs/{confirmed.json()['id']}/").json()["written"] is True
    assert Expert.objects.count() == 2


def test_api_refuses_unknown_kinds_and_wrong_files(api_as, secretariat):
    api = api_as(secretariat)
    unknown = api.post("/api/v1/import-jobs/", {"kind": "x", "file": upload("x.csv", GOOD)}, format="multipart")
    assert unknown.status_code == 400
    assert "kind" in unknown.json()["error"]["fields"]
    for name, content in (("x.csv", EXE), ("x.xlsx", PDF)):
        response = api.post(
            "/api/v1/import-jobs/", {"kind": "experts", "file": upload(name, content)}, format="multipart"
        )
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "import_file_refused"
    assert not ImportJob.objects.exists()


# --- one job in the background, through a real worker ----------------------------------------------------
@pytest.mark.worker
def test_a_job_posted_through_the_api_completes_in_the_background(celery_worker, api_as):
    secretariat = factories.SecretariatFactory(username="secretariat-worker")
    api = api_as(secretariat)
    response = api.post(
        "/api/v1/import-jobs/",
        {"kind": "experts", "file": upload("x.csv", GOOD), "dry_run": "false"},
        format="multipart",
    )
    assert response.status_code == 202
    url = f"/api/v1/import-jobs/{response.json()['id']}/"
    deadline = time.monotonic() + 60
    while (job := api.get(url).json())["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert (job["status"], job["percent"], job["processed"], job["total"]) == ("succeeded", 100, 2, 2)
    assert job["written"] is True
    assert Expert.objects.filter(external_id__in=["E-1", "E-2"]).count() == 2


def test_the_import_benchmark_generates_a_file_and_returns_figures():
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "bench" / "imports.py"
    spec = importlib.util.spec_from_file_location("bench_imports", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)

    assert len(bench.generate(40, prefix="T0").decode().splitlines()) == 41
    figures = bench.measure(40, prefix="T1")

    assert figures["import"]["written"] is True
    assert figures["import"]["summary"]["expert"]["created"] == 40
    assert figures["reimport"]["summary"]["expert"]["unchanged"] == 40
    for step in ("dry_run", "import", "reimport"):
        assert figures[step]["rows_per_second"] > 0
        assert figures[step]["queries_per_row"] > 0
    assert isinstance(figures["target_met"], bool)


@pytest.mark.browser
def test_the_import_page_polls_the_job_until_its_outcome(login, live_server, monkeypatch):
    from wcocb.importing import services

    monkeypatch.setattr(services, "_queue", lambda job: None)  # the test runs it, not a worker left running
    user = factories.SecretariatFactory(username="secretariat-browser")
    content = GOOD + b"E-3,Cy,Ng,wizard,TH\n"
    job = job_start(kind="experts", content=content, filename="experts.csv", dry_run=True, by=user)
    page = login("secretariat-browser")
    page.goto(f"{live_server.url}/experts/import/?job={job.pk}")
    assert page.locator("#import-progress").get_attribute("value") == "0"
    assert "waiting for a worker" in page.locator("#import-progress-text").inner_text()

    run_import(job.pk)  # the job finishes while the page is open

    page.wait_for_selector("#import-errors", timeout=10_000)
    assert page.locator("#import-progress").get_attribute("value") == "100"
    assert "Use one of" in page.locator("#import-errors").inner_text()
    assert page.locator("button[name=confirm]").count() == 0


def test_per_diem_rates_import_as_a_job_through_the_rates_service(secretariat, member_user):
    from missions.models import PerDiemRate

    content = (
        b"country,daily_amount,currency,valid_from,valid_to\n"
        b"TH,180.00,USD,2027-01-01,2027-06-30\nJP,310,usd,2027-01-01,\n"
    )
    with pytest.raises(ForbiddenError):
        job_start(kind="per_diem_rates", content=content, filename="rates.csv", dry_run=False, by=member_user)
    job = job_start(kind="per_diem_rates", content=content, filename="rates.csv", dry_run=False, by=secretariat)
    run_import(job.pk)
    again = job_start(kind="per_diem_rates", content=content, filename="rates.csv", dry_run=False, by=secretariat)
    run_import(again.pk)

    job.refresh_from_db()
    again.refresh_from_db()
    assert (job.status, job.created, job.written) == (JobStatus.SUCCEEDED, 2, True)
    assert job.summary == {"rate": {"created": 2, "updated": 0, "unchanged": 0}}
    assert (again.created, again.unchanged) == (0, 2)
    assert PerDiemRate.objects.count() == 2


def test_a_kind_without_a_jobs_page_of_its_own_confirms_to_the_generic_job_page(client_as, secretariat):
    content = b"country,daily_amount,currency,valid_from,valid_to\nTH,180.00,USD,2027-01-01,\n"
    dry_run = job_start(kind="per_diem_rates", content=content, filename="rates.csv", dry_run=True, by=secretariat)
    run_import(dry_run.pk)
    client = client_as(secretariat)
    assert b'name="confirm"' in client.get(reverse("imports:job", args=[dry_run.pk])).content

    response = client.post(reverse("imports:confirm", args=[dry_run.pk]))

    confirmation = ImportJob.objects.get(source=dry_run)
    assert response["Location"] == reverse("imports:job", args=[confirmation.pk])
