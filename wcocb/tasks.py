import time

from celery import shared_task
from django.core.cache import cache


@shared_task(name="wcocb.tasks.heartbeat")
def heartbeat() -> float:
    """Run by beat: lets /healthz tell whether the scheduler is alive."""
    now = time.time()
    cache.set("wcocb:beat:last", now, timeout=600)
    return now


@shared_task(name="wcocb.tasks.echo")
def echo(value: str) -> str:
    """A round trip through the broker and a worker, used by the health check's tests."""
    return value


@shared_task(name="wcocb.tasks.run_import")
def run_import(job_id: int) -> str:
    """Run one queued import job (:func:`wcocb.importing.services.job_run`); returns its final status."""
    from wcocb.importing.services import job_run

    job = job_run(job_id)
    return job.status if job else "skipped"
