"""Factories and small flows of the training tests: sessions, and participants moved along the path through
the services (so every record in a test is one the services could have written)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tests import factories as base
from training import services
from training.choices import DeliveryMode
from training.models import Participant, Programme, Session
from wcocb.models import Language


def programme(code: str = "LMD") -> Programme:
    """A programme of the reference catalogue (``training/reference.py``)."""
    return Programme.objects.get(code=code)


def today() -> datetime.date:
    return timezone.localdate()


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    programme = factory.LazyFunction(lambda: programme("VCOA"))
    title = factory.Sequence(lambda n: f"Session {n}")
    start_date = factory.LazyFunction(lambda: today() - datetime.timedelta(days=3))
    end_date = factory.LazyFunction(lambda: today() + datetime.timedelta(days=30))
    language = factory.LazyFunction(lambda: Language.objects.get(code="en"))
    mode = DeliveryMode.REMOTE
    capacity = 20


def ended_session(code: str = "LMD", *, months_ago: int = 7, **kwargs) -> Session:
    """A session that ended ``months_ago`` months ago (for the 360° review)."""
    end = today() - datetime.timedelta(days=31 * months_ago)
    return SessionFactory(
        programme=programme(code), start_date=end - datetime.timedelta(days=4), end_date=end, **kwargs
    )


def officer(iso: str = "TH", **kwargs):
    return base.PersonFactory(administration=base.member(iso), **kwargs)


def nominated(session: Session, person=None, *, by, **kwargs) -> Participant:
    person = person or officer()
    return services.participant_nominate(session=session, person=person, by=by, **kwargs)


def enrolled(session: Session, person=None, *, by) -> Participant:
    participant = nominated(session, person, by=by)
    services.participant_select(participant=participant, by=by)
    return services.participant_enrol(participant=participant, by=by)


def completed(session: Session, person=None, *, by) -> Participant:
    participant = enrolled(session, person, by=by)
    return services.participant_complete(participant=participant, by=by)


def certified(session: Session, person=None, *, by, honours: bool = False):
    participant = completed(session, person, by=by)
    return services.participant_certify(participant=participant, by=by, honours=honours)
