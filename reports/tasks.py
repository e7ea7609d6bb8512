"""Celery tasks of the reports app: execute a run, and the scheduled runs beat starts."""

from celery import shared_task

from reports.choices import Schedule

#: How often a run held by another process is tried again (every 2 s): long enough for the longest run.
BUSY_RETRIES = 300


@shared_task(
    bind=True,
    name="reports.tasks.execute_run",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    default_retry_delay=5,
)
def execute_run(self, run_id: int) -> str:
    """Execute one report run (:func:`reports.services.run_execute`); returns its final status."""
    from reports.services import run_execute
    from reports.services.runs import TRANSIENT, RunBusy

    try:
        run = run_execute(run_id, final_attempt=self.request.retries >= self.max_retries)
    except RunBusy as exc:  # another process has it (or its lock outlives a killed worker for a moment)
        raise self.retry(exc=exc, countdown=2, max_retries=BUSY_RETRIES) from exc
    except TRANSIENT as exc:
        raise self.retry(exc=exc) from exc
    return run.status if run else "skipped"


@shared_task(name="reports.tasks.scheduled_run")
def scheduled_run(schedule: str) -> int:
    """Queue the scheduled run of ``schedule`` (``annual`` or ``monthly``) for its last whole period."""
    from reports.services import run_schedule

    return run_schedule(schedule=Schedule(schedule)).pk
