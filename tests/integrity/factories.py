"""Factories and helpers of the integrity app: the seeded questionnaires, a member user of an administration,
assessments answered and submitted through the services."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from integrity import services
from integrity.models import Assessment, Question, Questionnaire
from tests import factories as base

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def arusha() -> Questionnaire:
    return Questionnaire.objects.get(code="arusha", version=1)


def gender() -> Questionnaire:
    return Questionnaire.objects.get(code="gender", version=1)


def member_of(iso: str = "TH", username: str | None = None):
    kwargs = {"username": username} if username else {}
    return base.MemberUserFactory(administration=base.member(iso), **kwargs)


def pdf(name: str = "evidence.pdf") -> ContentFile:
    return ContentFile(PDF, name=name)


def start(by, *, questionnaire: Questionnaire | None = None, title: str = "Integrity self-assessment", **kwargs):
    return services.assessment_start(
        administration=by.administration,
        questionnaire=questionnaire or arusha(),
        title=title,
        assessed_on=kwargs.pop("assessed_on", datetime.date(2026, 3, 1)),
        by=by,
        **kwargs,
    )


def answer_all(assessment: Assessment, by, level=3) -> None:
    """Answer every question; ``level`` is one level for all, or a function of the question."""
    for question in Question.objects.filter(section__questionnaire=assessment.questionnaire).select_related("section"):
        value = level(question) if callable(level) else level
        services.answer_save(assessment=assessment, question=question, level=value, by=by)


def submitted(by, level=3, **kwargs) -> Assessment:
    assessment = start(by, **kwargs)
    answer_all(assessment, by, level)
    return services.assessment_submit(assessment=assessment, by=by)
