"""The record of one import run in the background: what was uploaded, by whom, its progress, and its
outcome (counts, every row's errors). Registered as a model of ``wcocb`` (imported by ``wcocb.models``).

Not audited row by row: the job is itself the record of who imported what and when, and its progress
is rewritten every few rows."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wcocb.importing.choices import FINISHED, JobStatus
from wcocb.scoping import ScopePolicy


def _upload_path(instance: ImportJob, filename: str) -> str:
    return f"imports/{instance.kind}/{uuid.uuid4().hex}/{filename}"


class ImportJob(models.Model):
    """One import of one file (a dry run or the real import), run by the ``wcocb.tasks.run_import`` task.

    ``succeeded``: the file passed every check (a dry run's preview is exact; a real import wrote it);
    ``failed``: the file was refused, a row had an error (then nothing was written), or the run broke."""

    #: The Secretariat sees every job; anyone else the jobs they started.
    scope = ScopePolicy(creator="created_by", rocb="none", api_client=False)

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    file = models.FileField(_("file"), upload_to=_upload_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    dry_run = models.BooleanField(_("dry run"), default=True)
    source = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="confirmations",
        verbose_name=_("dry run confirmed"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    total = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    summary = models.JSONField(_("counts per record type"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    written = models.BooleanField(_("written"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_jobs", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        app_label = "wcocb"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        constraints = [
            models.CheckConstraint(condition=Q(processed__lte=F("total")), name="import_job_processed_le_total"),
            models.CheckConstraint(condition=~Q(written=True, dry_run=True), name="import_job_dry_run_writes_nothing"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("imports:job", kwargs={"pk": self.pk})

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(100 * self.processed / self.total) if self.total else 0

    @property
    def ok(self) -> bool:
        """The file passed: no error (and, for a real import, everything was written)."""
        return self.status == JobStatus.SUCCEEDED

    @property
    def can_confirm(self) -> bool:
        """A dry run without errors may be imported for real (the import checks every row again)."""
        return self.dry_run and self.ok
