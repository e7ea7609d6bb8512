"""The catalogue: programmes and their sessions (Secretariat)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from training import rules
from training.models import Programme, Session
from training.services.path import places_taken, promote_waiting_list
from wcocb.errors import ConflictError
from wcocb.models import Language, User

PROGRAMME_FIELDS = ("code", "kind", "title", "description", "duration_weeks", "hours", "topic", "is_active")
SESSION_FIELDS = (
    "programme",
    "title",
    "start_date",
    "end_date",
    "language",
    "mode",
    "venue",
    "rtc",
    "host",
    "capacity",
    "funding",
    "accreditation_workshop",
)


def _unknown(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


@transaction.atomic
def programme_save(
    *, by: User, programme: Programme | None = None, languages: Iterable[Language] | None = None, **fields: Any
) -> Programme:
    """Create a programme, or change one."""
    rules.check("manage_catalogue", by)
    _unknown(fields, PROGRAMME_FIELDS)
    if programme is None:
        programme = Programme(**fields)
    else:
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        for key, value in fields.items():
            setattr(programme, key, value)
    programme.full_clean()
    programme.save()
    if languages is not None:
        programme.languages.set(languages)
    return programme


@transaction.atomic
def session_save(
    *, by: User, session: Session | None = None, tutors: Iterable | None = None, **fields: Any
) -> Session:
    """Create a session, or change one. A larger capacity moves the waiting list up into the new places."""
    rules.check("manage_catalogue", by)
    _unknown(fields, SESSION_FIELDS)
    if session is None:
        session = Session(**fields)
        session.full_clean()
        session.save()
    else:
        session = Session.objects.select_for_update(of=("self",)).get(pk=session.pk)
        for key, value in fields.items():
            setattr(session, key, value)
        session.full_clean()
        taken = places_taken(session)
        if session.capacity < taken:
            raise ConflictError(
                _("%(taken)s participants hold a place: the capacity cannot be less.") % {"taken": taken}
            )
        session.save()
        promote_waiting_list(session, by=by)
    if tutors is not None:
        session.tutors.set(tutors)
    return session
