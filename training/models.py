"""Training: programmes and their sessions, the participant path, certificates anyone can verify,
e-learning completions, feedback forms and the six-month 360° impact review.

A participant is a :class:`wcocb.models.Person`, the same record the experts database uses: an officer who
comes back (or later becomes an expert) is one person. The rules that can be written as constraints are
declared here; the services (:mod:`training.services`) check the rest and who may act.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from training.choices import (
    IMPACT_REVIEW_KINDS,
    Change,
    DeliveryMode,
    ParticipantStatus,
    ProgrammeKind,
    Rating,
    ReviewerSlot,
)
from wcocb.audit import audited
from wcocb.models import CODE_VALIDATOR, RTC, FundingSource, Language, MemberAdministration, Person, TimeStampedModel
from wcocb.scoping import ScopePolicy
from wcocb.validators import plausible_date

#: The catalogue: every signed-in role reads programmes and sessions (a member nominates from it).
CATALOGUE = ScopePolicy(public=True)
#: A participant's rows: the Secretariat, the ROCB of the participant's region, their administration, the
#: officer themself (through their login).
PARTICIPANT_SCOPE = ScopePolicy(
    administration="participant__administration",
    region="participant__administration__region",
    owner="participant__person__user",
    rocb="region",
)
#: What a participant answers about a session: the Secretariat and the participant (candid answers are not
#: shown to their administration or ROCB, only aggregated per session).
FEEDBACK_SCOPE = ScopePolicy(owner="participant__person__user", rocb="none")

FIRST_YEAR, LAST_YEAR = 1990, 2100


def new_code() -> str:
    """An unguessable verification code (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


def new_nonce() -> str:
    return secrets.token_hex(16)


def _year_bounds(field: str) -> Q:
    return Q(**{f"{field}__year__gte": FIRST_YEAR, f"{field}__year__lte": LAST_YEAR})


@audited()
class Programme(TimeStampedModel):
    """A programme the Directorate runs (VCOA, Fellowship, LMD, ...) or an e-learning course."""

    scope = CATALOGUE

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    kind = models.CharField(_("kind"), max_length=30, choices=ProgrammeKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    duration_weeks = models.PositiveSmallIntegerField(
        _("duration (weeks)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(104)]
    )
    hours = models.PositiveSmallIntegerField(
        _("hours of study"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="+", verbose_name=_("languages"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_weeks__isnull=True) | Q(duration_weeks__gte=1, duration_weeks__lte=104),
                name="programme_duration_bounds",
                violation_error_message=_("A programme lasts from 1 to 104 weeks."),
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=1, hours__lte=2000),
                name="programme_hours_bounds",
                violation_error_message=_("A course has from 1 to 2,000 hours of study."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=ProgrammeKind.ELEARNING) | Q(hours__isnull=False),
                name="programme_elearning_has_hours",
                violation_error_message=_("An e-learning course says how many hours of study it has."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:programme-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.kind == ProgrammeKind.ELEARNING and self.hours is None:
            raise ValidationError({"hours": _("An e-learning course says how many hours of study it has.")})

    @property
    def has_impact_review(self) -> bool:
        return self.kind in IMPACT_REVIEW_KINDS


@audited()
class Session(TimeStampedModel):
    """One session of a programme: dates, language, delivery, venue or RTC, host, capacity, tutors, funding."""

    scope = CATALOGUE

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start"), validators=[plausible_date])
    end_date = models.DateField(_("end"), validators=[plausible_date])
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language"))
    mode = models.CharField(_("delivery mode"), max_length=20, choices=DeliveryMode.choices)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    rtc = models.ForeignKey(
        RTC, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("RTC")
    )
    host = models.ForeignKey(
        MemberAdministration,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("host administration"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    tutors = models.ManyToManyField(
        "experts.Expert", blank=True, related_name="training_sessions", verbose_name=_("tutors and experts")
    )
    funding = models.ForeignKey(
        FundingSource, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("funding")
    )
    accreditation_workshop = models.ForeignKey(
        "experts.AccreditationWorkshop",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("accreditation workshop"),
        help_text=_("For an accreditation workshop: the workshop in the experts database whose pass it records."),
    )

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="session_dates_ordered",
                violation_error_message=_("The end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=_year_bounds("start_date") & _year_bounds("end_date"),
                name="session_dates_bounds",
                violation_error_message=_("Dates must fall between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=1000),
                name="session_capacity_bounds",
                violation_error_message=_("A session has from 1 to 1,000 places."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:session-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})
        if self.programme_id is None:
            return
        if self.programme.kind == ProgrammeKind.ACCREDITATION and not self.accreditation_workshop_id:
            raise ValidationError(
                {"accreditation_workshop": _("An accreditation workshop session names its workshop in experts.")}
            )
        if self.programme.kind != ProgrammeKind.ACCREDITATION and self.accreditation_workshop_id:
            raise ValidationError(
                {"accreditation_workshop": _("Only a session of an accreditation workshop names a workshop.")}
            )
        if self.mode == DeliveryMode.IN_PERSON and not (self.venue or self.rtc_id):
            raise ValidationError({"venue": _("An in-person session takes place somewhere: give a venue or an RTC.")})


@audited()
class Participant(TimeStampedModel):
    """An officer on a session's participant path (see :data:`training.choices.TRANSITIONS`)."""

    scope = ScopePolicy(
        administration="administration", region="administration__region", owner="person__user", rocb="region"
    )

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="participants")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="training_participations", verbose_name=_("officer")
    )
    administration = models.ForeignKey(
        MemberAdministration, on_delete=models.PROTECT, related_name="+", verbose_name=_("administration")
    )
    post = models.CharField(_("post"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ParticipantStatus.choices, default=ParticipantStatus.NOMINATED
    )
    waitlist_position = models.PositiveIntegerField(_("place on the waiting list"), null=True, blank=True)
    honours = models.BooleanField(_("with honours"), default=False)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["session", "person__last_name", "person__first_name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [models.Index(fields=["session", "status"], name="participant_session_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="participant_once_per_session",
                violation_error_message=_("This officer is already a participant of the session."),
            ),
            models.CheckConstraint(
                condition=Q(status=ParticipantStatus.WAITLISTED, waitlist_position__isnull=False)
                | (~Q(status=ParticipantStatus.WAITLISTED) & Q(waitlist_position__isnull=True)),
                name="participant_waitlist_position",
                violation_error_message=_("Only a participant on the waiting list has a place on it."),
            ),
            models.CheckConstraint(
                condition=Q(honours=False) | Q(status=ParticipantStatus.CERTIFIED),
                name="participant_honours_when_certified",
                violation_error_message=_("Only a certified participant can have honours."),
            ),
            models.UniqueConstraint(
                fields=["session", "waitlist_position"],
                condition=Q(waitlist_position__isnull=False),
                name="participant_waitlist_position_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.session}"

    def get_absolute_url(self) -> str:
        return reverse("training:participant-detail", kwargs={"pk": self.pk})


@audited()
class PathEvent(models.Model):
    """One row per move on the participant path: who, when, from, to, comment."""

    scope = PARTICIPANT_SCOPE

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="timeline")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    from_status = models.CharField(_("from"), max_length=20, choices=ParticipantStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ParticipantStatus.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("path event")
        verbose_name_plural = _("path events")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


@audited()
class Certificate(TimeStampedModel):
    """The certificate of a certified participant, verifiable by its code without a login."""

    scope = PARTICIPANT_SCOPE

    participant = models.OneToOneField(Participant, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("verification code"), max_length=40, unique=True, default=new_code, editable=False)
    holder_name = models.CharField(_("name on the certificate"), max_length=210)
    honours = models.BooleanField(_("with honours"), default=False)
    issued_on = models.DateField(_("issued on"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="certificate_revocation_has_reason",
                violation_error_message=_("A revoked certificate carries the reason."),
            ),
            models.CheckConstraint(
                condition=_year_bounds("issued_on"),
                name="certificate_issued_bounds",
                violation_error_message=_("Dates must fall between 1990 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} — {self.participant.session}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def get_verification_url(self) -> str:
        return reverse("training:verify-code", kwargs={"code": self.code})


@audited()
class ELearningCompletion(TimeStampedModel):
    """An officer's completion of an e-learning course, as the e-learning platform exports it."""

    scope = ScopePolicy(
        administration="person__administration", region="person__administration__region", owner="person__user"
    )

    external_id = models.CharField(_("platform record"), max_length=64, unique=True)
    course = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="completions")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="elearning_completions")
    completed_on = models.DateField(_("completed on"))
    score = models.PositiveSmallIntegerField(
        _("score (%)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["-completed_on", "pk"]
        verbose_name = _("e-learning completion")
        verbose_name_plural = _("e-learning completions")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100),
                name="completion_score_bounds",
                violation_error_message=_("A score is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=_year_bounds("completed_on"),
                name="completion_date_bounds",
                violation_error_message=_("Dates must fall between 1990 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.course}"


def _rating(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True, choices=Rating.choices)


@audited(exclude=["nonce"])
class FeedbackForm(TimeStampedModel):
    """The standard feedback form of one participant on one session, answered once through a personal link."""

    scope = FEEDBACK_SCOPE

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="feedback")
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    expires_at = models.DateTimeField(_("link expires"))
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    relevance = _rating(_("relevance"))
    quality = _rating(_("quality"))
    applicability = _rating(_("applicability"))
    comment = models.TextField(_("comments"), blank=True, max_length=4000)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("feedback form")
        verbose_name_plural = _("feedback forms")
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True)
                | Q(relevance__gte=1, relevance__lte=5, quality__gte=1, quality__lte=5)
                & Q(applicability__gte=1, applicability__lte=5),
                name="feedback_answered_has_ratings",
                violation_error_message=_("An answered form rates relevance, quality and applicability from 1 to 5."),
            )
        ]

    def __str__(self) -> str:
        return str(self.participant)


@audited()
class ImpactReviewer(TimeStampedModel):
    """One of a participant's four 360° reviewers, whose address the participant or their administration gives."""

    scope = PARTICIPANT_SCOPE

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="reviewers")
    slot = models.CharField(_("reviewer"), max_length=20, choices=ReviewerSlot.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))

    class Meta:
        ordering = ["participant", "slot"]
        verbose_name = _("360° reviewer")
        verbose_name_plural = _("360° reviewers")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "slot"],
                name="reviewer_one_per_slot",
                violation_error_message=_("This reviewer is already given."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_slot_display()}: {self.name}"


#: What each reviewer rates, the same three questions for all four.
REVIEW_QUESTIONS = {
    "leadership": _("Leading the team and setting direction"),
    "management": _("Planning and managing work and people"),
    "communication": _("Communicating and cooperating"),
}


def _change(label):
    return models.SmallIntegerField(label, null=True, blank=True, choices=Change.choices)


@audited(exclude=["nonce"])
class ImpactReview(TimeStampedModel):
    """The six-month 360° review request to one reviewer, answered once through a personal link."""

    scope = ScopePolicy(
        administration="reviewer__participant__administration",
        region="reviewer__participant__administration__region",
        owner="reviewer__participant__person__user",
        rocb="region",
    )

    reviewer = models.OneToOneField(ImpactReviewer, on_delete=models.CASCADE, related_name="review")
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    due_on = models.DateField(_("due six months after the session"))
    deadline = models.DateField(_("answer by"))
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    leadership = _change(REVIEW_QUESTIONS["leadership"])
    management = _change(REVIEW_QUESTIONS["management"])
    communication = _change(REVIEW_QUESTIONS["communication"])
    comment = models.TextField(_("comments"), blank=True, max_length=4000)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("360° impact review")
        verbose_name_plural = _("360° impact reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("due_on")),
                name="impact_review_deadline_after_due",
                violation_error_message=_("The deadline cannot be before the review is due."),
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True)
                | Q(leadership__gte=-2, leadership__lte=2, management__gte=-2, management__lte=2)
                & Q(communication__gte=-2, communication__lte=2),
                name="impact_review_answered_has_ratings",
                violation_error_message=_("An answered review rates each question from -2 to +2."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.reviewer)

    @property
    def ratings(self) -> list[int]:
        return [value for value in (self.leadership, self.management, self.communication) if value is not None]
