"""What every training service shares: locking, the path's move check and its event row."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from training.choices import TRANSITIONS, ParticipantStatus
from training.models import Participant, PathEvent, Session
from wcocb.errors import ConflictError
from wcocb.models import User


def lock_session(session: Session) -> Session:
    """The session row, locked: every change of who holds a place goes through this lock (capacity)."""
    return Session.objects.select_for_update(of=("self",)).select_related("programme").get(pk=session.pk)


def lock_participant(participant: Participant) -> Participant:
    return (
        Participant.objects.select_for_update(of=("self",))
        .select_related("person", "session__programme", "administration")
        .get(pk=participant.pk)
    )


def check_move(participant: Participant, to: str) -> None:
    if to in TRANSITIONS[participant.status]:
        return
    if participant.status == to:
        message = _("The participant is already “%(status)s”.")
    else:
        message = _("A participant who is “%(status)s” cannot become “%(to)s”.")
    raise ConflictError(message % {"status": participant.get_status_display(), "to": ParticipantStatus(to).label})


def move(
    participant: Participant, to: str, *, by: User | None, comment: str = "", fields: tuple[str, ...] = ()
) -> PathEvent:
    """Set the status (with ``fields`` changed by the caller), save, and record the event row."""
    from_status = participant.status
    participant.status = to
    if to != ParticipantStatus.WAITLISTED:
        participant.waitlist_position = None
    participant.full_clean(exclude=["person", "session", "administration"])
    participant.save(update_fields=["status", "waitlist_position", "updated_at", *fields])
    return PathEvent.objects.create(
        participant=participant, actor=by, from_status=from_status, to_status=to, comment=comment
    )
