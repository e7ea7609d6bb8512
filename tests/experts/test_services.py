"""The accreditation pipeline, the expert rules, workshops, deployments and candidate lists."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from experts import services
from experts.choices import ExpertKind, NominationStatus, Stage, WorkshopResult
from experts.models import Accreditation, AccreditationEvent, Deployment, Expert, WorkshopParticipation
from experts.services import accreditation as accreditation_services
from tests import factories as base
from tests.experts import factories as f
from wcocb.models import Language, Person

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def clerk(secretariat):
    return secretariat


# --- expert rules -------------------------------------------------------------------------------------
def test_expert_create_makes_person_and_expert(clerk):
    english = Language.objects.get(code="en")
    expert = services.expert_create(
        by=clerk,
        first_name="Chinedu",
        last_name="Okafor",
        administration=base.member("TH"),
        kind=ExpertKind.ACCREDITED,
        biography="Valuation specialist",
        languages=[services.LanguageSkill(english, "fluent")],
    )
    expert.refresh_from_db()
    assert expert.person.full_name == "Chinedu Okafor"
    assert expert.search_name == "Chinedu Okafor"
    assert expert.search_vector
    assert list(expert.language_skills.values_list("language__code", "level")) == [("en", "fluent")]
    assert expert.external_id.startswith("ACE-")


def test_recognized_expert_must_be_serving(clerk):
    with pytest.raises(ValidationError) as error:
        services.expert_create(by=clerk, first_name="A", last_name="B", kind=ExpertKind.RECOGNIZED, is_serving=False)
    assert "serving" in str(error.value)


def test_recognized_expert_not_serving_is_refused_by_the_database():
    expert = f.ExpertFactory(kind=ExpertKind.RECOGNIZED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Expert.objects.filter(pk=expert.pk).update(is_serving=False)


def test_recognized_expert_without_a_home_administration_is_refused(clerk):
    with pytest.raises(ValidationError) as error:
        services.expert_create(by=clerk, first_name="A", last_name="B", kind=ExpertKind.RECOGNIZED, is_serving=True)
    assert "administration" in error.value.message_dict
    assert not Expert.objects.filter(person__first_name="A", person__last_name="B").exists()


def test_recognized_expert_losing_the_home_administration_is_refused(clerk):
    expert = f.ExpertFactory(kind=ExpertKind.RECOGNIZED)
    with pytest.raises(ValidationError) as error:
        services.expert_update(expert=expert, by=clerk, administration=None)
    assert "administration" in error.value.message_dict


def _write_and_check_deferred_constraints(write):
    """Run ``write`` in a savepoint and fire the deferred constraint triggers as a commit would."""
    with transaction.atomic():
        write()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_recognized_expert_without_a_home_administration_is_refused_by_the_database():
    expert = f.ExpertFactory(kind=ExpertKind.RECOGNIZED)
    no_home = base.PersonFactory(administration=None)
    with pytest.raises(IntegrityError, match="Recognized Expert"):
        _write_and_check_deferred_constraints(
            lambda: Person.objects.filter(pk=expert.person_id).update(administration=None)
        )
    with pytest.raises(IntegrityError, match="Recognized Expert"):
        _write_and_check_deferred_constraints(lambda: Expert.objects.filter(pk=expert.pk).update(person=no_home))


def test_changing_kind_and_administration_together_passes_the_database_check():
    expert = f.ExpertFactory(kind=ExpertKind.RECOGNIZED)

    def write():
        Person.objects.filter(pk=expert.person_id).update(administration=None)
        Expert.objects.filter(pk=expert.pk).update(kind=ExpertKind.CONSULTANT)

    _write_and_check_deferred_constraints(write)
    assert Expert.objects.get(pk=expert.pk).kind == ExpertKind.CONSULTANT


def test_external_expert_needs_a_justification(clerk):
    with pytest.raises(ValidationError) as error:
        services.expert_create(by=clerk, first_name="A", last_name="B", kind=ExpertKind.EXTERNAL, is_serving=False)
    assert "external_justification" in error.value.message_dict
    expert = services.expert_create(
        by=clerk,
        first_name="A",
        last_name="B",
        kind=ExpertKind.EXTERNAL,
        is_serving=False,
        external_justification="No accredited NII expert available in French",
    )
    assert expert.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Expert.objects.filter(pk=expert.pk).update(external_justification="  ")


def test_expert_edits_only_own_allowed_fields(expert_user):
    expert = f.ExpertFactory(person=base.PersonFactory(user=expert_user))
    services.expert_update_own_profile(expert=expert, by=expert_user, phone="+66 1", biography="New bio")
    expert.refresh_from_db()
    assert expert.person.phone == "+66 1"
    assert expert.biography == "New bio"
    with pytest.raises(services.ForbiddenError):
        services.expert_update_own_profile(expert=expert, by=expert_user, kind=ExpertKind.RECOGNIZED)
    other = f.ExpertFactory()
    with pytest.raises(services.ForbiddenError):
        services.expert_update_own_profile(expert=other, by=expert_user, phone="1")


# --- the pipeline ---------------------------------------------------------------------------------------
def test_full_pipeline_records_one_event_per_transition(clerk):
    expert = f.ExpertFactory(kind=ExpertKind.CANDIDATE)
    accreditation = f.fully_accredited(expert, "ET-HS", by=clerk)
    assert accreditation.stage == Stage.FULLY_ACCREDITED
    events = list(AccreditationEvent.objects.filter(accreditation=accreditation).values_list("from_stage", "to_stage"))
    assert events == [
        ("", Stage.PRE_ASSESSED),
        (Stage.PRE_ASSESSED, Stage.FIRST_STEP),
        (Stage.FIRST_STEP, Stage.FULLY_ACCREDITED),
    ]
    expert.refresh_from_db()
    assert expert.kind == ExpertKind.ACCREDITED
    assert expert.commitment_window_start == D(2020, 6, 1)


def test_skipping_the_workshop_is_refused(clerk):
    expert = f.ExpertFactory()
    accreditation = f.pre_assessed(expert, "DF", by=clerk)
    with pytest.raises(services.ConflictError, match="cannot be skipped"):
        services.accreditation_complete_field_evaluation(
            accreditation=accreditation, evaluator=f.founder("DF"), evaluated_on=D(2021, 1, 4), by=clerk
        )


def test_running_the_pipeline_backwards_is_refused(clerk):
    accreditation = f.fully_accredited(f.ExpertFactory(), "DF", by=clerk)
    with pytest.raises(services.ConflictError):
        services.accreditation_pass_workshop(accreditation=accreditation, workshop=f.WorkshopFactory(), by=clerk)


def test_withdrawn_accreditation_cannot_move(clerk):
    accreditation = f.first_step(f.ExpertFactory(), "DF", by=clerk)
    services.accreditation_withdraw(accreditation=accreditation, on=D(2021, 1, 1), reason="Left Customs", by=clerk)
    with pytest.raises(services.ConflictError, match="cannot move"):
        services.accreditation_complete_field_evaluation(
            accreditation=accreditation, evaluator=f.founder("DF"), evaluated_on=D(2021, 2, 1), by=clerk
        )


def test_withdrawal_needs_a_reason(clerk):
    accreditation = f.pre_assessed(f.ExpertFactory(), "DF", by=clerk)
    with pytest.raises(services.DomainError, match="reason"):
        services.accreditation_withdraw(accreditation=accreditation, on=D(2021, 1, 1), reason=" ", by=clerk)


def test_lapse_then_new_pre_assessment_is_allowed(clerk):
    expert = f.ExpertFactory()
    accreditation = f.pre_assessed(expert, "CMA", by=clerk)
    services.accreditation_lapse(accreditation=accreditation, on=D(2022, 1, 3), by=clerk)
    again = f.pre_assessed(expert, "CMA", by=clerk, on=D(2022, 2, 1))
    assert again.pk != accreditation.pk


def test_second_live_accreditation_in_same_area_is_refused(clerk):
    expert = f.ExpertFactory()
    f.pre_assessed(expert, "TOA-AEO", by=clerk)
    with pytest.raises(services.ConflictError, match="already has a live accreditation"):
        f.pre_assessed(expert, "TOA-AEO", by=clerk)


def test_candidate_topic_cannot_be_accredited(clerk):
    with pytest.raises(services.DomainError, match="candidate topic"):
        services.accreditation_pre_assess(expert=f.ExpertFactory(), area=f.area("CAND-K9"), on=D(2021, 1, 4), by=clerk)


def test_evaluator_of_another_category_is_refused(clerk):
    accreditation = f.first_step(f.ExpertFactory(), "ET-VAL", by=clerk)
    with pytest.raises(services.DomainError, match="not fully accredited in ET"):
        services.accreditation_complete_field_evaluation(
            accreditation=accreditation, evaluator=f.founder("TOA"), evaluated_on=D(2021, 1, 4), by=clerk
        )


def test_evaluator_of_same_category_other_subarea_is_accepted(clerk):
    accreditation = f.first_step(f.ExpertFactory(), "ET-VAL", by=clerk)
    done = services.accreditation_complete_field_evaluation(
        accreditation=accreditation, evaluator=f.founder("ET"), evaluated_on=D(2021, 1, 4), by=clerk
    )  # the founder is accredited in ET-HS
    assert done.stage == Stage.FULLY_ACCREDITED


def test_evaluator_only_first_step_is_refused(clerk):
    evaluator = f.ExpertFactory()
    f.first_step(evaluator, "DF", by=clerk)
    accreditation = f.first_step(f.ExpertFactory(), "DF", by=clerk)
    with pytest.raises(services.DomainError, match="not fully accredited"):
        services.accreditation_complete_field_evaluation(
            accreditation=accreditation, evaluator=evaluator, evaluated_on=D(2021, 1, 4), by=clerk
        )


def test_evaluator_accredited_after_the_evaluation_is_refused(clerk):
    evaluator = f.ExpertFactory()
    f.fully_accredited(evaluator, "DF", accredited_on=D(2022, 1, 3), by=clerk)
    accreditation = f.first_step(f.ExpertFactory(), "DF", by=clerk)
    with pytest.raises(services.DomainError, match="not yet fully accredited"):
        services.accreditation_complete_field_evaluation(
            accreditation=accreditation, evaluator=evaluator, evaluated_on=D(2021, 1, 4), by=clerk
        )


def test_self_evaluation_is_refused(clerk):
    expert = f.ExpertFactory()
    f.fully_accredited(expert, "DF", by=clerk)
    accreditation = f.first_step(expert, "CMA", by=clerk)
    own_df = f.first_step(f.ExpertFactory(), "DF", by=clerk)
    own_df.expert = expert  # an expert fully accredited in DF cannot sign their own evaluation
    with pytest.raises(services.DomainError, match="themselves"):
        accreditation_services._check_evaluator(own_df, expert, D(2021, 1, 4))
    with pytest.raises(services.DomainError, match="themselves"):
        services.accreditation_complete_field_evaluation(
            accreditation=accreditation, evaluator=expert, evaluated_on=D(2021, 1, 4), by=clerk
        )


def test_full_accreditation_without_evaluation_is_refused_by_the_database(clerk):
    accreditation = f.first_step(f.ExpertFactory(), "DF", by=clerk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Accreditation.objects.filter(pk=accreditation.pk).update(stage=Stage.FULLY_ACCREDITED)


def test_workshop_pass_moves_pre_assessed_to_first_step(clerk):
    expert = f.ExpertFactory()
    accreditation = f.pre_assessed(expert, "TOA-AEO", by=clerk)
    workshop = services.workshop_create(
        by=clerk, category="TOA", area=f.area("TOA-AEO"), start_date=D(2021, 12, 6), end_date=D(2021, 12, 10)
    )
    participation = services.workshop_record_result(
        workshop=workshop, expert=expert, result=WorkshopResult.PASSED, by=clerk
    )
    accreditation.refresh_from_db()
    assert participation.result == WorkshopResult.PASSED
    assert accreditation.stage == Stage.FIRST_STEP
    assert accreditation.workshop_passed_on == D(2021, 12, 10)
    with pytest.raises(services.ConflictError):
        services.workshop_record_result(workshop=workshop, expert=expert, result=WorkshopResult.FAILED, by=clerk)


def test_workshop_pass_without_pre_assessment_is_refused(clerk):
    workshop = services.workshop_create(by=clerk, category="DF", start_date=D(2021, 1, 4), end_date=D(2021, 1, 8))
    with pytest.raises(services.DomainError, match="pre-assess"):
        services.workshop_record_result(workshop=workshop, expert=f.ExpertFactory(), result="passed", by=clerk)


def test_workshop_of_another_area_does_not_count(clerk):
    accreditation = f.pre_assessed(f.ExpertFactory(), "TOA-AEO", by=clerk)
    workshop = f.WorkshopFactory(category="TOA", area=f.area("TOA-RKC"))
    with pytest.raises(services.DomainError, match="does not cover"):
        services.accreditation_pass_workshop(accreditation=accreditation, workshop=workshop, by=clerk)


def test_workshop_pass_records_the_participation_as_passed(clerk):
    expert = f.ExpertFactory()
    accreditation = f.pre_assessed(expert, "DF", by=clerk)
    workshop = f.WorkshopFactory(category="DF")

    services.accreditation_pass_workshop(accreditation=accreditation, workshop=workshop, by=clerk)

    participation = WorkshopParticipation.objects.get(workshop=workshop, expert=expert)
    assert participation.result == WorkshopResult.PASSED
    assert participation.recorded_at is not None


def test_workshop_pass_dated_before_the_workshop_ends_is_refused(clerk):
    accreditation = f.pre_assessed(f.ExpertFactory(), "DF", by=clerk)
    workshop = f.WorkshopFactory(category="DF", start_date=D(2025, 1, 13), end_date=D(2025, 1, 17))
    with pytest.raises(services.DomainError, match="cannot be passed before"):
        services.accreditation_pass_workshop(
            accreditation=accreditation, workshop=workshop, on=D(2025, 1, 16), by=clerk
        )
    accreditation.refresh_from_db()
    assert accreditation.stage == Stage.PRE_ASSESSED
    assert not WorkshopParticipation.objects.filter(workshop=workshop).exists()


def test_workshop_pass_dated_years_after_the_workshop_is_refused(clerk):
    accreditation = f.pre_assessed(f.ExpertFactory(), "DF", by=clerk)
    workshop = f.WorkshopFactory(category="DF", start_date=D(2025, 1, 13), end_date=D(2025, 1, 17))
    with pytest.raises(services.DomainError, match="more than"):
        services.accreditation_pass_workshop(
            accreditation=accreditation, workshop=workshop, on=D(2030, 1, 1), by=clerk
        )


def test_workshop_pass_dated_in_the_future_is_refused(clerk):
    accreditation = f.pre_assessed(f.ExpertFactory(), "DF", by=clerk)
    end = timezone.localdate()
    workshop = f.WorkshopFactory(category="DF", start_date=end - datetime.timedelta(days=4), end_date=end)
    with pytest.raises(services.DomainError, match="future"):
        services.accreditation_pass_workshop(
            accreditation=accreditation, workshop=workshop, on=end + datetime.timedelta(days=1), by=clerk
        )


def test_workshop_of_another_category_does_not_count(clerk):
    accreditation = f.pre_assessed(f.ExpertFactory(), "DF", by=clerk)
    with pytest.raises(services.DomainError, match="does not cover"):
        services.accreditation_pass_workshop(
            accreditation=accreditation, workshop=f.WorkshopFactory(category="CMA"), by=clerk
        )


def test_recording_a_pass_writes_the_participation_once(clerk):
    expert = f.ExpertFactory()
    f.pre_assessed(expert, "DF", by=clerk)
    workshop = f.WorkshopFactory(category="DF")

    participation = services.workshop_record_result(workshop=workshop, expert=expert, result="passed", by=clerk)

    assert participation.result == WorkshopResult.PASSED
    assert WorkshopParticipation.objects.filter(workshop=workshop, expert=expert).count() == 1


def test_missions_helpers_complete_evaluation_in_evaluators_categories(clerk):
    expert = f.ExpertFactory()
    f.first_step(expert, "DF", by=clerk)
    f.first_step(expert, "CMA", by=clerk)
    evaluator = f.founder("DF")
    assert services.categories_under_evaluation(expert) == {"DF", "CMA"}
    assert services.fully_accredited_categories(evaluator) == {"DF"}
    done = services.field_evaluation_complete_for(
        expert=expert, evaluator=evaluator, by=clerk, evaluated_on=D(2021, 3, 1)
    )
    assert [a.area.code for a in done] == ["DF"]
    assert services.categories_under_evaluation(expert) == {"CMA"}


# --- deployments ----------------------------------------------------------------------------------------
def test_deployment_record_is_idempotent_on_source_key(clerk):
    expert = f.ExpertFactory()
    f.fully_accredited(expert, "DF", accredited_on=D(2024, 1, 1), by=clerk)
    for _ in range(2):
        services.deployment_record(
            expert=expert, start_date=D(2024, 3, 4), end_date=D(2024, 3, 8), source_key="assignment:42", by=clerk
        )
    assert Deployment.objects.filter(source_key="assignment:42").count() == 1
    expert.refresh_from_db()
    assert expert.commitment_used_days == 5
    services.deployment_record(
        expert=expert, start_date=D(2024, 3, 4), end_date=D(2024, 3, 15), source_key="assignment:42", by=clerk
    )
    expert.refresh_from_db()
    assert expert.commitment_used_days == 10
    assert services.deployment_remove(source_key="assignment:42", by=clerk) is True
    assert services.deployment_remove(source_key="assignment:42", by=clerk) is False
    expert.refresh_from_db()
    assert expert.commitment_used_days == 0


def test_deployment_with_end_before_start_is_refused(clerk):
    with pytest.raises(ValidationError):
        services.deployment_record(
            expert=f.ExpertFactory(), start_date=D(2024, 3, 8), end_date=D(2024, 3, 4), by=clerk
        )


def test_unavailability_add(clerk):
    expert = f.ExpertFactory()
    unavailability = services.unavailability_add(
        expert=expert, start_date=D(2027, 1, 4), end_date=D(2027, 1, 8), reason="Leave", by=clerk
    )
    assert unavailability.pk
    with pytest.raises(ValidationError):
        services.unavailability_add(expert=expert, start_date=D(2027, 1, 8), end_date=D(2027, 1, 4), by=clerk)


# --- candidate lists ------------------------------------------------------------------------------------
def _candidate(**overrides):
    values = {
        "kind": ExpertKind.CANDIDATE,
        "candidate_topic": f.area("CAND-K9"),
        "candidate_topic_expertise": True,
        "candidate_english": True,
        "candidate_capacity_building": True,
        "candidate_wco_instruments": True,
    }
    return f.ExpertFactory(**(values | overrides))


def test_member_nominates_own_officer_and_rocb_accepts(member_user, rocb_officer):
    candidate = _candidate()
    entry = services.candidate_nominate(expert=candidate, by=member_user)
    assert entry.region.code == "AP"
    assert entry.nominated_by.iso_code == "TH"
    assert entry.status == NominationStatus.NOMINATED
    entry = services.candidate_decide(entry=entry, accept=True, by=rocb_officer)
    assert entry.status == NominationStatus.ACCEPTED
    assert entry.decided_by == rocb_officer
    with pytest.raises(services.ConflictError):
        services.candidate_decide(entry=entry, accept=False, comment="x", by=rocb_officer)


def test_incomplete_checklist_cannot_be_nominated(member_user):
    with pytest.raises(services.DomainError, match="four requirements"):
        services.candidate_nominate(expert=_candidate(candidate_english=False), by=member_user)


def test_member_cannot_nominate_another_administrations_officer(other_member_user):
    with pytest.raises(services.ForbiddenError):
        services.candidate_nominate(expert=_candidate(), by=other_member_user)


def test_rocb_of_another_region_cannot_decide(member_user):
    entry = services.candidate_nominate(expert=_candidate(), by=member_user)
    europe = base.RocbFactory(username="rocb-eur", region=base.region("EUR"))
    with pytest.raises(services.ForbiddenError):
        services.candidate_decide(entry=entry, accept=True, by=europe)


def test_rejection_needs_a_reason(member_user, rocb_officer):
    entry = services.candidate_nominate(expert=_candidate(), by=member_user)
    with pytest.raises(services.DomainError, match="reason"):
        services.candidate_decide(entry=entry, accept=False, by=rocb_officer)
    entry = services.candidate_decide(entry=entry, accept=False, comment="Not enough experience", by=rocb_officer)
    assert entry.status == NominationStatus.REJECTED
