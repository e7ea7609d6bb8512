"""What the missions services share: the row lock, the status move and its event, booking checks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.choices import ExpertKind
from experts.models import Expert
from missions import notifications
from missions.choices import (
    TRANSITIONS,
    LetterAnswer,
    Status,
)
from missions.models import Assignment, MissionEvent, MissionRequest, ReleaseLetter
from wcocb.errors import ConflictError, DomainError

if TYPE_CHECKING:
    from wcocb.models import User


def _lock(request: MissionRequest) -> MissionRequest:
    """Re-read the request under a row lock: whoever comes second sees the first one's change."""
    return (
        MissionRequest.objects.select_for_update(of=("self",))
        .select_related("administration", "language")
        .get(pk=request.pk)
    )


def _event(
    request: MissionRequest,
    *,
    by: User | None,
    action: str,
    from_status: str,
    comment: str = "",
    assignment: Assignment | None = None,
    data: dict | None = None,
    system: Sequence = (),
) -> MissionEvent:
    """Record one timeline entry (who, when, from, to, comment; the assignment concerned and structured
    ``data``) and queue its notifications for when the transaction commits (nothing for a rollback).

    ``comment`` is what the user wrote, kept as written; what the service says about the entry goes in
    ``system``: lines made with :mod:`missions.selectors.timeline` (message ids and language-neutral values,
    stored in ``data["system"]``), written out in each reader's language when shown."""
    data = dict(data or {})
    if system:
        data["system"] = list(system)
    event = MissionEvent.objects.create(
        request=request,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=request.status,
        comment=comment,
        assignment=assignment,
        data=data,
    )
    notifications.on_event(event)
    return event


def _move(
    request: MissionRequest,
    *,
    to: str,
    by: User | None,
    action: str,
    comment: str = "",
    fields: Sequence[str] = (),
    data: dict | None = None,
    system: Sequence = (),
) -> MissionEvent:
    """Change the status (the move must be in ``TRANSITIONS``), save, and record the event."""
    if to not in TRANSITIONS[request.status]:
        raise ConflictError(
            _("A request “%(from)s” cannot become “%(to)s”.")
            % {"from": request.get_status_display(), "to": Status(to).label}
        )
    from_status = request.status
    request.status = to
    request.save(update_fields=["status", "updated_at", *fields])
    return _event(request, by=by, action=action, from_status=from_status, comment=comment, data=data, system=system)


def _delete_file_on_commit(field_file) -> None:
    """Remove a replaced or removed file from storage once the change is committed (kept on a rollback)."""
    name, storage = field_file.name, field_file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(message)
    return text


def _lock_experts(expert_ids: Iterable[int]) -> dict[int, Expert]:
    """Lock expert rows in id order (no deadlocks between two services locking the same experts)."""
    ids = sorted(set(expert_ids))
    experts = Expert.objects.select_for_update(of=("self",)).select_related("person").filter(pk__in=ids)
    return {expert.pk: expert for expert in experts.order_by("pk")}


def _overlapping_booking(assignment: Assignment) -> Assignment | None:
    """Another booked assignment of the same expert whose dates overlap, on a request still alive."""
    return (
        Assignment.objects.filter(
            expert_id=assignment.expert_id,
            is_booked=True,
            start_date__lte=assignment.end_date,
            end_date__gte=assignment.start_date,
        )
        .exclude(pk=assignment.pk)
        .exclude(request__status=Status.CANCELLED)
        .select_related("request")
        .first()
    )


def _refuse_double_booking(assignment: Assignment) -> None:
    other = _overlapping_booking(assignment)
    if other is not None:
        raise ConflictError(
            _("%(expert)s is already booked on %(request)s from %(start)s to %(end)s.")
            % {
                "expert": assignment.expert,
                "request": other.request,
                "start": other.start_date,
                "end": other.end_date,
            }
        )


def _refuse_unjustified_external(expert: Expert, justification: str) -> None:
    if expert.kind == ExpertKind.EXTERNAL and not (justification or "").strip():
        raise DomainError(
            _(
                "%(expert)s is an External Expert: record why no accredited or recognized expert is "
                "available or suitable."
            )
            % {"expert": expert}
        )


def _set_answer(letter: ReleaseLetter, answer: str, reason: str, by: User | None) -> None:
    """Write a release letter's answer, its reason, who gave it and when (pending again: nobody, never)."""
    letter.answer = answer
    letter.answer_reason = reason
    letter.answered_by = by
    letter.answered_at = None if answer == LetterAnswer.PENDING else timezone.now()
    letter.save(update_fields=["answer", "answer_reason", "answered_by", "answered_at", "updated_at"])
