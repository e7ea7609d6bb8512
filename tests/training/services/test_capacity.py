"""Capacity and the waiting list, also under concurrent enrolment (threads with their own connections)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.training.factories import SessionFactory, enrolled, nominated, officer
from training import services
from training.choices import ParticipantStatus as S
from wcocb.errors import ConflictError, DomainError


def selected(session, by):
    participant = nominated(session, officer("TH"), by=by)
    return services.participant_select(participant=participant, by=by)


@pytest.mark.django_db
def test_a_full_session_puts_the_next_at_the_end_of_the_waiting_list(secretariat):
    session = SessionFactory(capacity=2)
    enrolled(session, by=secretariat)
    enrolled(session, by=secretariat)
    third = services.participant_enrol(participant=selected(session, secretariat), by=secretariat)
    fourth = services.participant_enrol(participant=selected(session, secretariat), by=secretariat)
    assert (third.status, third.waitlist_position) == (S.WAITLISTED, 1)
    assert (fourth.status, fourth.waitlist_position) == (S.WAITLISTED, 2)
    assert services.places_taken(session) == 2


@pytest.mark.django_db
def test_a_freed_place_goes_to_the_first_on_the_waiting_list_in_order(secretariat, mailoutbox):
    session = SessionFactory(capacity=1)
    first = enrolled(session, by=secretariat)
    second = services.participant_enrol(participant=selected(session, secretariat), by=secretariat)
    third = services.participant_enrol(participant=selected(session, secretariat), by=secretariat)

    services.participant_withdraw(participant=first, by=secretariat)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == S.ENROLLED
    assert second.waitlist_position is None
    assert third.status == S.WAITLISTED
    assert third.waitlist_position == 2
    assert second.timeline.last().from_status == S.WAITLISTED

    services.participant_withdraw(participant=second, by=secretariat)
    third.refresh_from_db()
    assert third.status == S.ENROLLED


@pytest.mark.django_db
def test_withdrawing_from_the_waiting_list_frees_no_place(secretariat):
    session = SessionFactory(capacity=1)
    enrolled(session, by=secretariat)
    waiting = services.participant_enrol(participant=selected(session, secretariat), by=secretariat)
    last = services.participant_enrol(participant=selected(session, secretariat), by=secretariat)
    services.participant_withdraw(participant=waiting, by=secretariat)
    last.refresh_from_db()
    assert last.status == S.WAITLISTED


@pytest.mark.django_db
def test_a_larger_capacity_moves_the_waiting_list_up(secretariat):
    session = SessionFactory(capacity=1)
    enrolled(session, by=secretariat)
    waiting = services.participant_enrol(participant=selected(session, secretariat), by=secretariat)
    services.session_save(by=secretariat, session=session, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == S.ENROLLED


@pytest.mark.django_db
def test_the_capacity_cannot_drop_below_the_places_taken(secretariat):
    session = SessionFactory(capacity=2)
    enrolled(session, by=secretariat)
    enrolled(session, by=secretariat)
    with pytest.raises(ValidationError) as refused:
        services.session_save(by=secretariat, session=session, capacity=1)
    assert refused.value.message_dict == {
        "capacity": ["2 participants hold a place: the capacity cannot be less than 2."]
    }
    session.refresh_from_db()
    assert session.capacity == 2
    services.session_save(by=secretariat, session=session, capacity=2)  # down to the places held is fine


@pytest.mark.django_db
def test_a_session_names_at_most_thirty_tutors(secretariat):
    from tests.experts.factories import ExpertFactory

    session = SessionFactory()
    experts = [ExpertFactory() for _ in range(services.MAX_TUTORS + 1)]
    with pytest.raises(ValidationError) as refused:
        services.session_save(by=secretariat, session=session, tutors=experts)
    assert list(refused.value.message_dict) == ["tutors"]
    assert services.session_save(by=secretariat, session=session, tutors=experts[:2] * 2).tutors.count() == 2


@pytest.mark.django_db
def test_a_waitlisted_participant_is_not_enrolled_by_hand(secretariat):
    session = SessionFactory(capacity=1)
    enrolled(session, by=secretariat)
    waiting = services.participant_enrol(participant=selected(session, secretariat), by=secretariat)
    with pytest.raises(ConflictError):
        services.participant_enrol(participant=waiting, by=secretariat)


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except DomainError as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_never_exceed_the_capacity(secretariat):
    session = SessionFactory(capacity=3)
    candidates = [selected(session, secretariat) for _ in range(8)]
    outcomes = run_together(
        *[lambda p=p: services.participant_enrol(participant=p, by=secretariat) for p in candidates]
    )
    assert not [o for o in outcomes if isinstance(o, DomainError)]
    statuses = sorted(p.status for p in outcomes)
    assert statuses.count(S.ENROLLED) == 3
    assert statuses.count(S.WAITLISTED) == 5
    positions = sorted(p.waitlist_position for p in outcomes if p.status == S.WAITLISTED)
    assert positions == [1, 2, 3, 4, 5]
    assert services.places_taken(session) == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolment_api_requests_never_exceed_the_capacity(secretariat):
    """The same over HTTP: parallel POSTs to ``enrol``, each with its own client and connection."""
    from rest_framework.test import APIClient

    session = SessionFactory(capacity=2)
    candidates = [selected(session, secretariat) for _ in range(6)]

    def post(participant):
        client = APIClient()
        client.force_authenticate(secretariat)
        return client.post(f"/api/v1/training/participants/{participant.pk}/enrol/", {}, format="json").status_code

    codes = run_together(*[lambda p=p: post(p) for p in candidates])
    assert codes == [200] * 6
    assert services.places_taken(session) == 2
    assert session.participants.filter(status=S.WAITLISTED).count() == 4
