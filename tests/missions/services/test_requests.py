"""Step 1 and the request's life: submission, ROCB comment, plan, the mission's dates, hold, resume, cancel."""

import datetime

import pytest

from experts.models import Deployment
from missions import selectors, services
from missions.choices import Action, Status, TeamRole
from missions.hooks import close_checks
from missions.models import Assignment, MissionEvent, ReleaseLetter
from missions.rules import allowed_actions
from tests import factories as base
from tests.missions import flow
from tests.missions.factories import START, MissionRequestFactory, home_member, make_expert
from wcocb.errors import ConflictError, DomainError, ForbiddenError
from wcocb.models import FundingSource, Language

pytestmark = pytest.mark.django_db


def submit(by, administration=None, skip_administration=False, **overrides):
    values = {
        "administration": administration or base.member("TH"),
        "kind": "diagnostic",
        "title": "Risk management diagnostic",
        "objectives": "Assess the risk management framework.",
        "preferred_start": datetime.date(2027, 5, 3),
        "preferred_end": datetime.date(2027, 5, 7),
        "duration_days": 5,
        "language": Language.objects.get(code="en"),
        "funding": FundingSource.objects.get(code="WCO"),
    }
    values.update(overrides)
    if skip_administration:
        del values["administration"]
    return services.request_submit(by=by, **values)


def test_member_submits_for_its_own_administration(member_user):
    mission = submit(member_user)
    assert mission.status == Status.RECEIVED
    assert mission.step == 1
    event = mission.timeline.get()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        Action.SUBMITTED,
        "",
        Status.RECEIVED,
        member_user,
    )


def test_member_cannot_submit_for_another_administration(member_user):
    with pytest.raises(ForbiddenError):
        submit(member_user, administration=base.member("JP"))


def test_without_an_administration_a_member_submits_for_its_own(member_user):
    mission = submit(member_user, skip_administration=True)
    assert mission.administration == member_user.administration


def test_the_secretariat_must_name_the_requesting_administration(secretariat):
    with pytest.raises(DomainError, match="Name the requesting administration"):
        submit(secretariat, skip_administration=True)


def test_secretariat_submits_on_a_members_behalf(secretariat):
    mission = submit(secretariat, administration=base.member("KE"))
    assert mission.administration.iso_code == "KE"
    assert mission.created_by == secretariat


@pytest.mark.parametrize("user_fixture", ["rocb_officer", "expert_user"])
def test_other_roles_cannot_submit(request, user_fixture):
    with pytest.raises(ForbiddenError):
        submit(request.getfixturevalue(user_fixture))


def test_duration_longer_than_the_period_is_refused(member_user):
    with pytest.raises(DomainError, match="duration"):
        submit(member_user, duration_days=9)


def test_end_before_start_is_refused(member_user):
    with pytest.raises(DomainError, match="end cannot be before"):
        submit(member_user, preferred_end=datetime.date(2027, 5, 1), duration_days=1)


def test_secretariat_plans_a_received_request_after_the_rocb_comment(secretariat, rocb_officer):
    mission = MissionRequestFactory()
    services.request_rocb_comment(request=mission, comment="A regional priority", by=rocb_officer)
    services.request_plan(request=mission, plan_year=2027, by=secretariat, comment="After ROCB comment")
    mission.refresh_from_db()
    assert (mission.status, mission.plan_year, mission.step) == (Status.PLANNED, 2027, 1)
    event = mission.timeline.get(action=Action.PLANNED)
    assert (event.from_status, event.to_status, event.comment) == (
        Status.RECEIVED,
        Status.PLANNED,
        "After ROCB comment",
    )


@pytest.mark.parametrize("user_fixture", ["member_user", "rocb_officer", "expert_user"])
def test_only_the_secretariat_plans(request, user_fixture):
    mission = MissionRequestFactory()
    with pytest.raises(ForbiddenError) as refused:
        services.request_plan(request=mission, plan_year=2027, by=request.getfixturevalue(user_fixture))
    assert refused.value.status == 403
    assert not MissionEvent.objects.exists()


def test_planning_twice_is_a_conflict(secretariat):
    mission = flow.commented(secretariat)
    services.request_plan(request=mission, plan_year=2027, by=secretariat)
    with pytest.raises(ConflictError) as refused:
        services.request_plan(request=mission, plan_year=2028, by=secretariat)
    assert refused.value.status == 409
    mission.refresh_from_db()
    assert mission.plan_year == 2027


def test_plan_year_must_be_sensible(secretariat):
    with pytest.raises(DomainError):
        services.request_plan(request=flow.commented(secretariat), plan_year=1999, by=secretariat)


# --- step 1: the ROCB's comment ---------------------------------------------------------------------
def test_rocb_of_the_region_comments_on_a_received_request(rocb_officer):
    mission = MissionRequestFactory()
    services.request_rocb_comment(request=mission, comment="Matches the regional needs survey", by=rocb_officer)
    mission.refresh_from_db()
    assert mission.status == Status.RECEIVED
    event = mission.timeline.get()
    assert (event.action, event.actor, event.from_status, event.to_status, event.comment) == (
        Action.ROCB_COMMENTED,
        rocb_officer,
        Status.RECEIVED,
        Status.RECEIVED,
        "Matches the regional needs survey",
    )


def test_secretariat_records_the_rocb_comment_on_its_behalf(secretariat):
    mission = MissionRequestFactory()
    services.request_rocb_comment(request=mission, comment="Agreed by phone with the ROCB", by=secretariat)
    event = mission.timeline.get()
    assert (event.action, event.actor) == (Action.ROCB_COMMENTED, secretariat)
    assert event.comment == "Agreed by phone with the ROCB"  # as written; who recorded it is a system line
    assert selectors.event_text(event) == ("Recorded on behalf of the ROCB.\nAgreed by phone with the ROCB")


def test_planning_before_the_rocb_commented_is_refused(secretariat):
    mission = MissionRequestFactory()
    with pytest.raises(DomainError, match="ROCB has not commented") as refused:
        services.request_plan(request=mission, plan_year=2027, by=secretariat)
    assert refused.value.status == 400
    mission.refresh_from_db()
    assert (mission.status, mission.plan_year) == (Status.RECEIVED, None)
    assert not mission.timeline.exists()


def test_rocb_comment_must_say_something(rocb_officer):
    with pytest.raises(DomainError, match="comment"):
        services.request_rocb_comment(request=MissionRequestFactory(), comment="  ", by=rocb_officer)


@pytest.mark.parametrize("user_fixture", ["member_user", "expert_user"])
def test_only_the_rocb_or_the_secretariat_comments(request, user_fixture):
    with pytest.raises(ForbiddenError):
        services.request_rocb_comment(
            request=MissionRequestFactory(), comment="x", by=request.getfixturevalue(user_fixture)
        )


def test_rocb_of_another_region_cannot_comment():
    officer = base.RocbFactory(region=base.region("EUR"))
    with pytest.raises(ForbiddenError):
        services.request_rocb_comment(request=MissionRequestFactory(), comment="x", by=officer)


def test_rocb_comments_only_on_a_received_request(rocb_officer):
    mission = MissionRequestFactory(status=Status.PLANNED, plan_year=2027)
    with pytest.raises(ConflictError):
        services.request_rocb_comment(request=mission, comment="Too late", by=rocb_officer)


def test_rocb_of_the_region_starts_the_search(secretariat, rocb_officer):
    mission = MissionRequestFactory(status=Status.PLANNED, plan_year=2027)
    services.request_start_search(request=mission, by=rocb_officer)
    mission.refresh_from_db()
    assert (mission.status, mission.step) == (Status.EXPERT_SEARCH, 2)


def test_rocb_of_another_region_cannot_start_the_search():
    officer = base.RocbFactory(region=base.region("EUR"))
    mission = MissionRequestFactory(status=Status.PLANNED)
    with pytest.raises(ForbiddenError):
        services.request_start_search(request=mission, by=officer)


def test_start_search_before_planning_is_a_conflict(secretariat):
    with pytest.raises(ConflictError):
        services.request_start_search(request=MissionRequestFactory(), by=secretariat)


def test_hold_needs_a_reason_and_resume_returns_to_the_step_it_left(secretariat):
    mission = MissionRequestFactory(status=Status.EXPERT_SEARCH)
    with pytest.raises(DomainError, match="reason"):
        services.request_hold(request=mission, reason="  ", by=secretariat)
    services.request_hold(request=mission, reason="Elections in the country", by=secretariat)
    mission.refresh_from_db()
    assert (mission.status, mission.held_from, mission.step) == (Status.ON_HOLD, Status.EXPERT_SEARCH, 2)
    services.request_resume(request=mission, by=secretariat)
    mission.refresh_from_db()
    assert (mission.status, mission.held_from) == (Status.EXPERT_SEARCH, "")
    assert list(mission.timeline.values_list("action", flat=True)) == [Action.HELD, Action.RESUMED]


def test_resume_of_an_open_request_is_a_conflict(secretariat):
    with pytest.raises(ConflictError):
        services.request_resume(request=MissionRequestFactory(), by=secretariat)


def test_member_cannot_hold(member_user):
    with pytest.raises(ForbiddenError):
        services.request_hold(request=MissionRequestFactory(), reason="x", by=member_user)


def test_cancel_from_hold_with_a_reason(secretariat):
    mission = MissionRequestFactory(status=Status.ON_HOLD, held_from=Status.PLANNED)
    services.request_cancel(request=mission, reason="No longer needed", by=secretariat)
    mission.refresh_from_db()
    assert (mission.status, mission.cancel_reason, mission.step) == (Status.CANCELLED, "No longer needed", None)


def test_member_cancels_its_own_request_before_the_search(member_user):
    mission = MissionRequestFactory()
    services.request_cancel(request=mission, reason="Covered by a donor project", by=member_user)
    mission.refresh_from_db()
    assert mission.status == Status.CANCELLED


def test_member_cannot_cancel_once_the_search_started(member_user):
    mission = MissionRequestFactory(status=Status.EXPERT_SEARCH)
    with pytest.raises(ForbiddenError):
        services.request_cancel(request=mission, reason="x", by=member_user)


def test_other_member_cannot_cancel(other_member_user):
    with pytest.raises(ForbiddenError):
        services.request_cancel(request=MissionRequestFactory(), reason="x", by=other_member_user)


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.CLOSED, Status.CANCELLED])
def test_finished_requests_cannot_be_cancelled_or_held(secretariat, status):
    mission = MissionRequestFactory(status=status)
    with pytest.raises(ConflictError):
        services.request_cancel(request=mission, reason="x", by=secretariat)
    with pytest.raises(ConflictError):
        services.request_hold(request=mission, reason="x", by=secretariat)


def test_allowed_actions_follow_role_and_state(secretariat, member_user, rocb_officer):
    mission = MissionRequestFactory()
    assert allowed_actions(mission, secretariat) == ["rocb_comment", "hold", "cancel"]
    assert allowed_actions(mission, member_user) == ["cancel"]
    assert allowed_actions(mission, rocb_officer) == ["rocb_comment"]
    services.request_rocb_comment(request=mission, comment="Supported by the region", by=rocb_officer)
    assert allowed_actions(mission, secretariat) == ["rocb_comment", "plan", "hold", "cancel"]
    mission.status = Status.PLANNED
    assert allowed_actions(mission, rocb_officer) == ["start_search"]


def test_close_runs_the_registered_checks(secretariat, monkeypatch):
    mission = MissionRequestFactory(status=Status.COMPLETED)
    monkeypatch.setattr(close_checks, "items", [lambda request: "The mission report is not reviewed yet."])
    with pytest.raises(DomainError, match="mission report"):
        services.request_close(request=mission, by=secretariat)
    monkeypatch.setattr(close_checks, "items", [])
    services.request_close(request=mission, by=secretariat)
    mission.refresh_from_db()
    assert mission.status == Status.CLOSED


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
    event = mission.timeline.filter(action=Action.DATES_SET).get()
    assert (event.comment, selectors.system_lines(event)) == ("", ["Mission dates: April 12, 2027 to April 16, 2027"])


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
    event = mission.timeline.get(action=Action.PLANNED)
    assert selectors.system_lines(event) == ["Mission dates: March 1, 2027 to March 5, 2027"]


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
