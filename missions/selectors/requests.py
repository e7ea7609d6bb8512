"""Reads of mission requests, assignments and release letters, shaped for their screens (scoped to the
user, no N+1), and what a viewer may read of their confidential details."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from missions import rules
from missions.choices import Action, LetterAnswer, Status
from missions.models import Assignment, MissionEvent, MissionRequest, ReleaseLetter
from missions.selectors.timeline import render, system_lines
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
        Prefetch("timeline", queryset=MissionEvent.objects.select_related("actor", "assignment__expert__person")),
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


# --- what a viewer may read of a mission's confidential details ------------------------------------
#: Timeline entries whose comment carries a release answer's reason, an override reason or an
#: availability note: shown only to those who may read every one of them.
CONFIDENTIAL_EVENT_ACTIONS = frozenset(
    {
        Action.AVAILABILITY_RECORDED,
        Action.DESELECTED,  # carries the availability note too
        Action.RELEASE_APPROVED,
        Action.RELEASE_DECLINED,
        Action.COMMITMENT_OVERRIDDEN,
    }
)


def oversees(user: User, request: MissionRequest) -> bool:
    """The Secretariat, and the ROCB of the requesting administration's region (:func:`missions.rules.oversees`)."""
    return rules.oversees(user, request)


def may_read_release_answer(user: User, letter: ReleaseLetter) -> bool:
    """A release letter's answer and its reason are between the expert's home administration, the
    Secretariat and the region's ROCB: not the requesting administration, nor the other experts."""
    return may_read_answer_of(user, letter.assignment)


def may_read_answer_of(user: User, assignment: Assignment) -> bool:
    """Whether ``user`` may know how the release of ``assignment`` was answered (:func:`may_read_release_answer`
    without the letter): the answer also shows in the assignment's ``selected`` and ``is_booked`` flags (a
    decline clears them) and in the timeline entry of the answer (its action and who gave it)."""
    if oversees(user, assignment.request):
        return True
    home_id = assignment.expert.person.administration_id
    return user.role == Role.MEMBER and home_id is not None and user.administration_id == home_id


#: Timeline entries that say how a release was answered: to a viewer who may not know the answer, shown
#: as one neutral entry, without who recorded it.
ANSWER_EVENT_ACTIONS = frozenset({Action.RELEASE_APPROVED, Action.RELEASE_DECLINED})
#: The neutral entry's action code and label.
ANSWER_HIDDEN_ACTION = "release_answered"
ANSWER_HIDDEN_LABEL = _("Release answer recorded")


def may_read_event_answer(user: User, event: MissionEvent) -> bool:
    if event.action not in ANSWER_EVENT_ACTIONS:
        return True
    if event.assignment is None:
        return oversees(user, event.request)
    event.assignment.request = event.request
    return may_read_answer_of(user, event.assignment)


def may_read_override_reason(user: User, assignment: Assignment) -> bool:
    """Why the Secretariat overrode an expert's release commitment: Secretariat and ROCB only."""
    return oversees(user, assignment.request)


def may_read_availability_note(user: User, assignment: Assignment) -> bool:
    """What the expert said about their availability: Secretariat, ROCB and the expert themself."""
    return oversees(user, assignment.request) or (
        user.role == Role.EXPERT and assignment.expert.person.user_id == user.pk
    )


def may_read_event_comment(user: User, event: MissionEvent) -> bool:
    return event.action not in CONFIDENTIAL_EVENT_ACTIONS or oversees(user, event.request)


def disclose_assignment(user: User, assignment: Assignment) -> Assignment:
    """Mark on ``assignment`` (and its letter) what ``user`` may read: ``shown_availability_note``,
    ``shown_override_reason``, ``shown_release_answer`` (the answer code or ``None``) and
    ``shown_release_reason``. Pages and API serializers read these, never the raw fields."""
    assignment.shown_availability_note = (
        assignment.availability_note if may_read_availability_note(user, assignment) else ""
    )
    # A decline clears ``selected`` and ``is_booked``: once a letter is out, who may not know its answer does
    # not see them either (None).
    answer_visible = not has_letter(assignment) or may_read_answer_of(user, assignment)
    assignment.shown_selected = assignment.selected if answer_visible else None
    assignment.shown_is_booked = assignment.is_booked if answer_visible else None
    may_override = may_read_override_reason(user, assignment)
    assignment.shown_override_reason = assignment.commitment_override_reason if may_override else ""
    assignment.shown_override_by_id = assignment.commitment_override_by_id if may_override else None
    if has_letter(assignment):
        disclose_letter(user, assignment.release_letter)
    return assignment


def disclose_letter(user: User, letter: ReleaseLetter) -> ReleaseLetter:
    """Mark on ``letter`` what ``user`` may read of its answer: ``shown_answer`` (``None`` when
    hidden), ``shown_answer_label``, ``shown_answer_reason`` and ``shown_answered_by_id``."""
    visible = may_read_release_answer(user, letter)
    letter.shown_answer = letter.answer if visible else None
    letter.shown_answer_label = letter.get_answer_display() if visible else ""
    letter.shown_answer_reason = letter.answer_reason if visible else ""
    letter.shown_answered_by_id = letter.answered_by_id if visible else None
    return letter


def disclose_event(user: User, event: MissionEvent) -> MissionEvent:
    """Mark on ``event`` what ``user`` may read: ``shown_system_lines`` (what the services said about the entry,
    written out in the active language), ``shown_user_comment`` (what someone wrote), ``shown_comment`` (both, one
    line each), ``shown_action`` / ``shown_action_label`` and ``shown_actor`` (a release answer's entry is
    neutral, without its author, to who may not know it). The system lines of a confidential entry name what its
    comment would tell (an availability, a release answer, an override): hidden with it."""
    readable = may_read_event_comment(user, event)
    event.shown_system_lines = system_lines(event) if readable else []
    event.shown_user_comment = event.comment if readable else ""
    event.shown_comment = "\n".join(part for part in [*event.shown_system_lines, event.shown_user_comment] if part)
    if may_read_event_answer(user, event):
        event.shown_action, event.shown_action_label, event.shown_actor = (
            event.action,
            event.get_action_display(),
            event.actor,
        )
    else:
        event.shown_action, event.shown_action_label, event.shown_actor = (
            ANSWER_HIDDEN_ACTION,
            ANSWER_HIDDEN_LABEL,
            None,
        )
    event.shown_actor_hidden = event.shown_actor is None and event.actor_id is not None
    # The Secretariat recorded a release answer for the home administration: the timeline says whose it is.
    data = event.data or {}
    on_behalf_of = render(data.get("on_behalf_of_name")) or data.get("on_behalf_of", "")  # in the reader's language
    event.shown_on_behalf_of = on_behalf_of if event.shown_actor else ""
    return event


def disclose_mission(user: User, mission: MissionRequest) -> MissionRequest:
    """Apply the rules above to a mission from :func:`request_detail` (no extra query)."""
    for assignment in mission.assignments.all():
        assignment.request = mission
        disclose_assignment(user, assignment)
    for event in mission.timeline.all():
        event.request = mission
        disclose_event(user, event)
    return mission


def has_letter(assignment: Assignment) -> bool:
    try:
        return assignment.release_letter is not None
    except ReleaseLetter.DoesNotExist:
        return False
