"""The assessment services: starting, answering, evidence checked by content, submitting (then frozen),
the Secretariat's review, sharing with the ROCB (recorded, revocable), the score."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from integrity import services
from integrity.choices import AssessmentAction, AssessmentStatus
from integrity.models import Answer, Assessment, Question
from tests import factories as base
from tests.integrity import factories as f
from wcocb.errors import ConflictError, DomainError, ForbiddenError
from wcocb.scoping import scope_queryset

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return f.member_of("TH", username="th-integrity")


def test_a_member_starts_a_draft_and_the_start_is_on_the_timeline(officer):
    assessment = f.start(officer)
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.administration == officer.administration
    move = assessment.timeline.get()
    assert (move.action, move.actor, move.to_status) == (AssessmentAction.CREATED, officer, AssessmentStatus.DRAFT)


@pytest.mark.parametrize("role", ["secretariat", "rocb", "other_member", "expert"])
def test_only_the_administrations_own_users_start_its_assessment(officer, role):
    users = {
        "secretariat": base.SecretariatFactory(),
        "rocb": base.RocbFactory(),
        "other_member": f.member_of("JP"),
        "expert": base.ExpertUserFactory(),
    }
    with pytest.raises(ForbiddenError):
        services.assessment_start(
            administration=officer.administration,
            questionnaire=f.arusha(),
            title="t",
            assessed_on=datetime.date(2026, 1, 1),
            by=users[role],
        )
    assert not Assessment.objects.exists()


def test_several_users_of_the_administration_answer_the_same_draft(officer):
    colleague = f.member_of("TH", username="th-colleague")
    assessment = f.start(officer)
    first, second = Question.objects.filter(section__questionnaire=assessment.questionnaire)[:2]
    services.answer_save(assessment=assessment, question=first, level=2, by=officer)
    services.answer_save(assessment=assessment, question=second, level=4, by=colleague)
    services.answer_save(assessment=assessment, question=first, level=3, comment="better now", by=colleague)
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
    assert answers[first.pk].level == 3
    assert answers[first.pk].answered_by == colleague
    assert answers[second.pk].level == 4


def test_an_answer_outside_the_scale_or_the_questionnaire_is_refused(officer):
    assessment = f.start(officer)
    question = Question.objects.filter(section__questionnaire=assessment.questionnaire).first()
    with pytest.raises(ValidationError):
        services.answer_save(assessment=assessment, question=question, level=6, by=officer)
    foreign = Question.objects.filter(section__questionnaire=f.gender()).first()
    with pytest.raises(DomainError):
        services.answer_save(assessment=assessment, question=foreign, level=3, by=officer)
    assert not Answer.objects.exists()


def test_submitting_needs_every_question_answered(officer):
    assessment = f.start(officer)
    with pytest.raises(ConflictError, match="not answered"):
        services.assessment_submit(assessment=assessment, by=officer)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_a_submitted_assessment_is_frozen_for_everyone(officer):
    assessment = f.submitted(officer)
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.submitted_at
    question = Question.objects.filter(section__questionnaire=assessment.questionnaire).first()
    for user in (officer, base.SecretariatFactory()):
        with pytest.raises((ConflictError, ForbiddenError)):
            services.answer_save(assessment=assessment, question=question, level=1, by=user)
        with pytest.raises((ConflictError, ForbiddenError)):
            services.evidence_add(assessment=assessment, title="late", file=f.pdf(), by=user)
        with pytest.raises((ConflictError, ForbiddenError)):
            services.assessment_update(
                assessment=assessment, by=user, title="changed", assessed_on=assessment.assessed_on
            )
    assert set(Answer.objects.filter(assessment=assessment).values_list("level", flat=True)) == {3}
    assessment.refresh_from_db()
    assert assessment.title == "Integrity self-assessment"


def test_a_correction_is_a_new_assessment_naming_the_submitted_one(officer):
    submitted = f.submitted(officer)
    correction = f.start(officer, corrects=submitted, title="Corrected")
    assert correction.pk != submitted.pk
    assert correction.corrects == submitted
    assert correction.status == AssessmentStatus.DRAFT
    draft = f.start(officer)
    with pytest.raises(DomainError):
        f.start(officer, corrects=draft)


def test_the_score_is_the_mean_of_the_section_means(officer):
    def level(question):
        return 5 if question.section.code == "leadership" else 2 if question.code.endswith("-1") else 3

    assessment = f.submitted(officer, level=level)
    # leadership 5; the nine others (2 + 3) / 2 = 2.5 -> (5 + 9 x 2.5) / 10 = 2.75
    assert assessment.overall_score == Decimal("2.75")


def test_only_the_secretariat_reviews_a_submitted_assessment(officer):
    assessment = f.submitted(officer)
    with pytest.raises(ForbiddenError):
        services.assessment_review(assessment=assessment, by=officer, comment="fine")
    clerk = base.SecretariatFactory()
    with pytest.raises(DomainError):
        services.assessment_review(assessment=assessment, by=clerk, comment="  ")
    reviewed = services.assessment_review(assessment=assessment, by=clerk, comment="Leadership is strong.")
    assert reviewed.status == AssessmentStatus.REVIEWED
    assert reviewed.review_comment == "Leadership is strong."
    assert reviewed.timeline.filter(action=AssessmentAction.REVIEWED, actor=clerk).exists()
    with pytest.raises(ConflictError):
        services.assessment_review(assessment=reviewed, by=clerk, comment="again")


def test_a_draft_cannot_be_reviewed():
    officer = f.member_of("TH")
    with pytest.raises(ConflictError):
        services.assessment_review(assessment=f.start(officer), by=base.SecretariatFactory(), comment="x")


def test_sharing_with_the_rocb_is_a_recorded_revocable_choice_of_the_administration(officer):
    assessment = f.submitted(officer)
    rocb_ap = base.RocbFactory(region=base.region("AP"))
    rocb_esa = base.RocbFactory(region=base.region("ESA"), username="rocb-esa")
    assert not scope_queryset(Assessment.objects.all(), rocb_ap).exists()
    with pytest.raises(ForbiddenError):
        services.assessment_share(assessment=assessment, by=base.SecretariatFactory(), shared=True)
    services.assessment_share(assessment=assessment, by=officer, shared=True, comment="for the workshop")
    assert list(scope_queryset(Assessment.objects.all(), rocb_ap)) == [assessment]
    assert not scope_queryset(Assessment.objects.all(), rocb_esa).exists()
    with pytest.raises(ConflictError):
        services.assessment_share(assessment=assessment, by=officer, shared=True)
    services.assessment_share(assessment=assessment, by=officer, shared=False)
    assert not scope_queryset(Assessment.objects.all(), rocb_ap).exists()
    actions = list(assessment.timeline.values_list("action", "actor", "comment"))
    assert (AssessmentAction.SHARED, officer.pk, "for the workshop") in actions
    assert (AssessmentAction.UNSHARED, officer.pk, "") in actions


def test_a_shared_assessment_follows_its_administration_to_a_new_region(officer):
    assessment = services.assessment_share(assessment=f.submitted(officer), by=officer, shared=True)
    administration = officer.administration
    administration.region = base.region("EUR")
    administration.save(update_fields=["region"])
    services.administration_moved(administration)
    assessment.refresh_from_db()
    assert assessment.shared_region.code == "EUR"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("fake.pdf", b"MZ\x90\x00 an executable"),
        ("fake.png", b"%PDF-1.4 not an image"),
        ("fake.docx", b"not a zip"),
        ("notes.txt", b"\x00\x01binary"),
        ("script.exe", b"MZ"),
    ],
)
def test_evidence_is_checked_by_its_content(officer, name, content):
    assessment = f.start(officer)
    with pytest.raises(ValidationError):
        services.evidence_add(assessment=assessment, title="x", file=ContentFile(content, name=name), by=officer)
    assert not assessment.evidence.exists()


def test_evidence_whose_content_matches_is_attached(officer):
    assessment = f.start(officer)
    question = Question.objects.filter(section__questionnaire=assessment.questionnaire).first()
    evidence = services.evidence_add(
        assessment=assessment, title="Policy", file=f.pdf(), question=question, by=officer
    )
    text = services.evidence_add(
        assessment=assessment, title="Notes", file=ContentFile("Intégrité\n".encode(), name="n.txt"), by=officer
    )
    assert {evidence, text} == set(assessment.evidence.all())
    services.evidence_remove(evidence=text, by=officer)
    assert list(assessment.evidence.all()) == [evidence]
