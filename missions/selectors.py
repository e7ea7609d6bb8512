"""Reads of the missions app, shaped for their screens (scoped to the user, no N+1)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from missions.choices import LetterAnswer, Status
from missions.models import Assignment, MissionEvent, MissionRequest, ReleaseLetter
from wcocb.choices import Role
from wcocb.scoping import scope_queryset

if TYPE_CHECKING:
    from wcocb.models import User


def request_list(*, user: User) -> QuerySet[MissionRequest]:
    """The requests ``user`` may see, with what the list, board and API show of each."""
    return scope_queryset(MissionRequest.objects.select_related("administration__region", "language", "funding"), user)


def request_detail(*, user: User) -> QuerySet[MissionRequest]:
    """For one request's page: its timeline, team, letters and documents in a fixed number of queries."""
    return request_list(user=user).prefetch_related(
        "areas",
        Prefetch("timeline", queryset=MissionEvent.objects.select_related("actor")),
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related(
                "expert__person__administration", "release_letter", "commitment_override_by"
            ).order_by("role", "pk"),
        ),
        "documents",
    )


def assignment_list(*, user: User) -> QuerySet[Assignment]:
    return scope_queryset(
        Assignment.objects.select_related(
            "request__administration", "expert__person__administration", "release_letter"
        ),
        user,
    )


def letter_list(*, user: User) -> QuerySet[ReleaseLetter]:
    """Release letters: members see those addressed to their administration (the expert's home)."""
    return scope_queryset(
        ReleaseLetter.objects.select_related(
            "assignment__request__administration",
            "assignment__expert__person__administration",
            "answered_by",
        ),
        user,
    )


def letters_awaiting_answer(*, user: User) -> QuerySet[ReleaseLetter]:
    """Pending release letters the user's administration must answer (Secretariat: all)."""
    letters = letter_list(user=user).filter(
        answer=LetterAnswer.PENDING, assignment__request__status=Status.RELEASE_REQUESTED
    )
    if user.role == Role.MEMBER:
        letters = letters.filter(assignment__expert__person__administration_id=user.administration_id)
    return letters


def letters_overdue(*, user: User, today: datetime.date | None = None) -> QuerySet[ReleaseLetter]:
    """Pending release letters whose answer deadline has passed (still answerable: late answers count)."""
    return letters_awaiting_answer(user=user).filter(deadline__lt=today or timezone.localdate())


def my_assignments(*, user: User) -> QuerySet[Assignment]:
    """An expert's own missions (selected, not cancelled)."""
    return (
        Assignment.objects.filter(expert__person__user=user, selected=True)
        .exclude(request__status=Status.CANCELLED)
        .select_related("request__administration")
    )
