"""Every write of import jobs: start a job (a dry run, or the import of a file whose dry run passed),
and run it (the Celery task ``wcocb.tasks.run_import`` calls :func:`job_run`).

The caller is checked here, not only in the views: the kind's spec names who may import it
(:attr:`wcocb.importing.spec.ImportSpec.may_import`), and a refusal raises ``ForbiddenError``."""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wcocb.errors import ConflictError, DomainError
from wcocb.importing.choices import JobStatus
from wcocb.importing.engine import ImportReport, Progress, check_permission, import_file
from wcocb.importing.models import ImportJob
from wcocb.importing.reading import file_format
from wcocb.importing.selectors import jobs_for
from wcocb.importing.spec import ImportSpec, RowError, RowHandler, get_spec

logger = logging.getLogger(__name__)

#: How often (in rows) a running job writes its progress.
PROGRESS_EVERY = 100


def spec_for(kind: str) -> ImportSpec:
    spec = get_spec(kind)
    if spec is None:
        raise DomainError(_("Nothing can be imported as %(kind)s.") % {"kind": kind})
    return spec


def _queue(job: ImportJob) -> None:
    from wcocb.tasks import run_import

    transaction.on_commit(lambda: run_import.delay(job.pk))


@transaction.atomic
def job_start(*, kind: str, content: bytes, filename: str, dry_run: bool, by) -> ImportJob:
    """Keep the uploaded file and queue its import (a dry run unless ``dry_run`` is false). The file's type
    and size are checked now (a refused file is not kept); its rows are checked by the job."""
    spec = spec_for(kind)
    check_permission(spec, by)
    filename = (filename or "upload").replace("\\", "/").rsplit("/", 1)[-1][-200:]
    file_format(content, filename)  # raises FileRefused (400) before anything is stored
    job = ImportJob(kind=spec.kind, filename=filename, dry_run=dry_run, created_by=by)
    job.file.save(filename, ContentFile(content), save=False)
    job.full_clean()
    job.save()
    _queue(job)
    return job


@transaction.atomic
def job_confirm(*, job: ImportJob, by) -> ImportJob:
    """Import for real the file of a dry run that passed. The import checks every row again (the data
    may have changed since): with any error, nothing is written and the job lists the errors."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not jobs_for(by).filter(pk=job.pk).exists():
        raise ConflictError(_("This import job is not yours to confirm."))
    check_permission(spec_for(job.kind), by)
    if not job.can_confirm:
        raise ConflictError(_("Only a dry run that passed without errors can be imported."))
    if job.confirmations.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():
        raise ConflictError(_("This file is already being imported."))
    confirmation = ImportJob(
        kind=job.kind, filename=job.filename, dry_run=False, source=job, created_by=by, total=job.total
    )
    confirmation.file.name = job.file.name
    confirmation.full_clean()
    confirmation.save()
    _queue(confirmation)
    return confirmation


class _ProgressWriter:
    """Writes a running job's progress from a connection of its own, so it is committed (and seen by a
    page polling the job) while the import's transaction is still open."""

    def __init__(self, job: ImportJob) -> None:
        self.job_id = job.pk
        self.table = ImportJob._meta.db_table
        self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, processed: int, total: int) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {self.table} SET processed = %s, total = %s WHERE id = %s",  # noqa: S608 - our table name
                [processed, total, self.job_id],
            )

    def close(self) -> None:
        self.connection.close()


def _finish(job: ImportJob, report: ImportReport) -> None:
    counts = report.counts
    job.status = JobStatus.SUCCEEDED if report.ok else JobStatus.FAILED
    job.total = max(report.row_count, job.processed)
    job.processed = job.total
    job.created, job.updated, job.unchanged = counts["created"], counts["updated"], counts["unchanged"]
    job.summary = report.summary
    job.errors = [error.as_dict() for error in report.errors]
    job.written = report.written
    job.finished_at = timezone.now()
    job.save()


def job_run(job_id: int) -> ImportJob | None:
    """Run a queued job (the Celery task). Returns the finished job, or ``None`` when it was not queued
    (another worker took it)."""
    started = timezone.now()
    if not ImportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=started
    ):
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    writer = _ProgressWriter(job)
    try:
        spec = spec_for(job.kind)
        with job.file.open("rb") as stored:
            content = stored.read()
        report = import_file(
            spec,
            content=content,
            filename=job.filename,
            dry_run=job.dry_run,
            by=job.created_by,
            progress=Progress(job.total, writer, every=PROGRESS_EVERY),
        )
    except DomainError as exc:  # e.g. the user may no longer import
        report = ImportReport(spec=get_spec(job.kind) or _NO_SPEC, filename=job.filename, dry_run=job.dry_run)
        report.errors = [RowError(0, "", exc.message)]
    except Exception:
        logger.exception("Import job %s failed", job_id)
        report = ImportReport(spec=get_spec(job.kind) or _NO_SPEC, filename=job.filename, dry_run=job.dry_run)
        report.errors = [RowError(0, "", _("The import stopped on an unexpected error; nothing was written."))]
    finally:
        writer.close()
    job.refresh_from_db(fields=["processed"])
    _finish(job, report)
    return job


def _no_handler(**kwargs: Any) -> RowHandler:
    raise LookupError("This import kind is no longer registered: its rows cannot be read.")


#: The spec of a report whose kind is no longer registered: it names the job, never runs a row.
_NO_SPEC = ImportSpec(kind="", label="", columns=(), key="", handler=_no_handler)
