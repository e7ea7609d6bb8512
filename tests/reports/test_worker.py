"""Report runs on a real Celery worker over Redis: started from the API, polled to the end; and a worker process
killed in the middle of a run, whose run is executed again to the end, with one snapshot."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings

from reports.choices import RunStatus
from reports.models import ReportRun, ReportRunEvent
from tests.conftest import BASE_DIR

pytestmark = pytest.mark.worker


def _wait(run_id: int, until, timeout: float = 60) -> ReportRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = ReportRun.objects.get(pk=run_id)
        if until(run):
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} still {ReportRun.objects.get(pk=run_id).status} after {timeout} s")


def test_a_run_started_from_the_api_completes_on_the_worker(celery_worker, api_as, secretariat):
    response = api_as(secretariat).post(
        "/api/v1/reports/runs/", {"period_start": "2017-07-01", "period_end": "2018-06-30"}, format="json"
    )
    assert response.status_code == 201
    run = _wait(response.json()["id"], lambda run: run.finished)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.progress == 100
    assert run.worker_pid
    assert run.worker_pid != os.getpid()
    polled = api_as(secretariat).get(f"/api/v1/reports/runs/{run.pk}/").json()
    assert polled["status"] == "succeeded"
    assert set(polled["files"]) == {"figures", "xlsx", "csv", "pdf"}


@pytest.fixture
def prefork_worker(transactional_db):
    """A worker with a pool of one child on a queue of its own, each section pausing a second (so the test can
    kill the child in the middle of a run)."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="wcocb.settings.test",
        WCOCB_WORKER_USES_TEST_DB=settings.DATABASES["default"]["NAME"],
        WCOCB_REPORTS_SECTION_PAUSE="1",
    )
    log = (BASE_DIR / ".local" / f"test-prefork-worker-{os.getpid()}.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "wcocb", "worker", "--pool=prefork", "--concurrency=1",
         "-Q", QUEUE, "--loglevel=WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip",
         "-n", f"prefork-{os.getpid()}@%h"],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


QUEUE = f"reports-kill-test-{os.getpid()}"


def test_a_worker_killed_mid_run_hands_the_run_on_and_one_snapshot_is_written(prefork_worker, secretariat):
    from reports.tasks import execute_run

    # given a queued run (made here and queued on the test worker's own queue)
    run = ReportRun.objects.create(
        period_start=datetime.date(2017, 7, 1), period_end=datetime.date(2018, 6, 30),
        as_of=datetime.date(2018, 6, 30), requested_by=secretariat,
    )  # fmt: skip
    ReportRunEvent.objects.create(run=run, actor=secretariat, from_status="", to_status=RunStatus.QUEUED)
    execute_run.apply_async((run.pk,), queue=QUEUE)
    # when the worker's child process is killed while it computes
    running = _wait(run.pk, lambda run: run.status == RunStatus.RUNNING and run.progress > 0)
    killed = running.worker_pid
    os.kill(killed, signal.SIGKILL)
    # then the message goes back to the queue, a new child takes the run over and finishes it
    done = _wait(run.pk, lambda run: run.finished, timeout=90)
    assert done.status == RunStatus.SUCCEEDED, done.error
    assert done.attempts == 2
    assert done.worker_pid != killed
    assert done.snapshot["sections"]
    moves = [(event.from_status, event.to_status) for event in done.events.all()]
    assert moves == [
        ("", RunStatus.QUEUED),
        (RunStatus.QUEUED, RunStatus.RUNNING),
        (RunStatus.RUNNING, RunStatus.RUNNING),
        (RunStatus.RUNNING, RunStatus.SUCCEEDED),
    ]
