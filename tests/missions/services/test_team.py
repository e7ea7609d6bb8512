"""Steps 2 to 7 with experts: shortlist, availability, release letters, team, deployment."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from experts.choices import ExpertKind, Stage
from experts.models import Deployment
from missions import services
from missions.choices import Action, AvailabilityAnswer, LetterAnswer, MissionKind, Status, TeamRole
from missions.hooks import close_checks
from missions.models import Assignment, ReleaseLetter
from tests.missions import flow
from tests.missions.factories import START, ExpertFactory, MissionRequestFactory, home_member, make_expert
from wcocb.errors import ConflictError, DomainError, ForbiddenError

pytestmark = pytest.mark.django_db


# --- step 2: shortlist ------------------------------------------------------------------------------
def test_shortlist_moves_to_the_availability_check(secretariat):
    mission = flow.searching(secretariat)
    expert = make_expert()
    [assignment] = services.request_shortlist(
        request=mission, entries=[services.ShortlistEntry(expert=expert)], by=secretariat
    )
    mission.refresh_from_db()
    assert (mission.status, mission.step) == (Status.AVAILABILITY_CHECK, 3)
    assert (assignment.start_date, assignment.end_date) == (mission.start_date, mission.end_date)
    assert mission.timeline.last().action == Action.SHORTLISTED


def test_shortlist_needs_an_expert(secretariat):
    with pytest.raises(DomainError):
        services.request_shortlist(request=flow.searching(secretariat), entries=[], by=secretariat)


def test_external_expert_needs_a_recorded_justification(secretariat):
    mission = flow.searching(secretariat)
    external = ExpertFactory(kind=ExpertKind.EXTERNAL)
    with pytest.raises(DomainError, match="External Expert"):
        services.request_shortlist(request=mission, entries=[services.ShortlistEntry(expert=external)], by=secretariat)
    [assignment] = services.request_shortlist(
        request=mission,
        entries=[services.ShortlistEntry(expert=external, external_justification="No accredited TRS expert free")],
        by=secretariat,
    )
    assert assignment.external_justification == "No accredited TRS expert free"


def test_the_same_expert_cannot_be_shortlisted_twice(secretariat):
    mission, [assignment] = flow.checking(secretariat)
    with pytest.raises(ConflictError):
        services.request_shortlist(
            request=mission, entries=[services.ShortlistEntry(expert=assignment.expert)], by=secretariat
        )


def test_more_experts_can_be_added_during_the_availability_check(secretariat):
    mission, _ = flow.checking(secretariat)
    services.request_shortlist(
        request=mission, entries=[services.ShortlistEntry(expert=make_expert())], by=secretariat
    )
    mission.refresh_from_db()
    assert mission.status == Status.AVAILABILITY_CHECK
    assert mission.assignments.count() == 2


def test_member_cannot_shortlist(secretariat, member_user):
    mission = flow.searching(secretariat)
    with pytest.raises(ForbiddenError):
        services.request_shortlist(
            request=mission, entries=[services.ShortlistEntry(expert=make_expert())], by=member_user
        )


def test_secretariat_delivery_skips_to_the_team(secretariat):
    mission = flow.searching(secretariat)
    services.request_deliver_by_secretariat(request=mission, by=secretariat)
    mission.refresh_from_db()
    assert (mission.status, mission.delivered_by_secretariat, mission.step) == (Status.TEAM_FORMED, True, 6)
    with pytest.raises(DomainError, match="terms of reference"):
        services.request_deploy(request=mission, by=secretariat)
    services.document_upload(request=mission, kind="tor", file=ContentFile(b"ToR", name="tor.txt"), by=secretariat)
    services.request_deploy(request=mission, by=secretariat)
    mission.refresh_from_db()
    assert mission.status == Status.DEPLOYED


# --- the mission's dates ----------------------------------------------------------------------------
LONG_WINDOW = {"preferred_start": START, "preferred_end": datetime.date(2027, 5, 31), "duration_days": 5}


def _planned_without_dates(by, **fields):
    mission = flow.commented(by, **fields)
    services.request_plan(request=mission, plan_year=2027, by=by)
    services.request_start_search(request=mission, by=by)
    mission.refresh_from_db()
    return mission


def test_a_five_day_mission_in_a_three_month_window_records_five_working_days(secretariat):
    expert = make_expert()
    mission = _planned_without_dates(secretariat, **LONG_WINDOW)
    [assignment] = services.request_shortlist(
        request=mission, entries=[services.ShortlistEntry(expert=expert, role=TeamRole.LEAD)], by=secretariat
    )
    monday = datetime.date(2027, 4, 12)
    services.request_set_dates(
        request=mission, start_date=monday, end_date=monday + datetime.timedelta(days=4), by=secretariat
    )
    assignment.refresh_from_db()
    assert (assignment.start_date, assignment.end_date) == (monday, datetime.date(2027, 4, 16))
    services.assignment_record_availability(assignment=assignment, answer="available", selected=True, by=secretariat)
    services.request_request_release(request=mission, deadline=flow.DEADLINE, by=secretariat)
    services.release_approve(letter=ReleaseLetter.objects.get(assignment=assignment), by=home_member(expert))
    deployment = Deployment.objects.get(source_key=assignment.source_key)
    assert (deployment.start_date, deployment.end_date) == (monday, datetime.date(2027, 4, 16))
    expert.refresh_from_db()
    assert expert.commitment_used_days == 5
    assert mission.timeline.filter(action=Action.DATES_SET).get().comment == "Mission dates: 2027-04-12 to 2027-04-16"


def test_the_mission_dates_free_the_rest_of_the_window_for_another_mission(secretariat):
    expert = make_expert()
    _, [first] = flow.release_requested(secretariat, experts=[expert], **LONG_WINDOW)  # booked 1-5 March only
    later = datetime.date(2027, 3, 15)
    second_mission, [second] = flow.release_requested(
        secretariat, experts=[expert], preferred_start=later, preferred_end=later + datetime.timedelta(days=4)
    )
    assert second_mission.status == Status.RELEASE_REQUESTED
    assert first.is_booked
    assert second.is_booked
    assert (first.start_date, first.end_date) == (datetime.date(2027, 3, 1), datetime.date(2027, 3, 5))
    assert second.start_date > first.end_date


def test_release_letters_need_the_mission_dates(secretariat):
    mission = _planned_without_dates(secretariat, **LONG_WINDOW)
    [assignment] = services.request_shortlist(
        request=mission, entries=[services.ShortlistEntry(expert=make_expert())], by=secretariat
    )
    assert (assignment.start_date, assignment.end_date) == (START, datetime.date(2027, 5, 31))  # until dates are set
    services.assignment_record_availability(assignment=assignment, answer="available", selected=True, by=secretariat)
    with pytest.raises(DomainError, match="Set the mission's dates"):
        services.request_request_release(request=mission, deadline=flow.DEADLINE, by=secretariat)
    assert not Assignment.objects.get(pk=assignment.pk).is_booked


def test_the_mission_dates_may_be_set_when_planning(secretariat):
    mission = flow.commented(secretariat, **LONG_WINDOW)
    services.request_plan(
        request=mission, plan_year=2027, start_date=START, end_date=datetime.date(2027, 3, 5), by=secretariat
    )
    mission.refresh_from_db()
    assert (mission.start_date, mission.end_date) == (START, datetime.date(2027, 3, 5))
    assert "Mission dates: 2027-03-01 to 2027-03-05" in mission.timeline.get(action=Action.PLANNED).comment


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (datetime.date(2027, 4, 12), datetime.date(2027, 4, 15), "must cover 5 days, not 4"),
        (datetime.date(2027, 4, 12), datetime.date(2027, 4, 17), "must cover 5 days, not 6"),
        (datetime.date(2027, 4, 16), datetime.date(2027, 4, 12), "cannot end before"),
        (datetime.date(2027, 2, 14), datetime.date(2027, 2, 18), "within the preferred period"),
        (datetime.date(2027, 6, 11), datetime.date(2027, 6, 15), "within the preferred period"),
    ],
)
def test_mission_dates_must_fit_the_duration_and_the_preferred_period(secretariat, start, end, message):
    mission = _planned_without_dates(secretariat, **LONG_WINDOW)
    with pytest.raises(DomainError, match=message):
        services.request_set_dates(request=mission, start_date=start, end_date=end, by=secretariat)
    mission.refresh_from_db()
    assert mission.start_date is None


def test_mission_dates_may_lie_up_to_two_weeks_outside_the_preferred_period(secretariat):
    mission = _planned_without_dates(secretariat, **LONG_WINDOW)
    start = START - datetime.timedelta(days=services.DATES_SLACK_DAYS)
    services.request_set_dates(
        request=mission, start_date=start, end_date=start + datetime.timedelta(days=4), by=secretariat
    )


def test_mission_dates_cannot_move_while_an_expert_is_booked(secretariat):
    mission, _ = flow.release_requested(secretariat)
    services.request_reopen_selection(request=mission, by=secretariat)
    later = START + datetime.timedelta(days=1)
    with pytest.raises(ConflictError, match="booked"):
        services.request_set_dates(
            request=mission, start_date=later, end_date=later + datetime.timedelta(days=4), by=secretariat
        )


@pytest.mark.parametrize("user_fixture", ["rocb_officer", "member_user"])
def test_only_the_secretariat_sets_the_mission_dates(request, secretariat, user_fixture):
    mission = _planned_without_dates(secretariat)
    with pytest.raises(ForbiddenError):
        services.request_set_dates(
            request=mission, start_date=START, end_date=mission.preferred_end, by=request.getfixturevalue(user_fixture)
        )


def test_shortlisted_dates_must_lie_within_the_mission_dates(secretariat):
    mission = flow.searching(secretariat)
    with pytest.raises(DomainError, match="within the mission's dates"):
        services.request_shortlist(
            request=mission,
            entries=[
                services.ShortlistEntry(expert=make_expert(), end_date=mission.end_date + datetime.timedelta(days=1))
            ],
            by=secretariat,
        )


# --- step 3: availability ---------------------------------------------------------------------------
def test_only_an_available_expert_can_be_selected(secretariat):
    _mission, [assignment] = flow.checking(secretariat)
    with pytest.raises(DomainError, match="available"):
        services.assignment_record_availability(
            assignment=assignment, answer=AvailabilityAnswer.NOT_AVAILABLE, selected=True, by=secretariat
        )
    services.assignment_record_availability(
        assignment=assignment,
        answer=AvailabilityAnswer.AVAILABLE,
        note="Confirmed by phone",
        selected=True,
        by=secretariat,
    )
    assignment.refresh_from_db()
    assert (assignment.availability, assignment.selected, assignment.availability_note) == (
        "available",
        True,
        "Confirmed by phone",
    )


def test_rocb_of_the_region_records_availability(secretariat, rocb_officer):
    _mission, [assignment] = flow.checking(secretariat)
    services.assignment_record_availability(assignment=assignment, answer="available", by=rocb_officer)


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
    assert "release letter withdrawn" in event.comment
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
        f"{expert}: Specific expertise",
    )
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


# --- step 6: the team -------------------------------------------------------------------------------
def test_team_needs_exactly_one_leader(secretariat):
    mission, assignments = flow.released(secretariat, experts=[make_expert(), make_expert()])
    with pytest.raises(DomainError, match="one team leader"):
        services.request_form_team(request=mission, roles={a.pk: TeamRole.LEAD for a in assignments}, by=secretariat)
    services.request_form_team(request=mission, by=secretariat)
    mission.refresh_from_db()
    assert (mission.status, mission.step) == (Status.TEAM_FORMED, 6)


def test_field_evaluation_needs_a_qualified_evaluator(secretariat):
    evaluated = make_expert(full=(), first_step=("ET-HS",))
    unqualified = make_expert(full=("DF",))
    mission, assignments = flow.released(
        secretariat,
        experts=[unqualified, evaluated],
        roles=[TeamRole.EVALUATOR, TeamRole.UNDER_EVALUATION],
        kind=MissionKind.FIELD_EVALUATION,
    )
    roles = {assignments[0].pk: TeamRole.LEAD}
    with pytest.raises(DomainError, match="evaluator"):
        services.request_form_team(request=mission, roles=roles, by=secretariat)


def test_an_evaluator_in_another_sub_category_of_the_category_qualifies(secretariat):
    evaluated = make_expert(full=(), first_step=("ET-HS",))
    evaluator = make_expert(full=("ET-VAL",))
    lead = make_expert(full=("DF",))
    mission, _assignments = flow.released(
        secretariat,
        experts=[lead, evaluator, evaluated],
        roles=[TeamRole.LEAD, TeamRole.EVALUATOR, TeamRole.UNDER_EVALUATION],
        kind=MissionKind.FIELD_EVALUATION,
    )
    mission = services.request_form_team(request=mission, by=secretariat)
    assert mission.status == Status.TEAM_FORMED
    assert mission.timeline.last().action == Action.TEAM_FORMED


def test_briefing_only_team_members_once(secretariat):
    _mission, [assignment] = flow.team_formed(secretariat)
    services.assignment_brief(assignment=assignment, by=secretariat)
    with pytest.raises(ConflictError):
        services.assignment_brief(assignment=assignment, by=secretariat)


# --- step 7 and after -------------------------------------------------------------------------------
def test_deploy_needs_every_member_briefed(secretariat):
    mission, [lead, member] = flow.team_formed(secretariat, experts=[make_expert(), make_expert()])
    services.document_upload(request=mission, kind="tor", file=ContentFile(b"ToR", name="tor.txt"), by=secretariat)
    services.assignment_brief(assignment=lead, by=secretariat)
    with pytest.raises(DomainError, match="Brief every team member"):
        services.request_deploy(request=mission, by=secretariat)
    services.assignment_brief(assignment=member, by=secretariat)
    services.request_deploy(request=mission, by=secretariat)


def test_the_team_leader_completes_the_mission(secretariat, expert_user):
    lead = make_expert(user=expert_user)
    mission, _ = flow.ready_to_deploy(secretariat, experts=[lead, make_expert()])
    services.request_deploy(request=mission, by=secretariat)
    services.request_complete(request=mission, by=expert_user)
    mission.refresh_from_db()
    assert (mission.status, mission.step) == (Status.COMPLETED, 7)


def test_a_team_member_who_is_not_the_leader_cannot_complete(secretariat, expert_user):
    member = make_expert(user=expert_user)
    mission, _ = flow.ready_to_deploy(secretariat, experts=[make_expert(), member])
    services.request_deploy(request=mission, by=secretariat)
    with pytest.raises(ForbiddenError):
        services.request_complete(request=mission, by=expert_user)


def test_positive_field_evaluation_makes_the_expert_fully_accredited(secretariat, expert_user, monkeypatch):
    # The mission report check (tested with the reports) is left out of this workflow test.
    monkeypatch.setattr(close_checks, "items", [])
    evaluated = make_expert(full=(), first_step=("ET-HS",))
    evaluator = make_expert(full=("ET-VAL",), user=expert_user)
    mission, [lead, _, under] = flow.ready_to_deploy(
        secretariat,
        experts=[make_expert(), evaluator, evaluated],
        roles=[TeamRole.LEAD, TeamRole.EVALUATOR, TeamRole.UNDER_EVALUATION],
        kind=MissionKind.FIELD_EVALUATION,
    )
    services.request_deploy(request=mission, by=secretariat)
    services.request_complete(request=mission, by=secretariat)
    with pytest.raises(DomainError, match="field evaluation"):
        services.request_close(request=mission, by=secretariat)
    with pytest.raises(DomainError, match="under field evaluation"):
        services.assignment_record_evaluation(assignment=lead, positive=True, by=expert_user)
    services.assignment_record_evaluation(assignment=under, positive=True, by=expert_user, comment="Excellent")
    accreditation = evaluated.accreditations.get()
    assert (accreditation.stage, accreditation.evaluator) == (Stage.FULLY_ACCREDITED, evaluator)
    with pytest.raises(ConflictError):
        services.assignment_record_evaluation(assignment=under, positive=True, by=secretariat)
    services.request_close(request=mission, by=secretariat)
    mission.refresh_from_db()
    assert mission.status == Status.CLOSED


def test_negative_evaluation_leaves_the_accreditation_at_first_step(secretariat):
    evaluated = make_expert(full=(), first_step=("DF",))
    mission, [_, _, under] = flow.ready_to_deploy(
        secretariat,
        experts=[make_expert(), make_expert(full=("DF",)), evaluated],
        roles=[TeamRole.LEAD, TeamRole.EVALUATOR, TeamRole.UNDER_EVALUATION],
        kind=MissionKind.FIELD_EVALUATION,
    )
    services.request_deploy(request=mission, by=secretariat)
    services.assignment_record_evaluation(assignment=under, positive=False, by=secretariat)
    assert evaluated.accreditations.get().stage == Stage.FIRST_STEP


def test_hold_during_release_blocks_answers_until_resumed(secretariat):
    mission, [assignment] = flow.release_requested(secretariat)
    services.request_hold(request=mission, reason="Budget review", by=secretariat)
    with pytest.raises(ConflictError):
        services.release_approve(letter=assignment.release_letter, by=secretariat)
    services.request_resume(request=mission, by=secretariat)
    services.release_approve(letter=assignment.release_letter, by=secretariat)
    mission.refresh_from_db()
    assert mission.status == Status.RELEASED


# --- guards ------------------------------------------------------------------------------------------
def test_a_team_mission_cannot_deploy_without_terms_of_reference(secretariat):
    mission, [assignment] = flow.team_formed(secretariat)
    services.assignment_brief(assignment=assignment, by=secretariat)
    with pytest.raises(DomainError, match="terms of reference"):
        services.request_deploy(request=mission, by=secretariat)
    services.document_upload(request=mission, kind="agenda", file=ContentFile(b"Agenda", name="a.txt"), by=secretariat)
    with pytest.raises(DomainError, match="terms of reference"):
        services.request_deploy(request=mission, by=secretariat)
    mission.refresh_from_db()
    assert mission.status == Status.TEAM_FORMED


def _field_evaluation(secretariat, evaluator=None, **kwargs):
    return flow.ready_to_deploy(
        secretariat,
        experts=[
            make_expert(),
            evaluator or make_expert(full=("ET-VAL",)),
            make_expert(full=(), first_step=("ET-HS",)),
        ],
        roles=[TeamRole.LEAD, TeamRole.EVALUATOR, TeamRole.UNDER_EVALUATION],
        kind=MissionKind.FIELD_EVALUATION,
        **kwargs,
    )


def test_a_field_evaluation_mission_cannot_close_before_the_evaluation_is_recorded(secretariat, monkeypatch):
    monkeypatch.setattr(close_checks, "items", [])
    mission, [_, _, under] = _field_evaluation(secretariat)
    services.request_deploy(request=mission, by=secretariat)
    services.request_complete(request=mission, by=secretariat)
    with pytest.raises(DomainError, match="Record the field evaluation before closing"):
        services.request_close(request=mission, by=secretariat)
    mission.refresh_from_db()
    assert mission.status == Status.COMPLETED
    services.assignment_record_evaluation(assignment=under, positive=False, by=secretariat)
    services.request_close(request=mission, by=secretariat)


def test_an_unqualified_evaluator_cannot_sign_the_evaluation(secretariat, expert_user):
    # Two evaluators on the team: a qualified Expert Trainer, and a DF (fully accredited, but not in
    # the Expert Trainer category being evaluated), who tries to sign.
    unqualified = make_expert(full=("DF",), user=expert_user)
    mission, [*_, under] = flow.ready_to_deploy(
        secretariat,
        experts=[
            make_expert(),
            make_expert(full=("ET-VAL",)),
            unqualified,
            make_expert(full=(), first_step=("ET-HS",)),
        ],
        roles=[TeamRole.LEAD, TeamRole.EVALUATOR, TeamRole.EVALUATOR, TeamRole.UNDER_EVALUATION],
        kind=MissionKind.FIELD_EVALUATION,
    )
    services.request_deploy(request=mission, by=secretariat)
    with pytest.raises(DomainError, match="No qualified evaluator"):
        services.assignment_record_evaluation(assignment=under, positive=True, by=expert_user)
    under.refresh_from_db()
    assert under.evaluation_positive is None
    assert under.expert.accreditations.get().stage == Stage.FIRST_STEP


def test_rocb_cannot_choose_secretariat_delivery(secretariat, rocb_officer):
    mission = flow.searching(secretariat)
    with pytest.raises(ForbiddenError):
        services.request_deliver_by_secretariat(request=mission, by=rocb_officer)
    mission.refresh_from_db()
    assert (mission.status, mission.delivered_by_secretariat) == (Status.EXPERT_SEARCH, False)


def test_rocb_cannot_reopen_the_selection(secretariat, rocb_officer):
    mission, _ = flow.release_requested(secretariat)
    with pytest.raises(ForbiddenError):
        services.request_reopen_selection(request=mission, by=rocb_officer)
    mission.refresh_from_db()
    assert mission.status == Status.RELEASE_REQUESTED


@pytest.mark.parametrize("who", ["outsider_expert", "member_user", "other_rocb"])
def test_document_upload_by_someone_outside_the_team_is_refused(request, secretariat, who):
    from experts.models import Expert
    from tests import factories as base

    mission, _ = flow.team_formed(secretariat)
    if who == "outsider_expert":
        user = request.getfixturevalue("expert_user")
        make_expert(user=user)  # an expert, but not on this mission
        assert Expert.objects.filter(person__user=user).exists()
    elif who == "other_rocb":
        user = base.RocbFactory(username="rocb-eur", region=base.region("EUR"))
    else:
        user = request.getfixturevalue(who)
    with pytest.raises(ForbiddenError):
        services.document_upload(request=mission, kind="tor", file=ContentFile(b"ToR", name="tor.txt"), by=user)
    assert not mission.documents.exists()
