"""Missions: a member's request for support, carried through the seven-step invitation workflow."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
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
    Status,
    TeamRole,
)
from wcocb.audit import audited
from wcocb.models import FundingSource, Language, MemberAdministration, TimeStampedModel
from wcocb.scoping import ScopePolicy


@audited()
class MissionRequest(TimeStampedModel):
    """A member administration's request for a mission, from submission to closure."""

    scope = ScopePolicy(
        administration="administration",
        region="administration__region",
        owner="assignments__expert__person__user",
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
    preferred_start = models.DateField(_("preferred start"))
    preferred_end = models.DateField(_("preferred end"))
    duration_days = models.PositiveSmallIntegerField(_("duration (days)"))
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
                condition=Q(preferred_end__gte=models.F("preferred_start")),
                name="mission_request_dates_ordered",
                violation_error_message=_("The preferred end cannot be before the preferred start."),
            ),
            models.CheckConstraint(condition=Q(duration_days__gte=1), name="mission_request_duration_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("missions:request-detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        return f"MR-{self.pk}"

    @property
    def step(self) -> int | None:
        """The step (1-7) of the invitation workflow; on hold, the step it left; cancelled: none."""
        if self.status == Status.ON_HOLD:
            return STEP.get(self.held_from)
        return STEP.get(self.status)


@audited()
class MissionEvent(models.Model):
    """One row per workflow transition or recorded action: who, when, from, to, and why."""

    scope = ScopePolicy(
        administration="request__administration",
        region="request__administration__region",
        owner="request__assignments__expert__person__user",
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

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("mission event")
        verbose_name_plural = _("mission events")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.get_action_display()}"


def _document_path(instance: MissionDocument, filename: str) -> str:
    return f"missions/{instance.request_id}/documents/{filename}"


@audited()
class MissionDocument(models.Model):
    """Preparation material of a mission: terms of reference, agenda, presentations."""

    scope = ScopePolicy(
        administration="request__administration",
        region="request__administration__region",
        owner="request__assignments__expert__person__user",
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


class DateRange(models.Func):
    """``daterange(start, end, '[]')``: both days included."""

    function = "DATERANGE"
    output_field = DateRangeField()


@audited()
class Assignment(TimeStampedModel):
    """An expert considered for, selected for, or serving on a mission, with their role and dates."""

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
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
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

    class Meta:
        ordering = ["request", "role", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["request", "expert"], name="assignment_one_per_expert_and_request"),
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


def _letter_path(instance: ReleaseLetter, filename: str) -> str:
    return f"missions/{instance.assignment.request_id}/letters/{filename}"


@audited()
class ReleaseLetter(TimeStampedModel):
    """The formal letter asking an expert's home administration to release them, and its answer."""

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
    deadline = models.DateField(_("answer expected by"))
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

    def __str__(self) -> str:
        return _("Release of %(expert)s for %(request)s") % {
            "expert": self.assignment.expert,
            "request": self.assignment.request.reference,
        }

    @property
    def home_administration_id(self) -> int | None:
        return self.assignment.expert.person.administration_id
