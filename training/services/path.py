"""The participant path: nominated by their administration → selected → enrolled (or on the waiting list
while the session is full) → completed → certified; or withdrawn / not selected. One service per move,
each checking its caller (:mod:`training.rules`) and the move (:data:`training.choices.TRANSITIONS`), each
writing one event row; a refused move changes nothing.

Capacity: every change of who holds a place locks the session row first (then the participant), so two
enrolments at once cannot both take the last place; a place freed (a withdrawal, a larger capacity) goes to
the first on the waiting list, in order.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from training import notifications, rules
from training.choices import PLACE_HOLDING, ParticipantStatus, ProgrammeKind
from training.models import Certificate, Participant, Session
from training.services._common import check_move, lock_participant, lock_session, move
from wcocb.errors import ConflictError, DomainError
from wcocb.models import MemberAdministration, Person, User
from wcocb.rules import is_member, is_secretariat

S = ParticipantStatus
PERSON_FIELDS = ("first_name", "last_name", "gender", "email", "current_post")


def places_taken(session: Session) -> int:
    return session.participants.filter(status__in=PLACE_HOLDING).count()


def find_or_create_person(*, administration: MemberAdministration, **fields: Any) -> Person:
    """The officer's one person record: found by email, else by name, within their administration; created
    only when none exists (a trainee who comes back, or who is an expert already, stays one person)."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {', '.join(sorted(unknown))}")
    email = (fields.get("email") or "").strip()
    people = Person.objects.filter(administration=administration)
    found = None
    if email:
        found = people.filter(email__iexact=email).order_by("pk").first()
    if found is None:
        found = (
            people.filter(
                first_name__iexact=fields.get("first_name", "").strip(),
                last_name__iexact=fields.get("last_name", "").strip(),
            )
            .order_by("pk")
            .first()
        )
    if found is not None:
        return found
    person = Person(administration=administration, **fields)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def participant_nominate(
    *,
    session: Session,
    by: User,
    person: Person | None = None,
    administration: MemberAdministration | None = None,
    post: str = "",
    comment: str = "",
    **person_fields: Any,
) -> Participant:
    """An administration nominates one of its officers (an existing person, or one described by
    ``person_fields``, found or created once) to a session."""
    if person is None:
        if not is_secretariat(by):
            administration = by.administration if is_member(by) else None
        rules.check("nominate", by, session, Person(administration=administration) if administration else None)
        if administration is None:
            raise DomainError(_("Say which administration the officer belongs to."))
        person = find_or_create_person(administration=administration, **person_fields)
    rules.check("nominate", by, session, person)
    if person.administration_id is None:
        raise DomainError(_("Only an officer of a member administration can be nominated."))
    session = lock_session(session)
    if session.end_date < timezone.localdate() and not is_secretariat(by):
        # The Secretariat may still record the participants of a past session (its records).
        raise ConflictError(_("The session has ended: it takes no more nominations."))
    if session.programme.kind == ProgrammeKind.ACCREDITATION and not hasattr(person, "expert"):
        raise DomainError(
            _("An accreditation workshop is for experts: record %(person)s in the experts database first.")
            % {"person": person}
        )
    if session.participants.filter(person=person).exists():
        raise ConflictError(_("%(person)s is already a participant of this session.") % {"person": person})
    participant = Participant(
        session=session,
        person=person,
        administration_id=person.administration_id,
        post=post or person.current_post,
        status=S.NOMINATED,
        nominated_by=by,
    )
    participant.full_clean()
    participant.save()
    participant.timeline.create(actor=by, from_status="", to_status=S.NOMINATED, comment=comment)
    return participant


@transaction.atomic
def participant_select(*, participant: Participant, by: User, comment: str = "") -> Participant:
    rules.check("decide", by, participant)
    participant = lock_participant(participant)
    check_move(participant, S.SELECTED)
    move(participant, S.SELECTED, by=by, comment=comment)
    return participant


@transaction.atomic
def participant_not_select(*, participant: Participant, by: User, comment: str = "") -> Participant:
    rules.check("decide", by, participant)
    participant = lock_participant(participant)
    check_move(participant, S.NOT_SELECTED)
    move(participant, S.NOT_SELECTED, by=by, comment=comment)
    return participant


@transaction.atomic
def participant_enrol(*, participant: Participant, by: User, comment: str = "") -> Participant:
    """Enrol a selected participant; when the session is full, put them at the end of its waiting list."""
    rules.check("decide", by, participant)
    session = lock_session(participant.session)
    participant = lock_participant(participant)
    check_move(participant, S.ENROLLED)
    if participant.status == S.WAITLISTED:
        raise ConflictError(_("A participant on the waiting list moves up by themself when a place frees."))
    if places_taken(session) < session.capacity:
        move(participant, S.ENROLLED, by=by, comment=comment)
        return participant
    last = session.participants.aggregate(last=Max("waitlist_position"))["last"] or 0
    participant.waitlist_position = last + 1
    from_status = participant.status
    participant.status = S.WAITLISTED
    participant.full_clean(exclude=["person", "session", "administration"])
    participant.save(update_fields=["status", "waitlist_position", "updated_at"])
    participant.timeline.create(
        actor=by,
        from_status=from_status,
        to_status=S.WAITLISTED,
        comment=comment or _("The session is full (%(capacity)s places).") % {"capacity": session.capacity},
    )
    return participant


def promote_waiting_list(session: Session, *, by: User | None) -> list[Participant]:
    """Give the free places of ``session`` (locked by the caller) to the waiting list, first come first."""
    free = session.capacity - places_taken(session)
    promoted = []
    if free <= 0:
        return promoted
    waiting = (
        Participant.objects.select_for_update(of=("self",))
        .filter(session=session, status=S.WAITLISTED)
        .order_by("waitlist_position")[:free]
    )
    for participant in waiting:
        move(participant, S.ENROLLED, by=by, comment=str(_("A place freed: moved up from the waiting list.")))
        notifications.moved_up(participant)
        promoted.append(participant)
    return promoted


@transaction.atomic
def participant_withdraw(*, participant: Participant, by: User, comment: str = "") -> Participant:
    """Withdraw a participant still on the path; the place they held goes to the waiting list."""
    session = lock_session(participant.session)
    participant = lock_participant(participant)
    rules.check("withdraw", by, participant)
    check_move(participant, S.WITHDRAWN)
    held_place = participant.status in PLACE_HOLDING
    move(participant, S.WITHDRAWN, by=by, comment=comment)
    if held_place:
        promote_waiting_list(session, by=by)
    return participant


@transaction.atomic
def participant_complete(*, participant: Participant, by: User, comment: str = "") -> Participant:
    """Mark an enrolled participant as having completed the session; their feedback form is sent."""
    rules.check("decide", by, participant)
    participant = lock_participant(participant)
    check_move(participant, S.COMPLETED)
    if participant.session.start_date > timezone.localdate():
        raise ConflictError(_("The session has not started: nobody has completed it yet."))
    move(participant, S.COMPLETED, by=by, comment=comment)
    from training.services.feedback import feedback_send

    feedback_send(participant=participant)
    return participant


@transaction.atomic
def participant_certify(
    *,
    participant: Participant,
    by: User,
    honours: bool = False,
    comment: str = "",
    issued_on: datetime.date | None = None,
) -> Certificate:
    """Certify a participant who completed the session (with or without honours) and issue the certificate.
    Passing an accreditation workshop records the expert's accreditation at 1st step in the experts
    database, through its services (which refuse an expert without a pre-assessment there)."""
    rules.check("decide", by, participant)
    participant = lock_participant(participant)
    check_move(participant, S.CERTIFIED)
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate() or issued_on < participant.session.start_date:
        raise DomainError(_("A certificate is dated between the start of the session and today."))
    participant.honours = bool(honours)
    move(participant, S.CERTIFIED, by=by, comment=comment, fields=("honours",))
    session = participant.session
    if session.programme.kind == ProgrammeKind.ACCREDITATION:
        from experts.choices import WorkshopResult
        from experts.services import workshop_record_result

        expert = getattr(participant.person, "expert", None)
        if expert is None:
            raise DomainError(_("%(person)s is not in the experts database.") % {"person": participant.person})
        workshop_record_result(
            workshop=session.accreditation_workshop, expert=expert, result=WorkshopResult.PASSED, by=by
        )
    certificate = Certificate(
        participant=participant,
        holder_name=participant.person.full_name,
        honours=participant.honours,
        issued_on=issued_on,
    )
    certificate.full_clean()
    certificate.save()
    notifications.certified(certificate)
    return certificate


#: The moves by name, for the page and the API (``rules.MOVE_RULES`` says who may make them).
MOVES = {
    "select": participant_select,
    "not_select": participant_not_select,
    "enrol": participant_enrol,
    "complete": participant_complete,
    "certify": participant_certify,
    "withdraw": participant_withdraw,
}


def perform(move_name: str, *, participant: Participant, by: User, **data: Any):
    """Run the move ``move_name`` (a key of :data:`MOVES`) with its input."""
    if move_name not in MOVES:
        raise DomainError(_("There is no such step on the participant path."))
    return MOVES[move_name](participant=participant, by=by, **data)
