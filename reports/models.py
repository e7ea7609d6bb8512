"""Reports: a report run (its parameters, who asked, status, progress, timings and the frozen snapshot of
its figures), the run's workflow events, and the beneficiary's feedback on a completed mission."""

from __future__ import annotations

import datetime

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.choices import FINISHED, RunStatus, Schedule, Trigger
from wcocb.audit import audited
from wcocb.models import MemberAdministration, Region
from wcocb.scoping import ScopePolicy

#: The earliest and latest dates a report may cover (historic missions reach back to the 1990s).
EARLIEST = datetime.date(1980, 1, 1)
LATEST = datetime.date(2100, 12, 31)
#: The longest period one run covers.
MAX_PERIOD_DAYS = 366 * 10

DATE_BOUNDS = [MinValueValidator(EARLIEST), MaxValueValidator(LATEST)]

#: A run is seen by whom its scope concerns: the Secretariat and API clients every run, an ROCB officer the
#: runs of its region (the region or one of its administrations), a member administration its own runs.
RUN_SCOPE = ScopePolicy(
    administration="scope_administration",
    region=("scope_region", "scope_administration__region"),
    rocb="region",
)


# "ReportRunEvent" is the run's own workflow event model, so the audit model and its accessor take other names.
@audited(
    model_name="ReportRunHistory",
    obj_field=pghistory.ObjForeignKey(related_name="history_events"),
    exclude=["progress", "step", "snapshot"],
)
class ReportRun(models.Model):
    """One computation of the report's figures for a period and a scope, by a Celery worker.

    ``snapshot`` freezes the figures when the run succeeds (the exports and comparisons read it, never the
    live data); ``error`` says why a failed run failed."""

    scope = RUN_SCOPE

    title = models.CharField(_("title"), max_length=200, blank=True)
    period_start = models.DateField(_("period from"), validators=DATE_BOUNDS)
    period_end = models.DateField(_("period until"), validators=DATE_BOUNDS)
    as_of = models.DateField(
        _("experts as of"), validators=DATE_BOUNDS, help_text=_("The date at which experts are counted.")
    )
    scope_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    scope_administration = models.ForeignKey(
        MemberAdministration,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("member administration"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    step = models.CharField(_("current step"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, validators=[MaxValueValidator(100)])
    trigger = models.CharField(_("started"), max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    schedule = models.CharField(_("schedule"), max_length=10, choices=Schedule.choices, blank=True, default="")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_runs",
        verbose_name=_("requested by"),
    )
    snapshot = models.JSONField(_("figures"), default=dict, blank=True)
    error = models.TextField(_("why it failed"), blank=True)
    worker_pid = models.PositiveIntegerField(_("worker process"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("computation time (ms)"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="report_run_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__gte=EARLIEST, period_end__lte=LATEST)
                & Q(as_of__gte=EARLIEST, as_of__lte=LATEST),
                name="report_run_dates_bounded",
                violation_error_message=_("Dates must fall between 1980 and 2100."),
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_run_progress_le_100"),
            models.CheckConstraint(
                condition=Q(scope_region__isnull=True) | Q(scope_administration__isnull=True),
                name="report_run_one_scope",
                violation_error_message=_("Scope a report to a region or to a member administration, not both."),
            ),
            models.CheckConstraint(
                condition=~Q(status=RunStatus.SUCCEEDED) | Q(finished_at__isnull=False, progress=100),
                name="report_run_succeeded_is_complete",
            ),
            models.CheckConstraint(
                condition=Q(trigger=Trigger.SCHEDULED) | Q(requested_by__isnull=False),
                name="report_run_manual_has_requester",
            ),
            models.UniqueConstraint(
                fields=["schedule", "period_start", "period_end"],
                condition=Q(trigger=Trigger.SCHEDULED),
                name="report_run_one_per_schedule_and_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.reference} {self.period_start:%Y-%m-%d}-{self.period_end:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("reports:run-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})

    @property
    def reference(self) -> str:
        return f"RR-{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def scope_label(self) -> str:
        if self.scope_administration_id:
            return str(self.scope_administration)
        if self.scope_region_id:
            return str(self.scope_region)
        return str(_("All regions"))

    def parameters(self) -> dict:
        """What the run computes, as it is written into the snapshot."""
        return {
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "region": self.scope_region.code if self.scope_region_id else None,
            "administration": self.scope_administration.iso_code if self.scope_administration_id else None,
        }


@audited()
class ReportRunEvent(models.Model):
    """One row per status move of a run: who (none for the worker), when, from, to, comment."""

    scope = ScopePolicy(
        administration="run__scope_administration",
        region=("run__scope_region", "run__scope_administration__region"),
        rocb="region",
    )

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="events", verbose_name=_("run"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    from_status = models.CharField(_("from"), max_length=10, choices=RunStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=RunStatus.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["run", "at", "pk"]
        verbose_name = _("report run event")
        verbose_name_plural = _("report run events")

    def __str__(self) -> str:
        return f"{self.run.reference}: {self.from_status or '—'} → {self.to_status}"


RATING = [MinValueValidator(1), MaxValueValidator(5)]


@audited()
class MissionFeedback(models.Model):
    """The beneficiary administration's answer to the standard feedback form, once per completed mission:
    ratings of 1 (poor) to 5 (excellent) and what it still needs."""

    scope = ScopePolicy(administration="mission__administration", region="mission__administration__region")

    mission = models.OneToOneField(
        "missions.MissionRequest", on_delete=models.CASCADE, related_name="feedback", verbose_name=_("mission")
    )
    relevance = models.PositiveSmallIntegerField(_("relevance to our needs"), validators=RATING)
    expert_quality = models.PositiveSmallIntegerField(_("quality of the experts"), validators=RATING)
    usefulness = models.PositiveSmallIntegerField(_("usefulness of the outcomes"), validators=RATING)
    follow_up_needed = models.BooleanField(_("follow-up support needed"), default=False)
    follow_up_needs = models.TextField(_("follow-up needs"), blank=True, max_length=4000)
    comments = models.TextField(_("comments"), blank=True, max_length=4000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("mission feedback")
        verbose_name_plural = _("mission feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(relevance__gte=1, relevance__lte=5)
                & Q(expert_quality__gte=1, expert_quality__lte=5)
                & Q(usefulness__gte=1, usefulness__lte=5),
                name="mission_feedback_ratings_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission.reference}: {self.relevance}/{self.expert_quality}/{self.usefulness}"
