"""The experts app's rules (experts/rules.py): one test per predicate and role, and the services
refusing a wrong caller whatever the door (ForbiddenError, nothing written)."""

import datetime

import pytest

from experts import rules, services
from experts.choices import ExpertKind, NominationStatus
from experts.models import AccreditationWorkshop, CandidateListEntry, Deployment, Expert, Unavailability
from tests import factories as base
from tests.experts import factories as f
from wcocb.errors import ConflictError, ForbiddenError

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def thai():
    return f.ExpertFactory(person=base.PersonFactory(administration=base.member("TH")))


@pytest.fixture
def inactive_secretariat():
    return base.SecretariatFactory(username="gone", is_active=False)


def _users(request, *names):
    return [request.getfixturevalue(name) for name in names]


# --- the predicates, per role ---------------------------------------------------------------------
def test_only_the_secretariat_creates_any_expert(secretariat, rocb_officer, member_user, expert_user, api_client_user):
    assert rules.can_create_expert(secretariat, ExpertKind.ACCREDITED)
    for user in (rocb_officer, member_user, expert_user, api_client_user, None):
        assert not rules.can_create_expert(user, ExpertKind.ACCREDITED)


def test_a_member_creates_only_regional_candidates(member_user, rocb_officer):
    assert rules.can_create_expert(member_user, ExpertKind.CANDIDATE)
    assert not rules.can_create_expert(rocb_officer, ExpertKind.CANDIDATE)


def test_an_inactive_user_may_do_nothing(inactive_secretariat, thai):
    assert not rules.can_create_expert(inactive_secretariat, ExpertKind.ACCREDITED)
    assert not rules.can_edit_expert(inactive_secretariat, thai)
    assert not rules.can_manage_accreditations(inactive_secretariat, thai)
    assert not rules.can_manage_workshops(inactive_secretariat)
    assert not rules.can_manage_unavailability(inactive_secretariat, thai)
    assert not rules.can_import(inactive_secretariat)


def test_only_the_secretariat_edits_an_expert(secretariat, rocb_officer, member_user, expert_user, thai):
    assert rules.can_edit_expert(secretariat, thai)
    for user in (rocb_officer, member_user, expert_user):
        assert not rules.can_edit_expert(user, thai)


def test_only_the_expert_edits_their_own_profile(expert_user, secretariat, thai):
    assert not rules.can_edit_own_profile(expert_user, thai)
    thai.person.user = expert_user
    assert rules.can_edit_own_profile(expert_user, thai)
    assert not rules.can_edit_own_profile(secretariat, thai)


def test_only_the_secretariat_moves_accreditations_and_keeps_workshops(
    secretariat, rocb_officer, member_user, expert_user, thai
):
    assert rules.can_manage_accreditations(secretariat, thai)
    assert rules.can_manage_workshops(secretariat)
    for user in (rocb_officer, member_user, expert_user):
        assert not rules.can_manage_accreditations(user, thai)
        assert not rules.can_manage_workshops(user)


def test_a_field_evaluation_is_recorded_by_the_secretariat_or_the_evaluator(secretariat, expert_user, member_user):
    evaluator = f.ExpertFactory()
    assert rules.can_record_field_evaluation(secretariat, evaluator)
    assert not rules.can_record_field_evaluation(expert_user, evaluator)
    evaluator.person.user = expert_user
    assert rules.can_record_field_evaluation(expert_user, evaluator)
    assert not rules.can_record_field_evaluation(member_user, evaluator)


def test_manual_deployments_are_the_secretariats_keyed_ones_their_sources(secretariat, member_user, thai):
    assert rules.can_record_deployment(secretariat, thai)
    assert not rules.can_record_deployment(member_user, thai)
    assert rules.can_record_deployment(member_user, thai, source_key="assignment:1")
    assert not rules.can_record_deployment(None, thai, source_key="assignment:1")


def test_a_deployment_from_a_mission_cannot_be_deleted(secretariat, member_user, thai):
    manual = Deployment(expert=thai, start_date=D(2024, 1, 1), end_date=D(2024, 1, 2))
    keyed = Deployment(expert=thai, start_date=D(2024, 1, 1), end_date=D(2024, 1, 2), source_key="assignment:1")
    assert rules.can_delete_deployment(secretariat, manual)
    assert not rules.can_delete_deployment(secretariat, keyed)
    assert not rules.can_delete_deployment(member_user, manual)


def test_unavailability_is_kept_by_the_secretariat_the_expert_and_the_home_administration(
    secretariat, member_user, other_member_user, rocb_officer, expert_user, thai
):
    assert rules.can_manage_unavailability(secretariat, thai)
    assert rules.can_manage_unavailability(member_user, thai)
    assert not rules.can_manage_unavailability(other_member_user, thai)
    assert not rules.can_manage_unavailability(rocb_officer, thai)
    assert not rules.can_manage_unavailability(expert_user, thai)
    thai.person.user = expert_user
    assert rules.can_manage_unavailability(expert_user, thai)


def test_can_manage_unavailability_is_a_plain_predicate():
    assert not hasattr(rules.can_manage_unavailability, "__wrapped__")  # not wrapped in transaction.atomic


def test_a_member_proposes_only_for_its_own_administration(secretariat, member_user, other_member_user, rocb_officer):
    th = base.member("TH")
    assert rules.can_propose_candidate(secretariat, th)
    assert rules.can_propose_candidate(member_user, th)
    assert not rules.can_propose_candidate(other_member_user, th)
    assert not rules.can_propose_candidate(rocb_officer, th)


def test_a_member_nominates_its_officers_to_its_own_region(secretariat, member_user, other_member_user, thai):
    assert rules.can_nominate(member_user, thai, base.region("AP"))
    assert not rules.can_nominate(member_user, thai, base.region("EUR"))
    assert not rules.can_nominate(other_member_user, thai)
    assert rules.can_nominate(secretariat, thai, base.region("EUR"))


def test_the_rocb_of_the_region_decides_on_its_list(secretariat, rocb_officer, member_user):
    entry = CandidateListEntry(region=base.region("AP"), status=NominationStatus.NOMINATED)
    assert rules.can_decide_candidate(secretariat, entry)
    assert rules.can_decide_candidate(rocb_officer, entry)
    assert not rules.can_decide_candidate(member_user, entry)
    assert not rules.can_decide_candidate(rocb_officer, CandidateListEntry(region=base.region("EUR")))
    assert rules.can_decide_now(rocb_officer, entry)
    entry.status = NominationStatus.ACCEPTED
    assert not rules.can_decide_now(rocb_officer, entry)


def test_needs_are_recorded_by_the_secretariat_or_the_regions_rocb(secretariat, rocb_officer, member_user):
    assert rules.can_record_needs(secretariat, base.member("FR"))
    assert rules.can_record_needs(rocb_officer, base.member("TH"))
    assert not rules.can_record_needs(rocb_officer, base.member("FR"))
    assert not rules.can_record_needs(member_user, base.member("TH"))


def test_only_the_secretariat_imports(secretariat, rocb_officer, member_user, api_client_user):
    assert rules.can_import(secretariat)
    for user in (rocb_officer, member_user, api_client_user, None):
        assert not rules.can_import(user)


def test_every_rule_of_the_table_has_a_reason():
    assert all(str(rule.refusal) for rule in rules.RULES.values())


# --- the services refuse a wrong caller -----------------------------------------------------------
@pytest.mark.parametrize("caller", ["rocb_officer", "member_user", "expert_user", "api_client_user"])
def test_expert_update_refuses_anyone_but_the_secretariat(request, caller, thai):
    (user,) = _users(request, caller)
    with pytest.raises(ForbiddenError):
        services.expert_update(expert=thai, by=user, biography="Changed")
    thai.refresh_from_db()
    assert thai.biography != "Changed"


@pytest.mark.parametrize("caller", ["rocb_officer", "expert_user", "api_client_user"])
def test_expert_create_refuses_anyone_but_the_secretariat_and_members(request, caller):
    (user,) = _users(request, caller)
    with pytest.raises(ForbiddenError):
        services.expert_create(by=user, first_name="A", last_name="Nobody", kind=ExpertKind.CANDIDATE)
    assert not Expert.objects.filter(person__last_name="Nobody").exists()


def test_a_member_creates_only_candidates_and_always_under_its_own_administration(member_user):
    with pytest.raises(ForbiddenError):
        services.expert_create(by=member_user, first_name="A", last_name="Accredited", kind=ExpertKind.ACCREDITED)
    expert = services.expert_create(
        by=member_user, first_name="K", last_name="Nine", kind=ExpertKind.CANDIDATE, administration=base.member("JP")
    )
    assert expert.person.administration == base.member("TH")


def test_a_member_cannot_make_another_administrations_officer_an_expert(member_user):
    japanese = base.PersonFactory(administration=base.member("JP"))
    with pytest.raises(ForbiddenError):
        services.expert_create(by=member_user, person=japanese, kind=ExpertKind.CANDIDATE)
    japanese.refresh_from_db()
    assert japanese.administration == base.member("JP")


def test_the_own_profile_refuses_another_expert_and_other_fields(expert_user, thai):
    with pytest.raises(ForbiddenError, match="own profile"):
        services.expert_update_own_profile(expert=thai, by=expert_user, phone="1")
    thai.person.user = expert_user
    thai.person.save()
    with pytest.raises(ForbiddenError, match="kind"):
        services.expert_update_own_profile(expert=thai, by=expert_user, requested=["phone", "kind"], phone="1")
    services.expert_update_own_profile(expert=thai, by=expert_user, requested=["phone"], phone="123")
    thai.person.refresh_from_db()
    assert thai.person.phone == "123"


@pytest.mark.parametrize("caller", ["rocb_officer", "member_user", "expert_user"])
def test_the_pipeline_refuses_anyone_but_the_secretariat(request, caller, thai):
    (user,) = _users(request, caller)
    with pytest.raises(ForbiddenError):
        services.accreditation_pre_assess(expert=thai, area=f.area("DF"), on=D(2020, 1, 6), by=user)
    assert not thai.accreditations.exists()
    accreditation = f.pre_assessed(thai)
    with pytest.raises(ForbiddenError):
        services.accreditation_withdraw(accreditation=accreditation, on=D(2020, 2, 3), reason="No", by=user)
    with pytest.raises(ForbiddenError):
        services.accreditation_lapse(accreditation=accreditation, on=D(2020, 2, 3), by=user)
    workshop = f.WorkshopFactory(category="DF")
    with pytest.raises(ForbiddenError):
        services.accreditation_pass_workshop(accreditation=accreditation, workshop=workshop, by=user)
    accreditation.refresh_from_db()
    assert accreditation.stage == "pre_assessed"


def test_a_field_evaluation_by_someone_else_than_the_evaluator_is_refused(expert_user, thai):
    accreditation = f.first_step(thai)
    evaluator = f.founder("DF")
    with pytest.raises(ForbiddenError):
        services.accreditation_complete_field_evaluation(
            accreditation=accreditation, evaluator=evaluator, evaluated_on=D(2021, 1, 4), by=expert_user
        )
    with pytest.raises(ForbiddenError):
        services.field_evaluation_complete_for(expert=thai, evaluator=evaluator, by=expert_user)
    accreditation.refresh_from_db()
    assert accreditation.stage == "first_step"


@pytest.mark.parametrize("caller", ["rocb_officer", "member_user", "expert_user"])
def test_workshops_refuse_anyone_but_the_secretariat(request, caller, thai):
    (user,) = _users(request, caller)
    fields = {"category": "DF", "start_date": D(2024, 3, 4), "end_date": D(2024, 3, 8), "title": "Rogue workshop"}
    with pytest.raises(ForbiddenError):
        services.workshop_create(by=user, **fields)
    assert not AccreditationWorkshop.objects.filter(title="Rogue workshop").exists()
    workshop = f.WorkshopFactory()
    with pytest.raises(ForbiddenError):
        services.workshop_update(workshop=workshop, by=user, venue="Elsewhere")
    with pytest.raises(ForbiddenError):
        services.workshop_add_participant(workshop=workshop, expert=thai, by=user)
    with pytest.raises(ForbiddenError):
        services.workshop_record_result(workshop=workshop, expert=thai, result="failed", by=user)
    workshop.refresh_from_db()
    assert workshop.venue == "Bangkok"
    assert not workshop.participations.exists()


@pytest.mark.parametrize("caller", ["rocb_officer", "member_user", "expert_user"])
def test_a_manual_deployment_is_refused_to_anyone_but_the_secretariat(request, caller, thai):
    (user,) = _users(request, caller)
    with pytest.raises(ForbiddenError):
        services.deployment_record(expert=thai, start_date=D(2024, 1, 8), end_date=D(2024, 1, 12), by=user)
    with pytest.raises(ForbiddenError):
        services.deployment_record(expert=thai, start_date=D(2024, 1, 8), end_date=D(2024, 1, 12), by=None)
    assert not thai.deployments.exists()


def test_a_deployment_from_a_mission_cannot_be_deleted_by_hand(secretariat, thai):
    keyed = services.deployment_record(
        expert=thai, start_date=D(2024, 1, 8), end_date=D(2024, 1, 12), by=secretariat, source_key="assignment:9"
    )
    with pytest.raises(ConflictError, match="mission"):
        services.deployment_remove(deployment=keyed, by=secretariat)
    assert Deployment.objects.filter(pk=keyed.pk).exists()
    assert services.deployment_remove(source_key="assignment:9", by=secretariat)  # the mission removes it


def test_a_manual_deployment_is_removed_only_by_the_secretariat(secretariat, member_user, thai):
    manual = services.deployment_record(expert=thai, start_date=D(2024, 1, 8), end_date=D(2024, 1, 12), by=secretariat)
    with pytest.raises(ForbiddenError):
        services.deployment_remove(deployment=manual, by=member_user)
    assert services.deployment_remove(deployment=manual, by=secretariat)


def test_unavailability_is_refused_to_another_administration(other_member_user, member_user, thai):
    with pytest.raises(ForbiddenError):
        services.unavailability_add(
            expert=thai, start_date=D(2027, 1, 4), end_date=D(2027, 1, 8), by=other_member_user
        )
    period = services.unavailability_add(expert=thai, start_date=D(2027, 1, 4), end_date=D(2027, 1, 8), by=member_user)
    with pytest.raises(ForbiddenError):
        services.unavailability_remove(unavailability=period, by=other_member_user)
    assert Unavailability.objects.filter(pk=period.pk).exists()


def test_unavailability_add_runs_in_a_transaction():
    assert hasattr(services.unavailability_add, "__wrapped__")  # transaction.atomic wraps it


def test_import_refuses_anyone_but_the_secretariat(rocb_officer, member_user):
    from experts.importing import import_experts

    for user in (rocb_officer, member_user, None):
        with pytest.raises(ForbiddenError):
            import_experts(file=b"external_id\n", filename="x.csv", dry_run=True, by=user)
