"""Choices of the reports app: a run's status and its allowed moves, what started it, its schedule."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


#: The allowed moves. A running run may start again (a worker lost mid-run hands it to the next one) or go
#: back to the queue (a transient failure retried); a finished run never changes again.
TRANSITIONS: dict[str, frozenset[str]] = {
    RunStatus.QUEUED: frozenset({RunStatus.RUNNING, RunStatus.FAILED}),
    RunStatus.RUNNING: frozenset({RunStatus.RUNNING, RunStatus.QUEUED, RunStatus.SUCCEEDED, RunStatus.FAILED}),
    RunStatus.SUCCEEDED: frozenset(),
    RunStatus.FAILED: frozenset(),
}
FINISHED = frozenset({RunStatus.SUCCEEDED, RunStatus.FAILED})


class Trigger(models.TextChoices):
    MANUAL = "manual", _("Started by a user")
    SCHEDULED = "scheduled", _("Scheduled")


class Schedule(models.TextChoices):
    """The scheduled runs (Celery beat): the annual Committee report and a monthly snapshot."""

    NONE = "", _("Not scheduled")
    ANNUAL = "annual", _("Annual Committee report (July-June)")
    MONTHLY = "monthly", _("Monthly snapshot")


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"
    PDF = "pdf", "PDF"
