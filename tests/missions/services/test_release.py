"""Steps 4 and 5: release letters, the home administration's answers, the release commitment."""

import datetime

import pytest
from django.utils import timezone

from experts.models import Deployment
from missions import selectors, services
from missions.choices import Action, LetterAnswer, Status
from missions.models import Assignment
from tests.missions import flow
from tests.missions.factories import START, MissionRequestFactory, home_member, make_expert
from wcocb.errors import ConflictError, DomainError, ForbiddenError

pytestmark = pytest.mark.django_db


# --- step 4: release letters ------------------------------------------------------------------------
def test_release_letters_need_a_selected_expert(secretariat):
    mission, _ = flow.checking(secretariat)
    with pytest.raises(DomainError, match="Select"):
        services.request_request_release(request=mission, deadline=flow.DEADLINE, by=secretariat)


def test_release_request_books_the_dates_and_sends_one_letter_per_expert(secretariat):
    mission, assignments = flow.release_requested(
        secretariat, experts=[make_expert(), make_expert(administration="KR")]
    )
    assert (mission.status, mission.step) == (Status.RELEASE_REQUESTED, 4)
    for assignment in assignments:
        assert assignment.is_booked
        letter = assignment.release_letter
        assert (letter.answer, letter.deadline, letter.language) == (LetterAnswer.PENDING, flow.DEADLINE, "en")
        assert letter.sent_at is not None
        assert not letter.pdf  # rendered by the letters code


def test_letter_deadline_must_be_in_the_future(secretariat):
    mission, [assignment] = flow.checking(secretariat)
    services.assignment_record_availability(assignment=assignment, answer="available", selected=True, by=secretariat)
    with pytest.raises(DomainError, match="future"):
        services.request_request_release(request=mission, deadline=timezone.localdate(), by=secretariat)


def test_no_expert_on_two_missions_with_overlapping_dates(secretariat):
    expert = make_expert()
    flow.release_requested(secretariat, experts=[expert])
    _mission, [assignment] = flow.checking(secretariat, experts=[expert], title="Second mission")
    with pytest.raises(ConflictError, match="already booked"):
        services.assignment_record_availability(
            assignment=assignment, answer="available", selected=True, by=secretariat
        )


def test_the_database_refuses_a_double_booking_too(secretariat):
    from django.db import IntegrityError, transaction

    expert = make_expert()
    _, [first] = flow.release_requested(secretariat, experts=[expert])
    other = MissionRequestFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            request=other, expert=expert, start_date=first.end_date, end_date=first.end_date, is_booked=True
        )


def test_the_same_expert_on_back_to_back_missions_is_fine(secretariat):
    expert = make_expert()
    _, [first] = flow.release_requested(secretariat, experts=[expert])
    later = START + datetime.timedelta(days=7)
    second_mission, [second] = flow.release_requested(
        secretariat, experts=[expert], preferred_start=later, preferred_end=later + datetime.timedelta(days=4)
    )
    assert second_mission.status == Status.RELEASE_REQUESTED
    assert first.is_booked
    assert second.is_booked
    assert Assignment.objects.filter(expert=expert, is_booked=True).count() == 2


def test_a_cancelled_mission_frees_the_dates(secretariat):
    expert = make_expert()
    first, _ = flow.release_requested(secretariat, experts=[expert])
    services.request_cancel(request=first, reason="Postponed by the member", by=secretariat)
    assert not Assignment.objects.get(request=first, expert=expert).is_booked
    again, [booked] = flow.release_requested(secretariat, experts=[expert])
    assert again.status == Status.RELEASE_REQUESTED
    assert booked.is_booked
    assert list(Assignment.objects.filter(expert=expert, is_booked=True)) == [booked]


# --- step 5: the home administration answers --------------------------------------------------------
def test_home_administration_approves_and_the_days_feed_the_commitment(secretariat):
    expert = make_expert()
    mission, [assignment] = flow.release_requested(secretariat, experts=[expert])
    home = home_member(expert)
    services.release_approve(letter=assignment.release_letter, by=home, comment="Approved by the DG")
    mission.refresh_from_db()
    assert (mission.status, mission.step) == (Status.RELEASED, 5)
    deployment = Deployment.objects.get(source_key=f"assignment:{assignment.pk}")
    assert (deployment.expert, deployment.start_date, deployment.end_date) == (expert, START, assignment.end_date)
    expert.refresh_from_db()
    assert expert.commitment_used_days == 5
    assert list(mission.timeline.values_list("action", flat=True))[-2:] == [Action.RELEASE_APPROVED, Action.RELEASED]


def test_another_administration_cannot_answer(secretariat, other_member_user):
    expert = make_expert(administration="KR")
    _, [assignment] = flow.release_requested(secretariat, experts=[expert])
    with pytest.raises(ForbiddenError):
        services.release_approve(letter=assignment.release_letter, by=other_member_user)


def test_the_request_waits_for_every_selected_expert(secretariat):
    first, second = make_expert(), make_expert(administration="KR")
    mission, assignments = flow.release_requested(secretariat, experts=[first, second])
    services.release_approve(letter=assignments[0].release_letter, by=home_member(first))
    mission.refresh_from_db()
    assert mission.status == Status.RELEASE_REQUESTED
    services.release_approve(letter=assignments[1].release_letter, by=home_member(second))
    mission.refresh_from_db()
    assert mission.status == Status.RELEASED


def test_decline_needs_a_reason_and_frees_the_expert(secretariat):
    first, second = make_expert(), make_expert(administration="KR")
    mission, assignments = flow.release_requested(secretariat, experts=[first, second])
    home = home_member(second)
    with pytest.raises(DomainError, match="reason"):
        services.release_decline(letter=assignments[1].release_letter, by=home, reason=" ")
    services.release_decline(letter=assignments[1].release_letter, by=home, reason="Needed for the audit season")
    declined = Assignment.objects.get(pk=assignments[1].pk)
    assert (declined.selected, declined.is_booked, declined.release_letter.answer) == (False, False, "declined")
    services.release_approve(letter=assignments[0].release_letter, by=home_member(first))
    mission.refresh_from_db()
    assert mission.status == Status.RELEASED  # the remaining selected expert was released


def test_answering_twice_is_a_conflict(secretariat):
    expert = make_expert()
    first, second = make_expert(), make_expert()
    _mission, assignments = flow.release_requested(secretariat, experts=[first, second])
    services.release_approve(letter=assignments[0].release_letter, by=secretariat)
    with pytest.raises(ConflictError, match="already answered"):
        services.release_decline(letter=assignments[0].release_letter, by=secretariat, reason="x")
    assert expert


def test_reopen_selection_after_a_decline(secretariat):
    mission, [assignment] = flow.release_requested(secretariat)
    services.release_decline(letter=assignment.release_letter, by=secretariat, reason="Not released")
    services.request_reopen_selection(request=mission, by=secretariat)
    mission.refresh_from_db()
    assert mission.status == Status.AVAILABILITY_CHECK


def _reselect(mission, assignment, by):
    services.assignment_record_availability(assignment=assignment, answer="available", selected=True, by=by)
    return services.request_request_release(
        request=mission, deadline=flow.DEADLINE + datetime.timedelta(days=7), by=by
    )


@pytest.mark.parametrize("answered", [False, True], ids=["pending", "approved"])
def test_deselecting_after_reopen_releases_the_booking_the_days_and_the_letter(secretariat, answered):
    expert, other = make_expert(), make_expert(administration="KR")
    mission, [assignment, _] = flow.release_requested(secretariat, experts=[expert, other])
    if answered:
        services.release_approve(letter=assignment.release_letter, by=home_member(expert))
        expert.refresh_from_db()
        assert expert.commitment_used_days == 5
    services.request_reopen_selection(request=mission, by=secretariat)

    services.assignment_record_availability(
        assignment=assignment, answer="available", selected=False, note="Replaced", by=secretariat
    )

    assignment = Assignment.objects.get(pk=assignment.pk)
    assert (assignment.selected, assignment.is_booked) == (False, False)
    assert not Deployment.objects.filter(source_key=assignment.source_key).exists()
    expert.refresh_from_db()
    assert expert.commitment_used_days == 0
    letter = assignment.release_letter
    assert (letter.answer, letter.answered_by) == (LetterAnswer.WITHDRAWN, secretariat)
    event = mission.timeline.last()
    assert event.action == Action.DESELECTED
    assert "release letter withdrawn" in selectors.event_text(event)
    assert event.comment == "Replaced"
    # The withdrawn letter can no longer be approved, even once letters are out again.
    services.request_request_release(request=mission, deadline=flow.DEADLINE, by=secretariat)
    with pytest.raises(ConflictError, match="already answered"):
        services.release_approve(letter=letter, by=home_member(expert))
    # The freed dates can be booked on another mission.
    flow.release_requested(secretariat, experts=[expert], title="Another mission")


def test_a_deselected_expert_selected_again_gets_a_new_release_request(secretariat):
    expert = make_expert()
    mission, [assignment] = flow.release_requested(secretariat, experts=[expert])
    services.request_reopen_selection(request=mission, by=secretariat)
    services.assignment_record_availability(assignment=assignment, answer="available", selected=False, by=secretariat)
    [letter] = _reselect(mission, assignment, secretariat)
    assert (letter.answer, letter.deadline) == (LetterAnswer.PENDING, flow.DEADLINE + datetime.timedelta(days=7))
    services.release_approve(letter=letter, by=home_member(expert))
    mission.refresh_from_db()
    assert mission.status == Status.RELEASED
    assert Deployment.objects.filter(source_key=assignment.source_key).exists()


def test_reselecting_after_a_decline_sends_a_new_letter(secretariat, django_capture_on_commit_callbacks):
    from django.core import mail

    from wcocb.celery import app

    expert = make_expert()
    home = home_member(expert)
    mission, [assignment] = flow.release_requested(secretariat, experts=[expert])
    first_sent = assignment.release_letter.sent_at
    services.release_decline(letter=assignment.release_letter, by=home, reason="Audit season")
    services.request_reopen_selection(request=mission, by=secretariat)
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            [letter] = _reselect(mission, assignment, secretariat)
    finally:
        app.conf.task_always_eager = False
    letter.refresh_from_db()
    assert (letter.answer, letter.answer_reason, letter.answered_by) == (LetterAnswer.PENDING, "", None)
    assert letter.deadline == flow.DEADLINE + datetime.timedelta(days=7)
    assert letter.sent_at > first_sent
    assert letter.pdf  # rendered again
    [message] = [m for m in mail.outbox if m.subject.startswith("Release request for")]
    assert message.to == [home.email]
    mission.refresh_from_db()
    assert mission.status == Status.RELEASE_REQUESTED
    services.release_approve(letter=letter, by=home)
    mission.refresh_from_db()
    assert mission.status == Status.RELEASED


def _busy(expert, used_days: int):
    """Record manual deployments worth ``used_days`` working days in the commitment window."""
    start = datetime.date(2026, 2, 2)  # a Monday, inside the window
    weeks, extra = divmod(used_days, 5)
    end = (
        start + datetime.timedelta(days=weeks * 7 + extra - 1)
        if extra
        else start + datetime.timedelta(days=weeks * 7 - 3)
    )
    from experts import services as expert_services
    from tests.factories import SecretariatFactory

    clerk = SecretariatFactory(username="deployment-clerk")  # manual deployments are the Secretariat's
    expert_services.deployment_record(expert=expert, start_date=start, end_date=end, by=clerk, description="Earlier")
    expert.refresh_from_db()
    assert expert.commitment_used_days == used_days


def test_release_beyond_the_commitment_is_refused(secretariat):
    expert = make_expert()
    _busy(expert, 56)
    _mission, [assignment] = flow.release_requested(secretariat, experts=[expert])
    with pytest.raises(DomainError, match="release commitment") as refused:
        services.release_approve(letter=assignment.release_letter, by=home_member(expert))
    assert refused.value.code == "commitment_exceeded"
    assert not Deployment.objects.filter(source_key=assignment.source_key).exists()
    assert Assignment.objects.get(pk=assignment.pk).release_letter.answer == "pending"


def test_member_cannot_override_the_commitment(secretariat):
    expert = make_expert()
    _busy(expert, 56)
    _, [assignment] = flow.release_requested(secretariat, experts=[expert])
    with pytest.raises(ForbiddenError):
        services.release_approve(letter=assignment.release_letter, by=home_member(expert), override_reason="We agree")


def test_secretariat_overrides_the_commitment_with_a_reason(secretariat):
    expert = make_expert()
    _busy(expert, 56)
    _mission, [assignment] = flow.release_requested(secretariat, experts=[expert])
    services.release_approve(
        letter=assignment.release_letter, by=secretariat, override_reason="Only DF speaking Japanese"
    )
    assignment.refresh_from_db()
    assert (assignment.commitment_override, assignment.commitment_override_by) == (True, secretariat)
    expert.refresh_from_db()
    assert expert.commitment_used_days == 61


def test_override_recorded_beforehand_lets_the_home_administration_approve(secretariat):
    expert = make_expert()
    _busy(expert, 56)
    _, [assignment] = flow.release_requested(secretariat, experts=[expert])
    with pytest.raises(DomainError, match="reason"):
        services.assignment_override_commitment(assignment=assignment, reason="", by=secretariat)
    services.assignment_override_commitment(assignment=assignment, reason="Specific expertise", by=secretariat)
    event = assignment.request.timeline.last()
    assert (event.action, event.actor, event.from_status, event.to_status, event.comment) == (
        Action.COMMITMENT_OVERRIDDEN,
        secretariat,
        Status.RELEASE_REQUESTED,
        Status.RELEASE_REQUESTED,
        "Specific expertise",
    )
    assert selectors.system_lines(event) == [f"Release commitment of {expert} overridden."]
    services.release_approve(letter=assignment.release_letter, by=home_member(expert))


def test_no_cap_for_an_expert_not_yet_fully_accredited(secretariat):
    expert = make_expert(full=(), first_step=("DF",))
    mission, [assignment] = flow.release_requested(secretariat, experts=[expert])
    letter = services.release_approve(letter=assignment.release_letter, by=home_member(expert))
    assert letter.answer == LetterAnswer.APPROVED
    assignment.refresh_from_db()
    assert not assignment.commitment_override
    mission.refresh_from_db()
    assert mission.status == Status.RELEASED


def test_cancel_removes_the_released_days(secretariat):
    expert = make_expert()
    mission, [assignment] = flow.released(secretariat, experts=[expert])
    assert Deployment.objects.filter(source_key=assignment.source_key).exists()
    services.request_cancel(request=mission, reason="Security situation", by=secretariat)
    assert not Deployment.objects.filter(source_key=assignment.source_key).exists()
    expert.refresh_from_db()
    assert expert.commitment_used_days == 0
    assert not Assignment.objects.get(pk=assignment.pk).is_booked
