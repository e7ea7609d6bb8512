"""Every read that matters in the training app, shaped for its screen."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from experts.models import Expert
from training.choices import ParticipantStatus
from training.models import (
    Certificate,
    ELearningCompletion,
    FeedbackForm,
    ImpactReview,
    ImpactReviewer,
    Participant,
    PathEvent,
    Programme,
    Session,
)
from wcocb.choices import Gender
from wcocb.scoping import scope_queryset

S = ParticipantStatus


def programme_list(*, user) -> QuerySet[Programme]:
    return (
        scope_queryset(Programme.objects.all(), user)
        .prefetch_related("languages")
        .annotate(session_count=Count("sessions"))
    )


def _tutors() -> Prefetch:
    return Prefetch("tutors", queryset=Expert.objects.select_related("person").order_by("person__last_name", "pk"))


def session_list(*, user, with_tutors: bool = False) -> QuerySet[Session]:
    sessions = scope_queryset(Session.objects.all(), user).select_related("programme", "language", "rtc", "host")
    return sessions.prefetch_related(_tutors()) if with_tutors else sessions


def session_detail(*, user) -> QuerySet[Session]:
    return session_list(user=user).select_related("funding", "accreditation_workshop").prefetch_related(_tutors())


def tutor_candidates(*, user, text: str, chosen_ids: list[str], limit: int = 20) -> tuple[list[Expert], list[Expert]]:
    """For the session form's tutor search: the experts already ticked, and up to ``limit`` more whose name,
    areas or administration match ``text`` (the experts search's own matching; two letters at least)."""
    from experts.filters import ExpertFilterSet

    experts = scope_queryset(Expert.objects.select_related("person__administration"), user)
    chosen = list(experts.filter(pk__in=chosen_ids).order_by("person__last_name", "pk"))
    matches: list[Expert] = []
    if len(text) >= 2:
        filterset = ExpertFilterSet({"q": text}, queryset=experts.exclude(pk__in=[e.pk for e in chosen]))
        matches = list(filterset.qs[:limit]) if filterset.is_valid() else []
    return chosen, matches


def participant_list(*, user) -> QuerySet[Participant]:
    return scope_queryset(Participant.objects.all(), user).select_related(
        "person", "administration", "session__programme", "certificate"
    )


def participant_detail(*, user) -> QuerySet[Participant]:
    return participant_list(user=user).prefetch_related(
        Prefetch("timeline", queryset=PathEvent.objects.select_related("actor")),
        Prefetch("reviewers", queryset=ImpactReviewer.objects.select_related("review")),
    )


def certificate_list(*, user) -> QuerySet[Certificate]:
    return scope_queryset(Certificate.objects.all(), user).select_related(
        "participant__person", "participant__session__programme"
    )


def feedback_list(*, user) -> QuerySet[FeedbackForm]:
    return scope_queryset(FeedbackForm.objects.all(), user).select_related(
        "participant__person", "participant__session"
    )


def impact_review_list(*, user) -> QuerySet[ImpactReview]:
    return scope_queryset(ImpactReview.objects.all(), user).select_related(
        "reviewer__participant__person", "reviewer__participant__session"
    )


def completion_list(*, user) -> QuerySet[ELearningCompletion]:
    return scope_queryset(ELearningCompletion.objects.all(), user).select_related("course", "person__administration")


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate a public verification asks about (no scope: the code is the key)."""
    return (
        Certificate.objects.select_related("participant__session__programme", "participant__administration")
        .filter(code=code)
        .first()
    )


# --- statistics -----------------------------------------------------------------------------------
@dataclass
class SessionStatistics:
    participants: int = 0
    administrations: int = 0
    completed: int = 0
    certified: int = 0
    honours: int = 0
    waitlisted: int = 0
    places_taken: int = 0
    gender: dict[str, int] = field(default_factory=dict)

    @property
    def gender_rows(self) -> list[tuple[str, int]]:
        return [(str(Gender(code).label) if code else str(_("not recorded")), n) for code, n in self.gender.items()]


def session_statistics(sessions: QuerySet[Session] | list[Session]) -> SessionStatistics:
    """Participants (enrolled or beyond), administrations represented, completed, certified, with honours,
    the gender split, over one or more sessions."""
    reached = [S.ENROLLED, S.COMPLETED, S.CERTIFIED]
    rows = Participant.objects.filter(session__in=sessions)
    figures = rows.aggregate(
        participants=Count("pk", filter=Q(status__in=reached)),
        administrations=Count("administration", filter=Q(status__in=reached), distinct=True),
        completed=Count("pk", filter=Q(status__in=[S.COMPLETED, S.CERTIFIED])),
        certified=Count("pk", filter=Q(status=S.CERTIFIED)),
        honours=Count("pk", filter=Q(status=S.CERTIFIED, honours=True)),
        waitlisted=Count("pk", filter=Q(status=S.WAITLISTED)),
    )
    gender = {
        row["person__gender"]: row["n"]
        for row in rows.filter(status__in=reached)
        .values("person__gender")
        .annotate(n=Count("pk"))
        .order_by("person__gender")
    }
    return SessionStatistics(**figures, places_taken=figures["participants"], gender=gender)


@dataclass
class FeedbackSummary:
    answered: int
    sent: int
    relevance: float | None
    quality: float | None
    applicability: float | None


def feedback_summary(sessions) -> FeedbackSummary:
    forms = FeedbackForm.objects.filter(participant__session__in=sessions)
    figures = forms.aggregate(
        sent=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        relevance=Avg("relevance"),
        quality=Avg("quality"),
        applicability=Avg("applicability"),
    )
    return FeedbackSummary(**figures)


# --- the 360° impact review -----------------------------------------------------------------------
#: A participant is assessed once at least this many of their four reviewers answered ...
IMPROVED_MIN_ANSWERS = 3
#: ... and improved when the mean of those answers (from -2, clearly worse, to +2, clearly better) is at least this.
IMPROVED_MEAN = 0.5
IMPROVED_RULE = _(
    "A participant counts as assessed once at least %(answers)s of their four reviewers answered, and as "
    "improved when the mean of those reviewers' ratings (from -2, clearly worse, to +2, clearly better) is at "
    "least +%(mean)s."
)


@dataclass
class ParticipantImpact:
    participant_id: int
    answers: int
    mean: float | None

    @property
    def assessed(self) -> bool:
        return self.answers >= IMPROVED_MIN_ANSWERS

    @property
    def improved(self) -> bool:
        return self.assessed and self.mean is not None and self.mean >= IMPROVED_MEAN


@dataclass
class ImpactSummary:
    participants: list[ParticipantImpact]
    requested: int
    answered: int

    @property
    def assessed(self) -> int:
        return sum(1 for p in self.participants if p.assessed)

    @property
    def improved(self) -> int:
        return sum(1 for p in self.participants if p.improved)

    @property
    def share_improved(self) -> float | None:
        """The share of assessed participants who improved (0..1), or ``None`` before any is assessed."""
        return self.improved / self.assessed if self.assessed else None

    @property
    def rule(self) -> str:
        """The rule that decides "improved", in the active language."""
        return str(IMPROVED_RULE) % {"answers": IMPROVED_MIN_ANSWERS, "mean": IMPROVED_MEAN}


def impact_summary(sessions) -> ImpactSummary:
    """Per participant, the answers and their mean; over the sessions, the share who improved."""
    reviews = ImpactReview.objects.filter(reviewer__participant__session__in=sessions)
    counts = reviews.aggregate(requested=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    per_participant = (
        reviews.filter(answered_at__isnull=False)
        .values("reviewer__participant")
        .annotate(
            answers=Count("pk"),
            total=Avg("leadership") + Avg("management") + Avg("communication"),
        )
        .order_by("reviewer__participant")
    )
    participants = [
        ParticipantImpact(row["reviewer__participant"], row["answers"], float(row["total"]) / 3)
        for row in per_participant
    ]
    return ImpactSummary(participants=participants, **counts)
