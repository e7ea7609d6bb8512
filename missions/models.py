"""Missions: a member's request for support, carried through the seven-step invitation workflow."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from missions.choices import (
    STEP,
    Action,
    AvailabilityAnswer,
    DeliveryMode,
    DocumentKind,
    LetterAnswer,
    LetterLanguage,
    MissionKind,
    Origin,
    ReminderKind,
    ReportStatus,
    Status,
    TeamRole,
)
from wcocb import files
from wcocb.audit import audited
from wcocb.models import FundingSource, Language, MemberAdministration, Region, TimeStampedModel, User
from wcocb.scoping import ScopePolicy
from wcocb.validators import date_in_range, plausible_date

# --- what may be uploaded to a mission (documents, report attachments) -----------------------------
# Mission files never have a public address: pages and the API link to permission-checked views
# (``get_download_url()`` of documents, reports and letters) that answer with a ``FileResponse`` to
# those who may see the mission or the letter, and a 404 to anyone else (``missions.views.files``).
# What a file is comes from its bytes (:mod:`wcocb.files`), never from its name.
ALLOWED_KINDS = files.OFFICE_AND_IMAGES
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_HELP = _(
    "PDF, Word (docx), Excel (xlsx), PowerPoint (pptx), OpenDocument or PNG/JPEG images, checked by their "
    "content; up to 20 MB."
)


def validate_upload(file: File) -> None:
    """Refuse a file whose content is not an office document or image missions use, or too large."""
    files.check_upload(file, allowed=ALLOWED_KINDS, max_bytes=MAX_UPLOAD_BYTES)


#: The longest mission a request may ask for, in calendar days.
MAX_MISSION_DAYS = 365


@audited()
class MissionRequest(TimeStampedModel):
    """A member administration's request for a mission, from submission to closure."""

    scope = ScopePolicy(
        administration="administration",
        region="administration__region",
        # An expert sees a mission they are on (selected, released, on the team), not one they were
        # only shortlisted for, declined for or deselected from.
        owner="assignments__expert__person__user",
        owner_also=(("assignments__selected", True),),
        rocb="region",
    )

    administration = models.ForeignKey(
        MemberAdministration,
        on_delete=models.PROTECT,
        related_name="mission_requests",
        verbose_name=_("requesting administration"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MissionKind.choices, db_index=True)
    areas = models.ManyToManyField(
        "experts.ExpertiseArea", blank=True, related_name="mission_requests", verbose_name=_("expertise areas needed")
    )
    title = models.CharField(_("title"), max_length=200)
    objectives = models.TextField(_("objectives"))
    preferred_start = models.DateField(_("preferred start"), validators=[plausible_date])
    preferred_end = models.DateField(_("preferred end"), validators=[plausible_date])
    duration_days = models.PositiveSmallIntegerField(
        _("duration (days)"),
        validators=[
            MinValueValidator(1, _("A mission lasts at least one day.")),
            MaxValueValidator(MAX_MISSION_DAYS, _("A mission lasts at most %(limit_value)s days.")),
        ],
    )
    start_date = models.DateField(
        _("mission start"),
        null=True,
        blank=True,
        help_text=_("Set by the Secretariat, at the latest before release letters are sent; the experts' dates."),
        validators=[plausible_date],
    )
    end_date = models.DateField(_("mission end"), null=True, blank=True, validators=[plausible_date])
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("working language")
    )
    delivery_mode = models.CharField(
        _("delivery mode"), max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.IN_COUNTRY
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.AD_HOC)
    origin_reference = models.CharField(
        _("origin reference"),
        max_length=100,
        blank=True,
        help_text=_("The needs survey or Mercator implementation plan the request comes from, if any."),
    )
    funding = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="mission_requests", verbose_name=_("funding")
    )
    plan_year = models.PositiveSmallIntegerField(_("annual plan year"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    held_from = models.CharField(_("status before hold"), max_length=20, choices=Status.choices, blank=True)
    delivered_by_secretariat = models.BooleanField(_("delivered by Secretariat staff"), default=False)
    hold_reason = models.TextField(_("reason for hold"), blank=True)
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mission request")
        verbose_name_plural = _("mission requests")
        constraints = [
            models.CheckConstraint(
                condition=date_in_range("preferred_start")
                & date_in_range("preferred_end")
                & date_in_range("start_date")
                & date_in_range("end_date"),
                name="mission_request_dates_plausible",
                violation_error_message=_("Give dates between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(preferred_end__gte=models.F("preferred_start")),
                name="mission_request_dates_ordered",
                violation_error_message=_("The preferred end cannot be before the preferred start."),
            ),
            models.CheckConstraint(
                condition=Q(duration_days__gte=1) & Q(duration_days__lte=MAX_MISSION_DAYS),
                name="mission_request_duration_positive",
                violation_error_message=_("A mission lasts from 1 to %(max)s days.") % {"max": MAX_MISSION_DAYS},
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True, end_date__isnull=True)
                | Q(start_date__isnull=False, end_date__gte=models.F("start_date")),
                name="mission_request_mission_dates_ordered",
                violation_error_message=_("Give both mission dates, the end not before the start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("missions:request-detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        return f"MR-{self.pk}"

    @property
    def has_dates(self) -> bool:
        return self.start_date is not None and self.end_date is not None

    @property
    def step(self) -> int | None:
        """The step (1-7) of the invitation workflow; on hold, the step it left; cancelled: none."""
        if self.status == Status.ON_HOLD:
            return STEP.get(self.held_from)
        return STEP.get(self.status)


@audited()
class MissionEvent(models.Model):
    """One row per workflow transition or recorded action: who, when, from, to, and why."""

    #: Set by ``missions.selectors.disclose_event``: what the viewer may read of the event.
    shown_comment: str
    shown_system_lines: list[str]
    shown_user_comment: str
    shown_action: str
    shown_action_label: str | Promise
    shown_actor: User | None
    shown_actor_hidden: bool
    shown_on_behalf_of: str

    scope = ScopePolicy(
        administration="request__administration",
        region="request__administration__region",
        owner="request__assignments__expert__person__user",
        owner_also=(("request__assignments__selected", True),),
        rocb="region",
    )

    request = models.ForeignKey(
        MissionRequest, on_delete=models.CASCADE, related_name="timeline", verbose_name=_("request")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    comment = models.TextField(_("comment"), blank=True)
    assignment = models.ForeignKey(
        "Assignment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="timeline_entries",
        verbose_name=_("assignment"),
    )
    #: What the entry records, in structured form (e.g. ``{"letter": 7, "commitment_overridden": false}``).
    data = models.JSONField(_("Content"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("mission event")
        verbose_name_plural = _("mission events")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.get_action_display()}"

    def history_hidden_fields(self, user) -> set[str]:
        """A release answer's entry: its action, author and content are between the expert's home
        administration, the Secretariat and the region's ROCB (wcocb.views.HistoryView)."""
        from missions import selectors

        # ``data`` holds the entry's system lines (missions.selectors.timeline): they tell what the comment would.
        hidden = set() if selectors.may_read_event_comment(user, self) else {"comment", "data"}
        if not selectors.may_read_event_answer(user, self):
            hidden |= {"action", "actor", "comment", "data", "__author__"}  # wcocb.views.pages.HIDE_AUTHOR
        return hidden


def _document_path(instance: MissionDocument, filename: str) -> str:
    return f"missions/{instance.request_id}/documents/{filename}"


@audited()
class MissionDocument(models.Model):
    """Preparation material of a mission: terms of reference, agenda, presentations."""

    scope = ScopePolicy(
        administration="request__administration",
        region="request__administration__region",
        owner="request__assignments__expert__person__user",
        owner_also=(("request__assignments__selected", True),),
        rocb="region",
    )

    request = models.ForeignKey(
        MissionRequest, on_delete=models.CASCADE, related_name="documents", verbose_name=_("request")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=_document_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["kind", "uploaded_at", "pk"]
        verbose_name = _("mission document")
        verbose_name_plural = _("mission documents")

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    def get_download_url(self) -> str:
        return reverse("missions:document-download", kwargs={"pk": self.pk})


class DateRange(models.Func):
    """``daterange(start, end, '[]')``: both days included."""

    function = "DATERANGE"
    output_field = DateRangeField()


class AssignmentQuerySet(models.QuerySet):
    def team(self) -> AssignmentQuerySet:
        """The team: the selected experts whose release was approved (the experts released for the
        mission, its team once formed)."""
        return self.filter(selected=True, release_letter__answer=LetterAnswer.APPROVED)


@audited()
class Assignment(TimeStampedModel):
    """An expert considered for, selected for, or serving on a mission, with their role and dates."""

    #: Set by ``missions.selectors.disclose_assignment``: what the viewer may read.
    shown_availability_note: str
    shown_selected: bool | None
    shown_is_booked: bool | None
    shown_override_reason: str
    shown_override_by_id: int | None

    scope = ScopePolicy(
        administration=("request__administration", "expert__person__administration"),
        region="request__administration__region",
        owner="expert__person__user",
        rocb="region",
    )

    request = models.ForeignKey(
        MissionRequest, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("request")
    )
    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.PROTECT, related_name="mission_assignments", verbose_name=_("expert")
    )
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices, default=TeamRole.MEMBER)
    start_date = models.DateField(_("start"), validators=[plausible_date])
    end_date = models.DateField(_("end"), validators=[plausible_date])
    availability = models.CharField(
        _("availability"), max_length=20, choices=AvailabilityAnswer.choices, default=AvailabilityAnswer.UNKNOWN
    )
    availability_note = models.TextField(_("availability note"), blank=True)
    selected = models.BooleanField(_("selected"), default=False)
    is_booked = models.BooleanField(
        _("dates booked"),
        default=False,
        help_text=_("Set while a release is requested or approved; an expert cannot be booked twice at once."),
    )
    external_justification = models.TextField(
        _("justification for an External Expert"),
        blank=True,
        help_text=_("Why no accredited or recognized expert is available or suitable."),
    )
    commitment_override = models.BooleanField(_("release commitment overridden"), default=False)
    commitment_override_reason = models.TextField(_("reason for the override"), blank=True)
    commitment_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("override by"),
    )
    briefed_at = models.DateTimeField(_("briefed"), null=True, blank=True)
    evaluation_positive = models.BooleanField(_("field evaluation positive"), null=True, blank=True)
    evaluated_at = models.DateTimeField(_("evaluated"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["request", "role", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=date_in_range("start_date") & date_in_range("end_date"),
                name="assignment_dates_plausible",
                violation_error_message=_("Give dates between 1990 and 2100."),
            ),
            models.UniqueConstraint(
                fields=["request", "expert"],
                name="assignment_one_per_expert_and_request",
                violation_error_message=_("This expert is already on this request's shortlist."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="assignment_dates_ordered",
                violation_error_message=_("The end cannot be before the start."),
            ),
            ExclusionConstraint(
                name="assignment_no_double_booking",
                expressions=[
                    ("expert", RangeOperators.EQUAL),
                    (DateRange("start_date", "end_date", models.Value("[]")), RangeOperators.OVERLAPS),
                ],
                condition=Q(is_booked=True),
                violation_error_message=_("This expert is already booked on another mission on these dates."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} — {self.request.reference} ({self.get_role_display()})"

    @property
    def source_key(self) -> str:
        """The key under which this assignment's days are recorded in the expert's deployments."""
        return f"assignment:{self.pk}"

    def history_hidden_fields(self, user) -> set[str]:
        """Fields of this record's change history that ``user`` may not read (wcocb.views.HistoryView)."""
        from missions import selectors

        hidden = set()
        if selectors.has_letter(self) and not selectors.may_read_answer_of(user, self):
            hidden |= {"selected", "is_booked"}  # a decline clears them
        if not selectors.may_read_availability_note(user, self):
            hidden.add("availability_note")
        if not selectors.may_read_override_reason(user, self):
            hidden.add("commitment_override_reason")
        return hidden


def _letter_path(instance: ReleaseLetter, filename: str) -> str:
    return f"missions/{instance.assignment.request_id}/letters/{filename}"


@audited()
class ReleaseLetter(TimeStampedModel):
    """The formal letter asking an expert's home administration to release them, and its answer."""

    #: Set by ``missions.selectors.disclose_letter``: the answer as the viewer may read it.
    shown_answer: str | None
    shown_answer_label: str
    shown_answer_reason: str
    shown_answered_by_id: int | None

    scope = ScopePolicy(
        administration="assignment__expert__person__administration",
        region="assignment__request__administration__region",
        owner="assignment__expert__person__user",
        rocb="region",
    )

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="release_letter", verbose_name=_("assignment")
    )
    language = models.CharField(_("language"), max_length=2, choices=LetterLanguage.choices, default="en")
    pdf = models.FileField(_("letter (PDF)"), upload_to=_letter_path, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    deadline = models.DateField(_("answer expected by"), validators=[plausible_date])
    answer = models.CharField(
        _("answer"), max_length=10, choices=LetterAnswer.choices, default=LetterAnswer.PENDING, db_index=True
    )
    answer_reason = models.TextField(_("reason"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("release letter")
        verbose_name_plural = _("release letters")
        constraints = [
            models.CheckConstraint(
                condition=date_in_range("deadline"),
                name="release_letter_deadline_plausible",
                violation_error_message=_("Give dates between 1990 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return _("Release of %(expert)s for %(request)s") % {
            "expert": self.assignment.expert,
            "request": self.assignment.request.reference,
        }

    def get_download_url(self) -> str:
        """The letter PDF, through the permission-checked view."""
        return reverse("missions:letter-pdf", kwargs={"pk": self.pk})

    @property
    def home_administration_id(self) -> int | None:
        return self.assignment.expert.person.administration_id

    def history_hidden_fields(self, user) -> set[str]:
        """The answer, its reason and who gave it are between the expert's home administration, the
        Secretariat and the region's ROCB (wcocb.views.HistoryView)."""
        from missions import selectors

        if selectors.may_read_release_answer(user, self):
            return set()
        return {"answer", "answer_reason", "answered_by", "answered_at"}


# --- costs ------------------------------------------------------------------------------------------
CURRENCY_VALIDATOR = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 currency code, e.g. USD."))
COST_SCOPE = ScopePolicy(public=True)


@audited()
class PerDiemRate(TimeStampedModel):
    """The daily allowance (accommodation, local transport, other costs) paid in a country, under
    WCO staff rules, for a period. At most one rate per country is valid on any day."""

    scope = COST_SCOPE

    country = models.ForeignKey(
        MemberAdministration, on_delete=models.PROTECT, related_name="per_diem_rates", verbose_name=_("country")
    )
    daily_amount = models.DecimalField(
        _("daily amount"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD", validators=[CURRENCY_VALIDATOR])
    valid_from = models.DateField(_("valid from"), validators=[plausible_date])
    valid_to = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Empty: until further notice."),
        validators=[plausible_date],
    )

    class Meta:
        ordering = ["country__name_en", "-valid_from"]
        verbose_name = _("per diem rate")
        verbose_name_plural = _("per diem rates")
        constraints = [
            models.CheckConstraint(
                condition=date_in_range("valid_from") & date_in_range("valid_to"),
                name="per_diem_rate_dates_plausible",
                violation_error_message=_("Give dates between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="per_diem_rate_dates_ordered",
                violation_error_message=_("The end of validity cannot be before its start."),
            ),
            models.CheckConstraint(
                condition=Q(daily_amount__gt=0),
                name="per_diem_rate_amount_positive",
                violation_error_message=_("The daily amount must be more than zero."),
            ),
            ExclusionConstraint(
                name="per_diem_rate_no_overlap",
                expressions=[
                    ("country", RangeOperators.EQUAL),
                    (DateRange("valid_from", "valid_to", models.Value("[]")), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_("Another per diem rate for this country is valid on some of these dates."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.daily_amount} {self.currency} ({self.valid_from} - {self.valid_to or '...'})"

    def clean(self) -> None:
        super().clean()
        if not self.country_id or not self.valid_from or (self.valid_to and self.valid_to < self.valid_from):
            return
        overlapping = PerDiemRate.objects.filter(country_id=self.country_id).exclude(pk=self.pk)
        overlapping = overlapping.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
        if self.valid_to:
            overlapping = overlapping.filter(valid_from__lte=self.valid_to)
        other = overlapping.order_by("valid_from").first()
        if other is not None:
            raise ValidationError(
                {
                    "valid_from": _(
                        "The rate for %(country)s valid from %(start)s until %(end)s overlaps these dates: "
                        "end it before this one starts."
                    )
                    % {
                        "country": other.country,
                        "start": other.valid_from,
                        "end": other.valid_to or _("further notice"),
                    }
                }
            )

    def validate_constraints(self, exclude=None) -> None:
        # clean() already explains an overlap with the dates of the other rate; the database still enforces it.
        constraints = [
            (model, [c for c in model_constraints if c.name != "per_diem_rate_no_overlap"])
            for model, model_constraints in self.get_constraints()
        ]
        errors = {}
        for model_class, model_constraints in constraints:
            for constraint in model_constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude)
                except ValidationError as exc:
                    errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


@audited()
class FlightCost(TimeStampedModel):
    """The estimated fare of the shortest, most direct route between two countries, from a date;
    or, when no country pair is known, between two WCO regions (the fallback)."""

    scope = COST_SCOPE

    origin = models.ForeignKey(
        MemberAdministration,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("origin country"),
    )
    destination = models.ForeignKey(
        MemberAdministration,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destination country"),
    )
    origin_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("origin region")
    )
    destination_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("destination region")
    )
    fare = models.DecimalField(
        _("estimated fare"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD", validators=[CURRENCY_VALIDATOR])
    valid_from = models.DateField(_("valid from"), validators=[plausible_date])

    class Meta:
        ordering = ["origin__name_en", "destination__name_en", "origin_region__code", "-valid_from"]
        verbose_name = _("flight cost")
        verbose_name_plural = _("flight costs")
        constraints = [
            models.CheckConstraint(
                condition=date_in_range("valid_from"),
                name="flight_cost_dates_plausible",
                violation_error_message=_("Give dates between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(origin__isnull=False, destination__isnull=False, origin_region__isnull=True)
                    & Q(destination_region__isnull=True)
                )
                | (
                    Q(origin__isnull=True, destination__isnull=True, origin_region__isnull=False)
                    & Q(destination_region__isnull=False)
                ),
                name="flight_cost_country_or_region_pair",
                violation_error_message=_("Give either an origin and destination country, or two regions."),
            ),
            models.CheckConstraint(
                condition=Q(fare__gt=0),
                name="flight_cost_fare_positive",
                violation_error_message=_("The fare must be more than zero."),
            ),
            models.UniqueConstraint(
                fields=["origin", "destination", "valid_from"],
                condition=Q(origin__isnull=False),
                name="flight_cost_unique_country_pair",
                violation_error_message=_("A fare for this country pair from this date already exists."),
            ),
            models.UniqueConstraint(
                fields=["origin_region", "destination_region", "valid_from"],
                condition=Q(origin_region__isnull=False),
                name="flight_cost_unique_region_pair",
                violation_error_message=_("A fare for this region pair from this date already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.route} {self.fare} {self.currency} ({self.valid_from})"

    @property
    def route(self) -> str:
        if self.origin_id:
            return f"{self.origin} → {self.destination}"
        return f"{self.origin_region} → {self.destination_region}"


# --- release reminders and mission reports --------------------------------------------------------
@audited()
class ReleaseReminder(models.Model):
    """A message about a pending release answer, sent once per letter, deadline and stage: a reminder
    to the home administration before the deadline, or a notice to the Secretariat once it has passed."""

    scope = ScopePolicy(
        administration="letter__assignment__expert__person__administration",
        region="letter__assignment__request__administration__region",
        rocb="region",
    )

    letter = models.ForeignKey(
        ReleaseLetter, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("release letter")
    )
    deadline = models.DateField(_("deadline reminded"))
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReminderKind.choices, default=ReminderKind.BEFORE_DEADLINE
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["letter", "-days_before"]
        verbose_name = _("release reminder")
        verbose_name_plural = _("release reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "deadline", "kind", "days_before"],
                name="release_reminder_once_per_kind",
                violation_error_message=_("This reminder was already sent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter_id} -{self.days_before}d"


def _report_path(instance: MissionReport, filename: str) -> str:
    return f"missions/{instance.request_id}/report/{filename}"


@audited()
class MissionReport(TimeStampedModel):
    """The team leader's report on a completed mission, on the standard template; reviewed by the
    Secretariat before the mission closes."""

    scope = ScopePolicy(
        administration="request__administration",
        region="request__administration__region",
        owner="request__assignments__expert__person__user",
        owner_also=(("request__assignments__selected", True),),
        rocb="region",
    )

    request = models.OneToOneField(
        MissionRequest, on_delete=models.CASCADE, related_name="report", verbose_name=_("request")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT, db_index=True
    )
    purpose = models.TextField(_("purpose"), blank=True)
    participants_profile = models.TextField(_("participants' profile"), blank=True)
    main_activities = models.TextField(_("main activities"), blank=True)
    initial_feedback_and_outcomes = models.TextField(_("initial feedback and outcomes"), blank=True)
    future_needs = models.TextField(_("future needs"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to=_report_path, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    TEMPLATE_FIELDS = (
        "purpose",
        "participants_profile",
        "main_activities",
        "initial_feedback_and_outcomes",
        "future_needs",
    )

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = _("mission report")
        verbose_name_plural = _("mission reports")

    def __str__(self) -> str:
        return _("Report on %(request)s") % {"request": self.request.reference}

    def get_absolute_url(self) -> str:
        return reverse("missions:report-detail", kwargs={"pk": self.request_id})

    def get_download_url(self) -> str:
        """The attachment, through the permission-checked view."""
        return reverse("missions:report-attachment", kwargs={"pk": self.request_id})

    @property
    def attachment_name(self) -> str:
        """The attachment's file name, without the storage folders."""
        return self.attachment.name.rsplit("/", 1)[-1] if self.attachment else ""


@audited(exclude=["digest"])
class CalendarFeedToken(TimeStampedModel):
    """The secret of an expert's calendar subscription address. Random; only its SHA-256 digest is kept (the
    address is shown once, when it is made). The expert revokes it or replaces it with a new one; at most one
    is live per expert."""

    scope = ScopePolicy(owner="expert__person__user", rocb="none", api_client=False)

    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.CASCADE, related_name="calendar_tokens", verbose_name=_("expert")
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["expert"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_token_one_live_per_expert",
                violation_error_message=_("An expert has one live calendar address at a time."),
            )
        ]

    def __str__(self) -> str:
        return str(_("Calendar address of %(expert)s") % {"expert": self.expert})

    def history_hidden_fields(self, user) -> set[str]:
        return {"digest"}
