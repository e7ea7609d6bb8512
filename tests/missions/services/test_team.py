"""Steps 6 and 7: the team, briefing, deployment, completion, the field evaluation, closure; the guards."""

import pytest
from django.core.files.base import ContentFile

from experts.choices import Stage
from missions import services
from missions.choices import Action, MissionKind, Status, TeamRole
from missions.hooks import close_checks
from tests.missions import flow
from tests.missions.factories import make_expert
from wcocb.errors import ConflictError, DomainError, ForbiddenError

pytestmark = pytest.mark.django_db


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
    services.document_upload(
        request=mission, kind="tor", file=ContentFile(b"%PDF-1.7 ToR", name="tor.pdf"), by=secretariat
    )
    services.assignment_brief(assignment=lead, by=secretariat)
    with pytest.raises(DomainError, match="Brief every team member"):
        flow.deploy(request=mission, by=secretariat)
    services.assignment_brief(assignment=member, by=secretariat)
    flow.deploy(request=mission, by=secretariat)


def test_the_team_leader_completes_the_mission(secretariat, expert_user):
    lead = make_expert(user=expert_user)
    mission, _ = flow.ready_to_deploy(secretariat, experts=[lead, make_expert()])
    flow.deploy(request=mission, by=secretariat)
    flow.complete(request=mission, by=expert_user)
    mission.refresh_from_db()
    assert (mission.status, mission.step) == (Status.COMPLETED, 7)


def test_a_team_member_who_is_not_the_leader_cannot_complete(secretariat, expert_user):
    member = make_expert(user=expert_user)
    mission, _ = flow.ready_to_deploy(secretariat, experts=[make_expert(), member])
    flow.deploy(request=mission, by=secretariat)
    with pytest.raises(ForbiddenError):
        flow.complete(request=mission, by=expert_user)


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
    flow.deploy(request=mission, by=secretariat)
    flow.complete(request=mission, by=secretariat)
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
    flow.deploy(request=mission, by=secretariat)
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
        flow.deploy(request=mission, by=secretariat)
    services.document_upload(
        request=mission, kind="agenda", file=ContentFile(b"%PDF-1.7 Agenda", name="a.pdf"), by=secretariat
    )
    with pytest.raises(DomainError, match="terms of reference"):
        flow.deploy(request=mission, by=secretariat)
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
    flow.deploy(request=mission, by=secretariat)
    flow.complete(request=mission, by=secretariat)
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
    flow.deploy(request=mission, by=secretariat)
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
        services.document_upload(
            request=mission, kind="tor", file=ContentFile(b"%PDF-1.7 ToR", name="tor.pdf"), by=user
        )
    assert not mission.documents.exists()
