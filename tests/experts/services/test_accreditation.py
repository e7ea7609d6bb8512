"""The accreditation pipeline: one event per move, no skipping or running backwards, evaluators,
workshop passes."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from experts import services
from experts.choices import ExpertKind, Stage, WorkshopResult
from experts.models import Accreditation, AccreditationEvent, WorkshopParticipation
from experts.services import accreditation as accreditation_services
from tests.experts import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def clerk(secretariat):
    return secretariat


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
