"""Questionnaire versions: the seeded tools, a new version copies the last, publishing retires the previous
one, and a new version never changes an assessment made on an older one."""

import pytest

from integrity import services
from integrity.choices import QuestionnaireStatus, ToolKind
from integrity.models import Answer, Question, Questionnaire
from tests import factories as base
from tests.integrity import factories as f
from wcocb.errors import ConflictError, DomainError, ForbiddenError

pytestmark = pytest.mark.django_db


def test_the_arusha_questionnaire_has_the_ten_factors_in_three_languages():
    arusha = f.arusha()
    assert arusha.kind == ToolKind.ARUSHA
    assert arusha.status == QuestionnaireStatus.PUBLISHED
    sections = list(arusha.sections.all())
    assert [s.code for s in sections] == [
        "leadership",
        "regulatory",
        "transparency",
        "automation",
        "reform",
        "audit",
        "conduct",
        "hr",
        "morale",
        "private-sector",
    ]
    assert all(s.name_en and s.name_fr and s.name_es for s in sections)
    questions = Question.objects.filter(section__questionnaire=arusha)
    assert questions.count() >= 20
    assert all(q.text_en and q.text_fr and q.text_es and q.evidence_en for q in questions)
    assert [level.level for level in arusha.levels.all()] == [1, 2, 3, 4, 5]
    assert all(level.description_fr and level.description_es for level in arusha.levels.all())


def test_the_gender_tool_runs_on_the_same_engine():
    officer = f.member_of("TH")
    assessment = f.submitted(officer, questionnaire=f.gender(), level=4)
    assert assessment.overall_score == 4


def test_a_new_version_copies_the_last_and_never_changes_a_submitted_assessment():
    clerk = base.SecretariatFactory()
    officer = f.member_of("TH")
    assessment = f.submitted(officer, level=2)
    answered = set(Answer.objects.filter(assessment=assessment).values_list("question_id", "question__text_en"))

    draft = services.questionnaire_new_version(questionnaire=f.arusha(), by=clerk)
    assert (draft.code, draft.version, draft.status) == ("arusha", 2, QuestionnaireStatus.DRAFT)
    assert draft.sections.count() == 10
    assert draft.levels.count() == 5
    question = Question.objects.filter(section__questionnaire=draft).first()
    services.question_update(question=question, by=clerk, text_en="A sharper question?")
    services.questionnaire_publish(questionnaire=draft, by=clerk)

    assert Questionnaire.objects.get(code="arusha", version=1).status == QuestionnaireStatus.RETIRED
    assessment.refresh_from_db()
    assert assessment.questionnaire.version == 1
    assert (
        set(Answer.objects.filter(assessment=assessment).values_list("question_id", "question__text_en")) == answered
    )
    with pytest.raises(DomainError, match="published"):
        f.start(officer, questionnaire=Questionnaire.objects.get(code="arusha", version=1))


def test_a_published_version_is_not_edited_and_only_the_secretariat_versions():
    arusha = f.arusha()
    question = Question.objects.filter(section__questionnaire=arusha).first()
    with pytest.raises(ForbiddenError):
        services.question_update(question=question, by=base.SecretariatFactory(), text_en="changed")
    with pytest.raises(ForbiddenError):
        services.questionnaire_new_version(questionnaire=arusha, by=f.member_of("TH"))
    clerk = base.SecretariatFactory()
    services.questionnaire_new_version(questionnaire=arusha, by=clerk)
    with pytest.raises(ConflictError):
        services.questionnaire_new_version(questionnaire=arusha, by=clerk)
