"""The e-learning completions import on the shared engine: dry run with row errors, all-or-nothing,
idempotent, officers matched to their one person record, audit rows kept; and the benchmark's smoke run."""

import importlib.util
from pathlib import Path

import pytest
from django.apps import apps

from tests.training.factories import officer
from training.importing import SPEC
from training.models import ELearningCompletion
from wcocb.errors import ForbiddenError
from wcocb.importing import import_file
from wcocb.importing.services import job_run, job_start
from wcocb.models import Person

pytestmark = pytest.mark.django_db

HEADER = "completion_id,course_code,first_name,last_name,email,administration,gender,completed_on,score\n"


def run(body: str, *, by, dry_run=False):
    return import_file(SPEC, content=(HEADER + body).encode(), filename="export.csv", dry_run=dry_run, by=by)


def test_a_dry_run_previews_and_writes_nothing(secretariat):
    report = run("C1,EL-HS,Ana,Silva,ana@example.org,BR,F,2025-03-01,88\n", by=secretariat, dry_run=True)
    assert report.ok
    assert report.counts == {"created": 1, "updated": 0, "unchanged": 0}
    assert not ELearningCompletion.objects.exists()
    assert not Person.objects.filter(email="ana@example.org").exists()


def test_the_import_is_idempotent_and_updates_what_changed(secretariat):
    body = (
        "C1,EL-HS,Ana,Silva,ana@example.org,BR,F,2025-03-01,88\nC2,EL-VAL,Ana,Silva,ana@example.org,BR,F,2025-04-01,\n"
    )
    assert run(body, by=secretariat).counts["created"] == 2
    assert run(body, by=secretariat).counts == {"created": 0, "updated": 0, "unchanged": 2}
    changed = run(body.replace(",88", ",91"), by=secretariat)
    assert changed.counts == {"created": 0, "updated": 1, "unchanged": 1}
    assert ELearningCompletion.objects.get(external_id="C1").score == 91
    assert Person.objects.filter(email="ana@example.org").count() == 1


def test_an_officer_already_known_is_not_duplicated(secretariat):
    known = officer("TH", first_name="Somchai", last_name="Prasert", email="somchai@customs.go.th")
    no_email = officer("TH", first_name="Malee", last_name="Boonma", email="")
    run(
        "C1,EL-HS,Somchai,Prasert,SOMCHAI@customs.go.th,TH,M,2025-03-01,70\n"
        "C2,EL-HS,Malee,Boonma,malee@customs.go.th,TH,F,2025-03-01,75\n"
        "C3,EL-ROO,New,Officer,new@customs.go.th,TH,F,2025-03-01,75\n"
        "C4,EL-VAL,New,Officer,new@customs.go.th,TH,F,2025-03-02,75\n",
        by=secretariat,
    )
    assert ELearningCompletion.objects.get(external_id="C1").person == known
    assert ELearningCompletion.objects.get(external_id="C2").person == no_email
    assert Person.objects.filter(email="new@customs.go.th").count() == 1


def test_any_bad_row_refuses_the_whole_file_with_each_error(secretariat):
    report = run(
        "C1,EL-HS,Ana,Silva,ana@example.org,BR,F,2025-03-01,88\n"
        "C2,NOPE,Ana,Silva,ana@example.org,BR,F,2025-03-01,88\n"
        "C3,EL-HS,Ana,Silva,not-an-email,ZZ,Q,2025-13-01,101\n"
        "C1,EL-HS,Ana,Silva,ana@example.org,BR,F,2025-03-01,88\n",
        by=secretariat,
    )
    assert not report.ok
    found = {(e.row, e.column) for e in report.errors}
    assert {(3, "course_code"), (4, "email"), (4, "administration"), (4, "gender"), (4, "completed_on")} <= found
    assert (4, "score") in found
    assert (5, "completion_id") in found
    assert not ELearningCompletion.objects.exists()


def test_only_the_secretariat_imports(member_user):
    with pytest.raises(ForbiddenError):
        run("C1,EL-HS,Ana,Silva,,BR,F,2025-03-01,88\n", by=member_user)


def test_the_audit_keeps_each_imported_row_with_who_imported(secretariat):
    run("C1,EL-HS,Ana,Silva,ana@example.org,BR,F,2025-03-01,88\n", by=secretariat)
    completion = ELearningCompletion.objects.get(external_id="C1")
    events = apps.get_model("training", "ELearningCompletionEvent").objects.filter(pgh_obj_id=completion.pk)
    (event,) = events
    assert event.pgh_label == "insert"
    assert event.pgh_context.metadata["user"] == secretariat.pk
    person_events = apps.get_model("wcocb", "PersonEvent").objects.filter(pgh_obj_id=completion.person_id)
    assert person_events.get().pgh_context_id == event.pgh_context_id


def test_a_job_runs_in_the_background_with_its_progress(secretariat, django_capture_on_commit_callbacks):
    content = (HEADER + "".join(f"C{n},EL-HS,Ana,Silva {n},,BR,F,2025-03-01,88\n" for n in range(250))).encode()
    job = job_start(kind=SPEC.kind, content=content, filename="export.csv", dry_run=False, by=secretariat)
    job = job_run(job.pk)
    assert job.status == "succeeded"
    assert (job.processed, job.total, job.created) == (250, 250, 250)


def test_the_benchmark_runs_small():
    path = Path(__file__).resolve().parents[2] / "bench" / "training_import.py"
    spec = importlib.util.spec_from_file_location("bench_training_import", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    figures = bench.measure(300, prefix="SMOKE")
    assert figures["import"]["created"] == 300
    assert figures["reimport"]["unchanged"] == 300
    assert figures["dry_run"]["status"] == "succeeded"
