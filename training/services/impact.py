"""The 360° impact review: six months after an LMD workshop or a Top Executive Retreat ends, each
participant's four reviewers (superior, a peer, two staff members; addresses given by the participant or
their administration) are asked through a personal link (signed, expiring, single-use), and reminded before
the deadline.

:func:`impact_reviews_schedule` is the Celery beat job: it creates the requests that are due and missing,
whatever day it runs (it catches up after downtime) and however often (a reviewer has at most one request:
the one-to-one key makes a second run, or two at once, create nothing).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from training import notifications, rules
from training.choices import IMPACT_REVIEW_KINDS, ParticipantStatus
from training.models import ImpactReview, ImpactReviewer, Participant
from training.services.links import make_token, read_token, refuse_used
from wcocb.errors import ConflictError, DomainError
from wcocb.models import User

SALT = "training.impact"
#: The review is due this many months after the session ends.
REVIEW_AFTER_MONTHS = 6
#: Reviewers have this many days to answer from the day they are asked.
ANSWER_DAYS = 28
#: A reminder goes this many days before the deadline.
REMIND_DAYS_BEFORE = 7
#: Participants who may be reviewed: those who completed the session.
REVIEWED_STATUSES = frozenset({ParticipantStatus.COMPLETED, ParticipantStatus.CERTIFIED})


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


def review_due_on(participant: Participant) -> datetime.date:
    return add_months(participant.session.end_date, REVIEW_AFTER_MONTHS)


def review_token(review: ImpactReview) -> str:
    return make_token(salt=SALT, pk=review.pk, nonce=review.nonce)


@transaction.atomic
def reviewer_give(*, participant: Participant, slot: str, name: str, email: str, by: User) -> ImpactReviewer:
    """Give (or correct, until the request is sent) one of the participant's four reviewers."""
    rules.check("give_reviewers", by, participant)
    participant = Participant.objects.select_for_update().select_related("session__programme").get(pk=participant.pk)
    if participant.session.programme.kind not in IMPACT_REVIEW_KINDS:
        raise DomainError(_("Only LMD workshops and Top Executive Retreats have a 360° impact review."))
    if participant.status in (ParticipantStatus.WITHDRAWN, ParticipantStatus.NOT_SELECTED):
        raise ConflictError(_("The participant left the session: there is nothing to review."))
    reviewer = ImpactReviewer.objects.filter(participant=participant, slot=slot).first()
    if reviewer is not None and hasattr(reviewer, "review"):
        raise ConflictError(_("This reviewer was already asked: the address cannot change now."))
    reviewer = reviewer or ImpactReviewer(participant=participant, slot=slot)
    reviewer.name, reviewer.email = name.strip(), email.strip()
    reviewer.full_clean()
    reviewer.save()
    return reviewer


def _due_reviewers(today: datetime.date):
    """Reviewers of participants whose session ended at least six months ago and who have no request yet."""
    ended_by = add_months(today, -REVIEW_AFTER_MONTHS)
    return (
        ImpactReviewer.objects.filter(
            participant__session__programme__kind__in=sorted(IMPACT_REVIEW_KINDS),
            participant__session__end_date__lte=ended_by,
            participant__status__in=sorted(REVIEWED_STATUSES),
            review__isnull=True,
        )
        .select_related("participant__session__programme", "participant__person")
        .order_by("pk")
    )


def impact_reviews_schedule(today: datetime.date | None = None) -> list[ImpactReview]:
    """Create the missing review requests that are due (idempotent, catches up) and mail each reviewer."""
    today = today or timezone.localdate()
    created = []
    for reviewer in _due_reviewers(today):
        due_on = review_due_on(reviewer.participant)
        try:
            with transaction.atomic():
                review = ImpactReview(
                    reviewer=reviewer, due_on=due_on, deadline=max(today, due_on) + datetime.timedelta(ANSWER_DAYS)
                )
                review.full_clean(validate_unique=False)
                review.save()
                notifications.review_requested(review, review_token(review))
        except IntegrityError:  # another run created it first
            continue
        created.append(review)
    return created


def impact_reviews_remind(today: datetime.date | None = None) -> list[ImpactReview]:
    """Remind the reviewers who have not answered, once, in the days before the deadline."""
    today = today or timezone.localdate()
    reminded = []
    pending = ImpactReview.objects.filter(
        Q(answered_at__isnull=True, reminded_at__isnull=True),
        deadline__gte=today,
        deadline__lte=today + datetime.timedelta(REMIND_DAYS_BEFORE),
    ).select_related("reviewer__participant__person", "reviewer__participant__session")
    for review in pending:
        with transaction.atomic():
            locked = ImpactReview.objects.select_for_update(skip_locked=True).filter(
                pk=review.pk, reminded_at__isnull=True
            )
            if not locked.exists():
                continue
            locked.update(reminded_at=timezone.now())
            notifications.review_reminder(review, review_token(review))
        reminded.append(review)
    return reminded


def review_open(token: str) -> ImpactReview:
    review = read_token(token, salt=SALT, model=ImpactReview)
    refuse_used(review.answered_at, review.deadline < timezone.localdate())
    return review


@transaction.atomic
def review_answer(*, token: str, **answers: Any) -> ImpactReview:
    review = review_open(token)
    review = ImpactReview.objects.select_for_update().get(pk=review.pk)
    refuse_used(review.answered_at, review.deadline < timezone.localdate())
    for field in ("leadership", "management", "communication", "comment"):
        setattr(review, field, answers.get(field, "" if field == "comment" else None))
    review.answered_at = timezone.now()
    review.full_clean()
    review.save()
    return review
