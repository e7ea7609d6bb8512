"""Who may do what in which state (missions.rules), and the one action table behind the page and the API."""

import pytest

from missions import rules, services
from missions.api.views.requests import API_INPUTS
from missions.choices import LetterAnswer, ReportStatus, Status
from missions.models import MissionReport
from missions.selectors import suggest_experts
from missions.views.requests import PAGE_FORMS
from tests import factories as base
from tests.missions import flow
from tests.missions.factories import MissionRequestFactory, home_member, make_expert
from wcocb.errors import DomainError, ForbiddenError

pytestmark = pytest.mark.django_db


def test_one_action_table_keyed_the_same_for_the_rules_the_services_the_page_and_the_api():
    assert list(services.ACTIONS) == list(rules.RULES)
    assert set(PAGE_FORMS) == set(rules.RULES)
    assert set(API_INPUTS) == set(rules.RULES)


def test_a_received_request_offers_each_role_its_own_actions(
    secretariat, rocb_officer, member_user, other_member_user
):
    mission = MissionRequestFactory()  # Thailand, region A/P
    assert rules.allowed_actions(mission, secretariat) == ["rocb_comment", "hold", "cancel"]  # plan: after the ROCB
    assert rules.allowed_actions(mission, rocb_officer) == ["rocb_comment"]
    assert rules.allowed_actions(mission, member_user) == ["cancel"]
    assert rules.allowed_actions(mission, other_member_user) == []
    europe = base.RocbFactory(username="rocb-eur", region=base.region("EUR"))
    assert rules.allowed_actions(mission, europe) == []


def test_an_inactive_user_is_nobody(secretariat, rocb_officer):
    mission = MissionRequestFactory()
    for user in (secretariat, rocb_officer):
        user.is_active = False
        user.save()
        assert rules.allowed_actions(mission, user) == []
        assert not rules.can_suggest_experts(user, mission)
    with pytest.raises(ForbiddenError):
        services.request_rocb_comment(request=mission, comment="Still here?", by=rocb_officer)


def test_plan_waits_for_the_rocb_comment(secretariat, rocb_officer):
    mission = MissionRequestFactory()
    assert not rules.can("plan", mission, secretariat)
    services.request_rocb_comment(request=mission, comment="A regional priority", by=rocb_officer)
    assert rules.can("plan", mission, secretariat)


def test_the_suggestions_rule_is_the_same_for_the_page_the_api_and_the_selector(
    secretariat, rocb_officer, member_user, expert_user
):
    mission = flow.searching(secretariat)
    europe = base.RocbFactory(username="rocb-eur", region=base.region("EUR"))
    assert rules.can_suggest_experts(secretariat, mission)
    assert rules.can_suggest_experts(rocb_officer, mission)
    for user in (europe, member_user, expert_user):
        assert not rules.can_suggest_experts(user, mission)
        with pytest.raises(ForbiddenError):
            suggest_experts(mission, by=user)
    assert isinstance(suggest_experts(mission, by=rocb_officer), list)


def test_only_the_home_administration_answers_a_pending_letter(secretariat, member_user, other_member_user):
    expert = make_expert(administration="JP")
    _mission, [assignment] = flow.release_requested(secretariat, experts=[expert])
    letter = assignment.release_letter
    assert rules.can_answer_letter(home_member(expert), letter)
    assert rules.can_answer_letter(secretariat, letter)
    assert not rules.can_answer_letter(member_user, letter)  # the requesting administration (Thailand)
    assert isinstance(rules.letter_answer_refusal(member_user, letter), ForbiddenError)
    services.release_approve(letter=letter, by=home_member(expert))
    letter.refresh_from_db()
    assert letter.answer == LetterAnswer.APPROVED
    assert not rules.can_answer_letter(home_member(expert), letter)


def test_the_report_rules_follow_the_mission_and_the_report(secretariat, expert_user):
    mission = MissionRequestFactory(status=Status.COMPLETED)
    assert not rules.can_write_report(expert_user, mission)  # not on the team
    assert not rules.can_submit_report(secretariat, mission)
    report = MissionReport(request=mission, status=ReportStatus.SUBMITTED)
    assert rules.can_review_report(secretariat, report)
    assert not rules.can_review_report(expert_user, report)
    report.status = ReportStatus.ACCEPTED
    assert not rules.can_review_report(secretariat, report)


def test_an_action_on_another_requests_assignment_is_refused(secretariat):
    mission, [assignment] = flow.checking(secretariat)
    other, _ = flow.checking(secretariat, title="Another mission")
    with pytest.raises(DomainError, match="another request"):
        services.perform(
            "record_availability", request=other, by=secretariat, assignment=assignment, answer="available"
        )
    assignment.refresh_from_db()
    assert assignment.availability == "unknown"
    assert assignment.request_id == mission.pk
