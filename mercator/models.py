"""Mercator: a member's implementation plan from the written request to monitoring, its diagnostics,
findings, strategic recommendations, activities, milestones, KPIs, risks and period reports, and the WTO
TFA reference data with each member's commitments (the implementation matrix).

The chain finding → recommendation → TFA measure → activity / milestone → mission → KPI is kept by
foreign keys both ways (``Finding.recommendations``, ``Recommendation.measures``, ``Activity.recommendation``,
``Activity.missions``, ``Kpi.recommendation``)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mercator.choices import (
    ActivityStatus,
    EventKind,
    ImplementationStatus,
    MilestoneStatus,
    OrgArea,
    PeriodKind,
    Phase,
    PlanForm,
    Priority,
    RecommendationStatus,
    ReportStatus,
    RiskStatus,
    TfaCategory,
    Track,
)
from wcocb.audit import audited
from wcocb.models import FundingSource, MemberAdministration, MultilingualName, TimeStampedModel
from wcocb.scoping import ScopePolicy

#: Dates the programme can hold (the TFA was adopted in 2013; plans look ahead at most to 2050).
MIN_DATE = "2000-01-01"
MAX_DATE = "2050-12-31"
MAX_AMOUNT = Decimal("1000000000")
MAX_REQUEST_BYTES = 10 * 1024 * 1024


def _dates_in_range(*names: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__range": (MIN_DATE, MAX_DATE)}),
            name=f"%(app_label)s_%(class)s_{name}_in_range",
            violation_error_message=_("Dates must lie between 2000 and 2050."),
        )
        for name in names
    ]


def validate_request_document(file: File) -> None:
    """The written request is a PDF: checked by its content (``%PDF-``), not by its name only."""
    extension = PurePath(file.name or "").suffix.lower()
    if extension != ".pdf":
        raise ValidationError(_("The written request must be a PDF file."), code="file_type")
    if (file.size or 0) > MAX_REQUEST_BYTES:
        raise ValidationError(_("The written request must be 10 MB or less."), code="file_size")
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(5)
    file.seek(position)
    if head != b"%PDF-":
        raise ValidationError(_("This file is not a PDF document."), code="file_content")


amount_validators = [MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT)]
score_validators = [MinValueValidator(1), MaxValueValidator(5)]

#: The rows of a plan: its member administration's users, the ROCB of its region, its MPAs.
PLAN_SCOPE = ScopePolicy(
    administration="administration", region="administration__region", owner="mpas__person__user", rocb="region"
)


def _plan_scope(prefix: str) -> ScopePolicy:
    return ScopePolicy(
        administration=f"{prefix}administration",
        region=f"{prefix}administration__region",
        owner=f"{prefix}mpas__person__user",
        rocb="region",
    )


# --- The TFA as reference data ----------------------------------------------------------------------
@audited()
class TfaArticle(MultilingualName):
    """An article of the WTO Trade Facilitation Agreement (Section I: 1-12; 23.2 the national committee)."""

    scope = ScopePolicy(public=True)

    number = models.CharField(
        _("article"), max_length=10, unique=True, validators=[RegexValidator(r"^\d{1,2}$", _("An article number."))]
    )
    position = models.PositiveSmallIntegerField(_("order"), validators=[MaxValueValidator(99)])

    class Meta:
        ordering = ["position"]
        verbose_name = _("TFA article")
        verbose_name_plural = _("TFA articles")

    def __str__(self) -> str:
        return f"{_('Art.')} {self.number} {self.name}"


@audited()
class TfaMeasure(MultilingualName):
    """A measure of the TFA (7.1 pre-arrival processing, 10.4 single window, 23.2 …)."""

    scope = ScopePolicy(public=True)

    article = models.ForeignKey(
        TfaArticle, on_delete=models.PROTECT, related_name="measures", verbose_name=_("TFA article")
    )
    number = models.CharField(
        _("measure"),
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^\d{1,2}(\.\d{1,2}){0,2}$", _("A measure number such as 7.4."))],
    )
    position = models.PositiveSmallIntegerField(_("order"), validators=[MaxValueValidator(999)])

    class Meta:
        ordering = ["position"]
        verbose_name = _("TFA measure")
        verbose_name_plural = _("TFA measures")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


@audited()
class TfaCommitment(TimeStampedModel):
    """A member's Section II commitment on one measure: its category, dates and implementation status."""

    scope = ScopePolicy(administration="administration", region="administration__region", rocb="region")

    administration = models.ForeignKey(
        MemberAdministration, on_delete=models.PROTECT, related_name="tfa_commitments", verbose_name=_("member")
    )
    measure = models.ForeignKey(
        TfaMeasure, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("TFA measure")
    )
    category = models.CharField(_("category"), max_length=1, choices=TfaCategory.choices, db_index=True)
    indicative_date = models.DateField(_("indicative date"), null=True, blank=True)
    definitive_date = models.DateField(_("definitive date"), null=True, blank=True)
    status = models.CharField(
        _("implementation status"),
        max_length=20,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NOT_STARTED,
        db_index=True,
    )
    status_date = models.DateField(_("status reached on"), null=True, blank=True)

    class Meta:
        ordering = ["administration__name_en", "measure__position"]
        verbose_name = _("TFA commitment")
        verbose_name_plural = _("TFA commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "measure"],
                name="tfa_commitment_one_per_measure",
                violation_error_message=_("This member already has a commitment on this measure."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ImplementationStatus.IMPLEMENTED) | Q(status_date__isnull=False),
                name="tfa_commitment_implemented_has_date",
                violation_error_message=_("Give the date the measure was implemented."),
            ),
            *_dates_in_range("indicative_date", "definitive_date", "status_date"),
        ]

    def __str__(self) -> str:
        return f"{self.administration.iso_code} {self.measure.number} ({self.category})"

    @property
    def on_time(self) -> bool | None:
        """Implemented by the definitive date (``None``: not implemented or no definitive date)."""
        if self.status != ImplementationStatus.IMPLEMENTED or self.definitive_date is None:
            return None
        return self.status_date <= self.definitive_date


# --- The plan ----------------------------------------------------------------------------------------
@audited()
class Plan(TimeStampedModel):
    """One member administration's Mercator plan (or ad-hoc engagement), opened from its written request."""

    scope = PLAN_SCOPE

    administration = models.ForeignKey(
        MemberAdministration, on_delete=models.PROTECT, related_name="mercator_plans", verbose_name=_("administration")
    )
    title = models.CharField(_("title"), max_length=200)
    track = models.CharField(_("track"), max_length=20, choices=Track.choices, default=Track.TAILOR_MADE)
    form = models.CharField(_("form"), max_length=20, choices=PlanForm.choices, default=PlanForm.MULTI_YEAR)
    request_reference = models.CharField(_("written request (reference)"), max_length=100)
    request_date = models.DateField(_("written request dated"))
    request_document = models.FileField(
        _("written request (PDF)"),
        upload_to="mercator/requests/%Y/",
        blank=True,
        validators=[validate_request_document],
    )
    contact_name = models.CharField(_("contact point"), max_length=200)
    contact_email = models.EmailField(_("contact point's email"), blank=True)
    contact_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact point's account"),
    )
    mpas = models.ManyToManyField(
        "experts.Expert", blank=True, related_name="mercator_plans", verbose_name=_("Mercator Programme Advisors")
    )
    funding = models.ManyToManyField(
        FundingSource, blank=True, related_name="mercator_plans", verbose_name=_("donor projects")
    )
    endorsed_on = models.DateField(_("endorsed on"), null=True, blank=True)
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.REQUEST_RECEIVED, db_index=True
    )
    held_from = models.CharField(_("phase before hold"), max_length=20, choices=Phase.choices, blank=True)
    phase_reason = models.TextField(_("reason (hold / withdrawal)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    class Meta:
        ordering = ["administration__name_en", "-request_date", "-pk"]
        verbose_name = _("Mercator plan")
        verbose_name_plural = _("Mercator plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(endorsed_on__isnull=True) | Q(endorsed_on__gte=F("request_date")),
                name="mercator_plan_endorsed_after_request",
                violation_error_message=_("A plan cannot be endorsed before its written request."),
            ),
            models.CheckConstraint(
                condition=~Q(phase__in=[Phase.ON_HOLD, Phase.WITHDRAWN]) | ~Q(phase_reason=""),
                name="mercator_plan_hold_has_reason",
                violation_error_message=_("Give the reason for the hold or the withdrawal."),
            ),
            *_dates_in_range("request_date", "endorsed_on"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("mercator:plan-detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        return f"MP-{self.pk}"


@audited()
class PlanTimelineEvent(models.Model):
    """One row per phase move or recorded action on a plan: who, when, from, to, comment (and what it concerns)."""

    scope = _plan_scope("plan__")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="timeline")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    kind = models.CharField(_("what"), max_length=30, choices=EventKind.choices)
    from_state = models.CharField(_("from"), max_length=30, blank=True)
    to_state = models.CharField(_("to"), max_length=30, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    recommendation = models.ForeignKey(
        "Recommendation", null=True, blank=True, on_delete=models.CASCADE, related_name="timeline"
    )
    report = models.ForeignKey(
        "PeriodReport", null=True, blank=True, on_delete=models.CASCADE, related_name="timeline"
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")

    def __str__(self) -> str:
        return f"{self.plan.reference} {self.get_kind_display()}"

    def state_label(self, value: str) -> str:
        for choices in (Phase, RecommendationStatus, ReportStatus):
            if value in choices.values:
                return str(choices(value).label)
        return value

    @property
    def from_label(self) -> str:
        return self.state_label(self.from_state)

    @property
    def to_label(self) -> str:
        return self.state_label(self.to_state)


class PlanChild(TimeStampedModel):
    """Abstract: a row that belongs to one plan and is seen by whoever sees the plan."""

    scope = _plan_scope("plan__")
    #: Fields the member administration (and its contact point) may change on its own plan.
    PROGRESS_FIELDS: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    #: The name of the row's own page (``mercator:<name>``).
    page_name = ""

    def get_absolute_url(self) -> str:
        return reverse(f"mercator:{self.page_name or self._meta.model_name + '-detail'}", kwargs={"pk": self.pk})


@audited()
class Diagnostic(PlanChild):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="diagnostics")
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    team = models.ManyToManyField(
        "experts.Expert", blank=True, related_name="mercator_diagnostics", verbose_name=_("team")
    )
    mission = models.ForeignKey(
        "missions.MissionRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mercator_diagnostics",
        verbose_name=_("mission that delivered it"),
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["plan", "start_date", "pk"]
        verbose_name = _("diagnostic")
        verbose_name_plural = _("diagnostics")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="mercator_diagnostic_dates_ordered",
                violation_error_message=_("The end cannot be before the start."),
            ),
            *_dates_in_range("start_date", "end_date"),
        ]

    def __str__(self) -> str:
        return self.title


@audited()
class Finding(PlanChild):
    scope = _plan_scope("diagnostic__plan__")

    diagnostic = models.ForeignKey(
        Diagnostic, on_delete=models.CASCADE, related_name="findings", verbose_name=_("diagnostic")
    )
    text = models.TextField(_("finding"))
    area = models.CharField(_("organizational area"), max_length=20, choices=OrgArea.choices)

    class Meta:
        ordering = ["diagnostic", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def plan(self) -> Plan:
        return self.diagnostic.plan


@audited()
class Recommendation(PlanChild):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recommendations")
    finding = models.ForeignKey(
        Finding,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("finding"),
    )
    title = models.CharField(_("recommendation"), max_length=300)
    measures = models.ManyToManyField(
        TfaMeasure, blank=True, related_name="recommendations", verbose_name=_("TFA measures")
    )
    area = models.CharField(_("organizational area"), max_length=20, choices=OrgArea.choices)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
        db_index=True,
    )

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("strategic recommendation")
        verbose_name_plural = _("strategic recommendations")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.finding_id and self.plan_id and self.finding.diagnostic.plan_id != self.plan_id:
            raise ValidationError({"finding": _("The finding comes from another plan's diagnostic.")})


@audited()
class Activity(PlanChild):
    PROGRESS_FIELDS = frozenset({"status", "actual_start", "actual_end", "actual_cost"})

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    recommendation = models.ForeignKey(
        Recommendation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("recommendation"),
    )
    title = models.CharField(_("activity"), max_length=200)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    planned_cost = models.DecimalField(
        _("planned cost (USD)"), max_digits=12, decimal_places=2, default=Decimal(0), validators=amount_validators
    )
    actual_cost = models.DecimalField(
        _("actual cost (USD)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=amount_validators
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED, db_index=True
    )
    missions = models.ManyToManyField(
        "missions.MissionRequest", blank=True, related_name="mercator_activities", verbose_name=_("missions")
    )

    class Meta:
        ordering = ["plan", "planned_start", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="mercator_activity_planned_ordered",
                violation_error_message=_("The planned end cannot be before the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=False, actual_end__gte=F("actual_start")),
                name="mercator_activity_actual_ordered",
                violation_error_message=_("The actual end needs an actual start before it."),
            ),
            models.CheckConstraint(
                condition=Q(planned_cost__gte=0, planned_cost__lte=MAX_AMOUNT)
                & (Q(actual_cost__isnull=True) | Q(actual_cost__gte=0, actual_cost__lte=MAX_AMOUNT)),
                name="mercator_activity_costs_bounded",
            ),
            *_dates_in_range("planned_start", "planned_end", "actual_start", "actual_end"),
        ]

    def __str__(self) -> str:
        return self.title


@audited()
class Milestone(PlanChild):
    PROGRESS_FIELDS = frozenset({"status", "achieved_on"})

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
        verbose_name=_("activity"),
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("planned date"))
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING, db_index=True
    )

    class Meta:
        ordering = ["plan", "due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=MilestoneStatus.ACHIEVED, achieved_on__isnull=False)
                | (~Q(status=MilestoneStatus.ACHIEVED) & Q(achieved_on__isnull=True)),
                name="mercator_milestone_achieved_has_date",
                violation_error_message=_("An achieved milestone has its date; another has none."),
            ),
            *_dates_in_range("due_date", "achieved_on"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def on_time(self) -> bool | None:
        if self.achieved_on is None:
            return None
        return self.achieved_on <= self.due_date


@audited()
class Kpi(PlanChild):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="kpis")
    recommendation = models.ForeignKey(
        Recommendation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kpis",
        verbose_name=_("recommendation"),
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="kpis", verbose_name=_("activity")
    )
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"))

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_date__gte=F("baseline_date")),
                name="mercator_kpi_target_after_baseline",
                violation_error_message=_("The target date cannot be before the baseline date."),
            ),
            models.CheckConstraint(
                condition=Q(
                    baseline_value__range=(-MAX_AMOUNT, MAX_AMOUNT), target_value__range=(-MAX_AMOUNT, MAX_AMOUNT)
                ),
                name="mercator_kpi_values_bounded",
            ),
            *_dates_in_range("baseline_date", "target_date"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


@audited()
class Risk(PlanChild):
    PROGRESS_FIELDS = frozenset({"status", "mitigation"})

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(_("risk"), max_length=200)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1-5)"), validators=score_validators)
    impact = models.PositiveSmallIntegerField(_("impact (1-5)"), validators=score_validators)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    mitigation = models.TextField(_("mitigation"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RiskStatus.choices, default=RiskStatus.OPEN)

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__range=(1, 5), impact__range=(1, 5)),
                name="mercator_risk_scores_1_to_5",
                violation_error_message=_("Likelihood and impact are scored from 1 to 5."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@audited()
class PeriodReport(PlanChild):
    """One reporting period's progress report of a plan: drafted by an MPA or the contact point, submitted,
    approved or returned by the Secretariat. Only approved reports' KPI actuals count in the figures."""

    page_name = "report-detail"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.QUARTER)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    narrative = models.TextField(_("narrative"), blank=True)
    risks_review = models.TextField(_("risks reviewed"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT, db_index=True
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("drafted by")
    )
    return_comment = models.TextField(_("comment on return"), blank=True)

    class Meta:
        ordering = ["plan", "-period_start", "pk"]
        verbose_name = _("period report")
        verbose_name_plural = _("period reports")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_start"],
                name="mercator_report_one_per_period",
                violation_error_message=_("This plan already has a report for this period."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="mercator_report_period_ordered",
                violation_error_message=_("The period must end after it starts."),
            ),
            *_dates_in_range("period_start", "period_end"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.reference} {self.period_start:%Y-%m} to {self.period_end:%Y-%m}"

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end:
            months = (
                (self.period_end.year - self.period_start.year) * 12 + self.period_end.month - self.period_start.month
            )
            expected = 3 if self.kind == PeriodKind.QUARTER else 6
            if self.period_start.day != 1 or months != expected - 1:
                raise ValidationError(
                    {"period_end": _("A %(kind)s runs from the first of a month over %(months)s whole months.")
                     % {"kind": PeriodKind(self.kind).label.lower(), "months": expected}}
                )  # fmt: skip


@audited()
class KpiActual(models.Model):
    """A KPI's actual value as a period report gives it."""

    scope = _plan_scope("report__plan__")

    report = models.ForeignKey(PeriodReport, on_delete=models.CASCADE, related_name="actuals")
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="actuals")
    value = models.DecimalField(_("actual"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["kpi", "report__period_start"]
        verbose_name = _("KPI actual")
        verbose_name_plural = _("KPI actuals")
        constraints = [
            models.UniqueConstraint(fields=["report", "kpi"], name="mercator_kpi_actual_once_per_report"),
            models.CheckConstraint(
                condition=Q(value__range=(-MAX_AMOUNT, MAX_AMOUNT)), name="mercator_kpi_actual_bounded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi.name}: {self.value}"


@audited()
class ActivityNote(models.Model):
    """A period report's narrative on one activity."""

    scope = _plan_scope("report__plan__")

    report = models.ForeignKey(PeriodReport, on_delete=models.CASCADE, related_name="notes")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="notes")
    narrative = models.TextField(_("narrative"))

    class Meta:
        ordering = ["activity", "pk"]
        verbose_name = _("activity note")
        verbose_name_plural = _("activity notes")
        constraints = [models.UniqueConstraint(fields=["report", "activity"], name="mercator_note_once_per_report")]

    def __str__(self) -> str:
        return self.narrative[:80]
