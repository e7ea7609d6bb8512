"""The catalogue: programmes and their sessions (Secretariat)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from experts.models import Expert
from training import rules
from training.models import Programme, Session
from training.services.path import places_taken, promote_waiting_list
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


#: The most tutors and experts one session names.
MAX_TUTORS = 30


def _check_tutors(tutors: list) -> None:
    if len(tutors) > MAX_TUTORS:
        raise ValidationError(
            {"tutors": _("A session names at most %(max)s tutors and experts.") % {"max": MAX_TUTORS}}
        )


@transaction.atomic
def session_save(
    *, by: User, session: Session | None = None, tutors: Iterable[Expert] | None = None, **fields: Any
) -> Session:
    """Create a session, or change one (the audit log keeps each version). A capacity below the places already
    held is refused (a field error on ``capacity``: nobody loses a place by an edit); a larger capacity moves the
    waiting list up into the new places, first come first."""
    rules.check("manage_catalogue", by)
    _unknown(fields, SESSION_FIELDS)
    tutors = None if tutors is None else list(dict.fromkeys(tutors))
    if tutors is not None:
        _check_tutors(tutors)
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
            raise ValidationError(
                {
                    "capacity": ngettext(
                        "%(taken)s participant holds a place: the capacity cannot be less than %(taken)s.",
                        "%(taken)s participants hold a place: the capacity cannot be less than %(taken)s.",
                        taken,
                    )
                    % {"taken": taken}
                },
                code="capacity_below_places_taken",
            )
        session.save()
        promote_waiting_list(session, by=by)
    if tutors is not None:
        session.tutors.set(tutors)
    return session
