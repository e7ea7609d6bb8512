"""Report runs: start one (checked against :mod:`reports.rules`), and execute it on a worker.

Execution is safe to repeat and to interrupt:

- the Celery task acknowledges its message only when it returns (``acks_late``) and gives it back when the
  worker process dies (``reject_on_worker_lost``), so a killed worker's run is executed again;
- while it computes, the executing process holds a PostgreSQL advisory lock on the run from a connection of
  its own (released by the server when the process dies): a second delivery of the same run while the first is
  alive does nothing;
- the snapshot is written once, in the transaction that moves the run from ``running`` to ``succeeded``; a
  finished run is never executed again (no duplicate snapshot);
- the figures are a pure function of the parameters and the data (nothing time-dependent is in the snapshot),
  so the same run on the same data gives the same figures.
"""

from __future__ import annotations

import datetime
import logging
import os
import time
from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from reports import rules
from reports.choices import FINISHED, TRANSITIONS, RunStatus, Schedule, Trigger
from reports.models import MAX_PERIOD_DAYS, ReportRun, ReportRunEvent
from reports.sections.base import ReportContext, previous_period
from wcocb.errors import ConflictError, DomainError, ForbiddenError
from wcocb.registry import report_sections

logger = logging.getLogger(__name__)

#: The advisory-lock class of report runs (the second key is the run's id).
LOCK_CLASS = 7301
#: Errors worth a retry: the database went away for a moment.
TRANSIENT = (OperationalError, InterfaceError)
SNAPSHOT_VERSION = 1


class RunBusy(Exception):
    """Another process holds the run's lock: it is executing it, or died a moment ago and the server has not
    released its lock yet. The task tries again shortly."""


class QueueUnavailable(DomainError):
    """The broker does not answer: nothing can be queued now (the API answers 503)."""

    status = 503
    code = "unavailable"


def _event(run: ReportRun, *, from_status: str, to_status: str, actor=None, comment: str = "") -> None:
    if to_status not in TRANSITIONS[from_status] and from_status != to_status:
        raise ConflictError(
            _("A run cannot move from %(from)s to %(to)s.") % {"from": from_status, "to": to_status}
        )  # pragma: no cover - the services only make allowed moves
    ReportRunEvent.objects.create(run=run, actor=actor, from_status=from_status, to_status=to_status, comment=comment)


def broker_available(timeout: float = 1.0) -> bool:
    """Whether the Celery broker (Redis) answers within ``timeout`` seconds."""
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        return bool(client.ping())
    except (redis.RedisError, OSError):
        return False
    finally:
        client.close()


def _enqueue(run_id: int) -> None:
    from reports.tasks import execute_run

    try:
        execute_run.apply_async((run_id,), retry=False)
    except Exception as exc:  # the broker went away between the check and the commit
        logger.warning("Report run %s could not be queued: %s", run_id, exc)
        with transaction.atomic():
            run = ReportRun.objects.select_for_update().get(pk=run_id)
            if run.status == RunStatus.QUEUED:
                run.status, run.finished_at = RunStatus.FAILED, timezone.now()
                run.error = str(_("The job queue is unavailable."))
                run.save(update_fields=["status", "error", "finished_at"])
                _event(run, from_status=RunStatus.QUEUED, to_status=RunStatus.FAILED, comment=run.error)


def _check_period(start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise DomainError(_("The period cannot end before it starts."))
    if (end - start).days > MAX_PERIOD_DAYS:
        raise DomainError(_("A report covers at most ten years."))


@transaction.atomic
def run_start(
    *,
    by,
    period_start: datetime.date,
    period_end: datetime.date,
    as_of: datetime.date | None = None,
    region=None,
    administration=None,
    title: str = "",
    queue: bool = True,
) -> ReportRun:
    """Queue a report run for the period and scope. The same parameters already queued or running give that
    run back (one computation, not two). Raises ``ForbiddenError`` outside the caller's scope and a 503
    ``QueueUnavailable`` at once when the job queue does not answer. ``queue=False`` (the demo data, the
    benchmark) records the run for the caller to execute in its own process with :func:`run_execute`."""
    if region is not None and administration is not None:
        raise DomainError(_("Scope a report to a region or to a member administration, not both."))
    if not rules.can_start_run(by, region=region, administration=administration):
        raise ForbiddenError(_("You may not start a report for this scope."))
    _check_period(period_start, period_end)
    as_of = as_of or period_end
    pending = ReportRun.objects.filter(
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        scope_region=region,
        scope_administration=administration,
    ).first()
    if pending is not None:
        return pending
    if queue and not broker_available():
        raise QueueUnavailable(_("The job queue is unavailable: the report cannot be started now. Try again later."))
    run = ReportRun(
        title=title,
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        scope_region=region,
        scope_administration=administration,
        requested_by=by,
        trigger=Trigger.MANUAL,
    )
    run.full_clean()
    run.save()
    ReportRunEvent.objects.create(run=run, actor=by, from_status="", to_status=RunStatus.QUEUED)
    run_id = run.pk
    if queue:
        transaction.on_commit(lambda: _enqueue(run_id))
    return run


def scheduled_period(schedule: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period a scheduled run covers: the last whole July-June reporting year, or the last whole month."""
    if schedule == Schedule.ANNUAL:
        end_year = today.year if today.month >= 7 else today.year - 1
        return datetime.date(end_year - 1, 7, 1), datetime.date(end_year, 6, 30)
    first = today.replace(day=1)
    end = first - datetime.timedelta(days=1)
    return end.replace(day=1), end


def run_schedule(*, schedule: str, today: datetime.date | None = None) -> ReportRun:
    """The scheduled run of ``schedule`` for its last whole period (all regions), queued once: beat firing
    twice (or two beats) still makes one run per schedule and period."""
    if schedule not in (Schedule.ANNUAL, Schedule.MONTHLY):
        raise DomainError(_("Unknown schedule."))
    start, end = scheduled_period(schedule, today or timezone.localdate())
    titles = {
        Schedule.ANNUAL: _("Annual Committee report %(from)s to %(to)s"),
        Schedule.MONTHLY: _("Monthly snapshot %(from)s to %(to)s"),
    }
    existing = ReportRun.objects.filter(
        trigger=Trigger.SCHEDULED, schedule=schedule, period_start=start, period_end=end
    )
    if (run := existing.first()) is not None:
        return run
    with translation.override("en"):
        title = str(titles[schedule]) % {"from": start.strftime("%Y-%m"), "to": end.strftime("%Y-%m")}
    try:
        with transaction.atomic():
            run = ReportRun(title=title, period_start=start, period_end=end, as_of=end)
            run.trigger, run.schedule = Trigger.SCHEDULED, schedule
            run.full_clean(validate_constraints=False)
            run.save()
            ReportRunEvent.objects.create(run=run, from_status="", to_status=RunStatus.QUEUED, comment=title)
            run_id = run.pk
            transaction.on_commit(lambda: _enqueue(run_id))
    except IntegrityError:  # another beat made it a moment ago
        return existing.get()
    return run


def _context(run: ReportRun) -> ReportContext:
    return ReportContext(
        period_start=run.period_start,
        period_end=run.period_end,
        as_of=run.as_of,
        region=run.scope_region,
        administration=run.scope_administration,
    )


def compute(run: ReportRun, progress: Callable[[int, int, str], None] | None = None) -> dict:
    """The figures of ``run``'s parameters: every section of :data:`wcocb.registry.report_sections`."""
    context = _context(run)
    providers = list(report_sections)
    pause = float(getattr(settings, "REPORTS_SECTION_PAUSE", 0) or 0)
    sections = []
    for done, provider in enumerate(providers, start=1):
        with translation.override("en"):
            result = provider(context)
        if result:
            sections.append(result)
        if progress is not None:
            progress(done, len(providers), result["key"] if result else "")
        if pause:
            time.sleep(pause)
    sections.sort(key=lambda found: (found["order"], found["key"]))
    previous_start, previous_end = previous_period(run.period_start, run.period_end)
    return {
        "version": SNAPSHOT_VERSION,
        "parameters": run.parameters(),
        "previous_period": {"start": previous_start.isoformat(), "end": previous_end.isoformat()},
        "sections": sections,
    }


class _Runner:
    """A connection of the executing process's own: it holds the run's advisory lock while the figures are
    computed and writes the progress (committed at once, so a page polling the run sees it move)."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.table = ReportRun._meta.db_table
        self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def lock(self) -> bool:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, self.run_id])
            return bool(cursor.fetchone()[0])

    def __call__(self, done: int, total: int, step: str) -> None:
        percent = min(99, int(done * 100 / total)) if total else 0
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {self.table} SET progress = %s, step = %s WHERE id = %s AND status = %s",  # noqa: S608
                [percent, step[:100], self.run_id, RunStatus.RUNNING],
            )

    def close(self) -> None:
        self.connection.close()


def _claim(run_id: int) -> ReportRun | None:
    """Move the run to ``running`` (again, after a lost worker); ``None`` when it is finished already."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status in FINISHED:
            return None
        previous = run.status
        run.status = RunStatus.RUNNING
        run.attempts += 1
        run.progress, run.step, run.error = 0, "", ""
        run.started_at = timezone.now()
        run.worker_pid = os.getpid()
        run.save(update_fields=["status", "attempts", "progress", "step", "error", "started_at", "worker_pid"])
        comment = "" if previous == RunStatus.QUEUED else str(_("Taken over after the previous attempt was lost."))
        _event(run, from_status=previous, to_status=RunStatus.RUNNING, comment=comment)
        return run


def _finish(
    run_id: int, *, status: str, snapshot: dict | None = None, error: str = "", started: float
) -> ReportRun | None:
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.RUNNING:
            return None
        run.status = status
        run.finished_at = timezone.now()
        run.duration_ms = int((time.monotonic() - started) * 1000)
        fields = ["status", "finished_at", "duration_ms"]
        if status == RunStatus.SUCCEEDED:
            run.snapshot, run.progress, run.step = snapshot or {}, 100, ""
            fields += ["snapshot", "progress", "step"]
        else:
            run.error = error
            fields.append("error")
        run.save(update_fields=fields)
        _event(run, from_status=RunStatus.RUNNING, to_status=status, comment=error)
        return run


def _requeue(run_id: int, reason: str) -> None:
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run_id)
        if run.status == RunStatus.RUNNING:
            run.status = RunStatus.QUEUED
            run.save(update_fields=["status"])
            _event(run, from_status=RunStatus.RUNNING, to_status=RunStatus.QUEUED, comment=reason)


def run_execute(run_id: int, *, final_attempt: bool = True) -> ReportRun | None:
    """Execute a queued run (the Celery task). Returns the finished run, or ``None`` when it was finished
    already. Raises :class:`RunBusy` while another process holds the run's lock. A transient database error is
    raised again for the task to retry unless this is the ``final_attempt``; any other error fails the run
    with the reason."""
    runner = _Runner(run_id)
    try:
        if not runner.lock():
            if ReportRun.objects.filter(pk=run_id, status__in=FINISHED).exists():
                return None
            raise RunBusy(run_id)
        run = _claim(run_id)
        if run is None:
            return None
        started = time.monotonic()
        try:
            snapshot = compute(run, progress=runner)
        except TRANSIENT as exc:
            if not final_attempt:
                _requeue(run_id, str(_("A transient database error; retrying.")))
                raise
            logger.exception("Report run %s failed", run_id)
            return _finish(run_id, status=RunStatus.FAILED, error=_failure(exc), started=started)
        except Exception as exc:
            logger.exception("Report run %s failed", run_id)
            return _finish(run_id, status=RunStatus.FAILED, error=_failure(exc), started=started)
        return _finish(run_id, status=RunStatus.SUCCEEDED, snapshot=snapshot, started=started)
    finally:
        runner.close()


def _failure(exc: Exception) -> str:
    detail = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    reason = str(_("The computation stopped on an error: %(error)s.") % {"error": exc.__class__.__name__})
    return f"{reason} {detail}".strip()
