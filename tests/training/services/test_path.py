"""The participant path: each move by the right role, with its event row; refused moves change nothing."""

import datetime

import pytest

from tests import factories as base
from tests.training.factories import SessionFactory, completed, enrolled, nominated, officer, programme, today
from training import services
from training.choices import ParticipantStatus as S
from training.models import Certificate, Participant
from wcocb.errors import ConflictError, DomainError, ForbiddenError

pytestmark = pytest.mark.django_db


def test_the_whole_path_records_one_event_per_move(secretariat, member_user):
    session = SessionFactory()
    person = officer("TH")
    participant = services.participant_nominate(session=session, person=person, by=member_user, comment="Our best")
    services.participant_select(participant=participant, by=secretariat)
    services.participant_enrol(participant=participant, by=secretariat)
    services.participant_complete(participant=participant, by=secretariat)
    certificate = services.participant_certify(participant=participant, by=secretariat, honours=True)

    participant.refresh_from_db()
    assert participant.status == S.CERTIFIED
    assert participant.honours is True
    assert certificate.honours is True
    assert certificate.holder_name == person.full_name
    moves = list(participant.timeline.values_list("from_status", "to_status", "actor"))
    assert moves == [
        ("", S.NOMINATED, member_user.pk),
        (S.NOMINATED, S.SELECTED, secretariat.pk),
        (S.SELECTED, S.ENROLLED, secretariat.pk),
        (S.ENROLLED, S.COMPLETED, secretariat.pk),
        (S.COMPLETED, S.CERTIFIED, secretariat.pk),
    ]
    assert participant.timeline.first().comment == "Our best"


def test_a_member_nominates_only_its_own_officers(member_user):
    session = SessionFactory()
    with pytest.raises(ForbiddenError):
        services.participant_nominate(session=session, person=officer("JP"), by=member_user)
    assert not Participant.objects.exists()


def test_a_new_officer_is_created_once_and_found_again(member_user, secretariat):
    first, second = SessionFactory(), SessionFactory()
    one = services.participant_nominate(
        session=first, by=member_user, first_name="Somchai", last_name="Prasert", email="S.Prasert@customs.go.th"
    )
    again = services.participant_nominate(
        session=second, by=member_user, first_name="Somchai", last_name="Prasert", email="s.prasert@customs.go.th"
    )
    assert one.person_id == again.person_id
    assert one.administration == member_user.administration


def test_a_trainee_who_is_an_expert_stays_one_person(secretariat, member_user):
    from tests.missions.factories import make_expert

    expert = make_expert(administration="TH")
    person = expert.person
    participant = services.participant_nominate(
        session=SessionFactory(), by=member_user, first_name=person.first_name, last_name=person.last_name
    )
    assert participant.person_id == person.pk


def test_an_officer_is_nominated_once_per_session(member_user):
    session = SessionFactory()
    person = officer("TH")
    nominated(session, person, by=member_user)
    with pytest.raises(ConflictError):
        nominated(session, person, by=member_user)


def test_a_member_cannot_nominate_to_an_ended_session_but_the_secretariat_records_it(member_user, secretariat):
    session = SessionFactory(
        start_date=today() - datetime.timedelta(days=20), end_date=today() - datetime.timedelta(1)
    )
    with pytest.raises(ConflictError):
        nominated(session, by=member_user)
    assert nominated(session, by=secretariat).status == S.NOMINATED


@pytest.mark.parametrize("move", ["select", "not_select", "enrol", "complete", "certify"])
def test_only_the_secretariat_decides(member_user, rocb_officer, expert_user, move, secretariat):
    participant = nominated(SessionFactory(), by=member_user)
    for user in (member_user, rocb_officer, expert_user):
        with pytest.raises(ForbiddenError):
            services.perform(move, participant=participant, by=user)
    participant.refresh_from_db()
    assert participant.status == S.NOMINATED
    assert participant.timeline.count() == 1


def test_the_path_cannot_be_skipped(secretariat, member_user):
    participant = nominated(SessionFactory(), by=member_user)
    for move in ("enrol", "complete", "certify"):
        with pytest.raises(ConflictError):
            services.perform(move, participant=participant, by=secretariat)
    participant.refresh_from_db()
    assert participant.status == S.NOMINATED
    assert participant.timeline.count() == 1
    assert not Certificate.objects.exists()


def test_not_selected_is_final(secretariat, member_user):
    participant = nominated(SessionFactory(), by=member_user)
    services.participant_not_select(participant=participant, by=secretariat)
    with pytest.raises(ConflictError):
        services.participant_select(participant=participant, by=secretariat)


def test_the_administration_withdraws_its_officer_while_on_the_path(member_user, other_member_user, secretariat):
    participant = enrolled(SessionFactory(), by=secretariat)
    with pytest.raises(ForbiddenError):
        services.participant_withdraw(participant=participant, by=other_member_user)
    services.participant_withdraw(participant=participant, by=member_user, comment="Posted abroad")
    participant.refresh_from_db()
    assert participant.status == S.WITHDRAWN
    assert participant.timeline.last().comment == "Posted abroad"


def test_a_completed_participant_cannot_be_withdrawn_by_the_administration(member_user, secretariat):
    participant = completed(SessionFactory(), by=secretariat)
    with pytest.raises(ForbiddenError):
        services.participant_withdraw(participant=participant, by=member_user)
    with pytest.raises(ConflictError):
        services.participant_withdraw(participant=participant, by=secretariat)


def test_nobody_completes_a_session_that_has_not_started(secretariat):
    session = SessionFactory(start_date=today() + datetime.timedelta(days=5), end_date=today() + datetime.timedelta(9))
    participant = enrolled(session, by=secretariat)
    with pytest.raises(ConflictError):
        services.participant_complete(participant=participant, by=secretariat)


def test_completing_sends_the_feedback_link(secretariat, mailoutbox, django_capture_on_commit_callbacks):
    person = officer("TH", email="trainee@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        participant = completed(SessionFactory(title="VCOA 9th session"), person, by=secretariat)
    assert participant.feedback.answered_at is None
    mail = next(m for m in mailoutbox if "trainee@example.org" in m.to)
    assert "VCOA 9th session" in mail.subject
    assert "/training/feedback/" in mail.body


def test_an_inactive_secretariat_user_is_nobody(secretariat):
    participant = nominated(SessionFactory(), by=secretariat)
    secretariat.is_active = False
    secretariat.save()
    with pytest.raises(ForbiddenError):
        services.participant_select(participant=participant, by=secretariat)


class TestAccreditationWorkshop:
    def _session(self):
        from tests.experts.factories import WorkshopFactory

        workshop = WorkshopFactory(
            category="CMA", start_date=today() - datetime.timedelta(days=6), end_date=today() - datetime.timedelta(1)
        )
        return SessionFactory(
            programme=programme("ACCREDITATION"),
            accreditation_workshop=workshop,
            start_date=workshop.start_date,
            end_date=today() + datetime.timedelta(days=1),
        )

    def test_certifying_records_the_first_step_in_experts(self, secretariat):
        from experts import services as expert_services
        from experts.choices import Stage
        from experts.models import ExpertiseArea
        from tests.missions.factories import make_expert

        expert = make_expert(administration="TH", full=())
        accreditation = expert_services.accreditation_pre_assess(
            expert=expert,
            area=ExpertiseArea.objects.get(code="CMA"),
            on=today() - datetime.timedelta(30),
            by=secretariat,
        )
        session = self._session()
        participant = completed(session, expert.person, by=secretariat)
        services.participant_certify(participant=participant, by=secretariat)
        accreditation.refresh_from_db()
        assert accreditation.stage == Stage.FIRST_STEP
        assert accreditation.workshop == session.accreditation_workshop

    def test_an_expert_without_pre_assessment_is_refused_and_nothing_changes(self, secretariat):
        from tests.missions.factories import make_expert

        expert = make_expert(administration="TH", full=())
        participant = completed(self._session(), expert.person, by=secretariat)
        with pytest.raises(DomainError):
            services.participant_certify(participant=participant, by=secretariat)
        participant.refresh_from_db()
        assert participant.status == S.COMPLETED
        assert not Certificate.objects.exists()

    def test_only_experts_are_nominated(self, secretariat):
        with pytest.raises(DomainError):
            nominated(self._session(), officer("TH"), by=secretariat)


def test_an_officer_without_administration_cannot_be_nominated(secretariat):
    person = base.PersonFactory(administration=None)
    with pytest.raises(DomainError):
        nominated(SessionFactory(), person, by=secretariat)
