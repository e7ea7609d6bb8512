"""The questionnaire engine's writes: a new version (a copy to edit), publishing it. A published version never
changes, so an assessment made on it keeps the questions it answered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity import rules
from integrity.choices import QuestionnaireStatus
from integrity.models import Question, Questionnaire, ScaleLevel, Section
from integrity.services._common import lock, save_clean
from wcocb.errors import ConflictError

if TYPE_CHECKING:
    from wcocb.models import User

_LOCALIZED = ("name_en", "name_fr", "name_es", "description_en", "description_fr", "description_es")
_QUESTION = ("code", "order", "text_en", "text_fr", "text_es", "evidence_en", "evidence_fr", "evidence_es")


@transaction.atomic
def questionnaire_new_version(*, questionnaire: Questionnaire, by: User) -> Questionnaire:
    """A draft copy of ``questionnaire`` (its scale, sections and questions) as the next version of its code."""
    questionnaire = lock(questionnaire)
    rules.refuse_unless(rules.can_version_questionnaire(by, questionnaire))
    latest = Questionnaire.objects.filter(code=questionnaire.code).aggregate(v=Max("version"))["v"]
    if Questionnaire.objects.filter(code=questionnaire.code, status=QuestionnaireStatus.DRAFT).exists():
        raise ConflictError(_("A draft version of this questionnaire is already being prepared."))
    copy = Questionnaire(
        code=questionnaire.code,
        version=latest + 1,
        kind=questionnaire.kind,
        previous=questionnaire,
        **{field: getattr(questionnaire, field) for field in _LOCALIZED},
    )
    save_clean(copy)
    ScaleLevel.objects.bulk_create(
        ScaleLevel(questionnaire=copy, level=level.level, **{f: getattr(level, f) for f in _LOCALIZED})
        for level in questionnaire.levels.all()
    )
    for section in questionnaire.sections.prefetch_related("questions"):
        new_section = Section.objects.create(
            questionnaire=copy,
            code=section.code,
            order=section.order,
            **{f: getattr(section, f) for f in _LOCALIZED},
        )
        Question.objects.bulk_create(
            Question(section=new_section, **{f: getattr(question, f) for f in _QUESTION})
            for question in section.questions.all()
        )
    return copy


@transaction.atomic
def questionnaire_publish(*, questionnaire: Questionnaire, by: User) -> Questionnaire:
    """Publish a draft version: assessments may start on it; the previous published version retires."""
    questionnaire = lock(questionnaire)
    rules.refuse_unless(rules.can_publish_questionnaire(by, questionnaire))
    if not Question.objects.filter(section__questionnaire=questionnaire).exists():
        raise ConflictError(_("A questionnaire without questions cannot be published."))
    if questionnaire.levels.count() != 5:
        raise ConflictError(_("A questionnaire needs its five scale levels before it is published."))
    Questionnaire.objects.filter(code=questionnaire.code, status=QuestionnaireStatus.PUBLISHED).update(
        status=QuestionnaireStatus.RETIRED, updated_at=timezone.now()
    )
    questionnaire.status = QuestionnaireStatus.PUBLISHED
    questionnaire.published_at = timezone.now()
    save_clean(questionnaire, fields=["status", "published_at", "updated_at"])
    return questionnaire


@transaction.atomic
def question_update(*, question: Question, by: User, **fields) -> Question:
    """Change a question of a draft version (a published one is frozen)."""
    question = (
        Question.objects.select_for_update(of=("self",)).select_related("section__questionnaire").get(pk=question.pk)
    )
    rules.refuse_unless(rules.can_edit_questionnaire(by, question.section.questionnaire))
    for name, value in fields.items():
        if name not in _QUESTION:
            raise ValueError(name)
        setattr(question, name, value)
    save_clean(question, fields=list(fields))
    return question
