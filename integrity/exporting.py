"""Export of one assessment's answers to CSV: section, question, level, comment, the section's score.

Every cell goes through :mod:`wcocb.exporting`, so a value a spreadsheet would run as a formula is not."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from integrity import selectors
from integrity.models import Answer, Assessment
from wcocb.exporting import safe_row


def assessment_rows(assessment: Assessment) -> list[list]:
    scores = {row.section.pk: row.score for row in selectors.section_scores(assessment)}
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
    rows = [[_("Section"), _("Section score"), _("Question code"), _("Question"), _("Level"), _("Comment")]]
    for section, questions in selectors.assessment_form(assessment):
        for question, _answer in questions:
            answer = answers.get(question.pk)
            rows.append(
                safe_row(
                    [
                        section.name,
                        scores.get(section.pk) or "",
                        question.code,
                        question.text,
                        answer.level if answer else "",
                        answer.comment if answer else "",
                    ]
                )
            )
    return rows


def assessment_csv(assessment: Assessment) -> HttpResponse:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(assessment_rows(assessment))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = slugify(f"{assessment.administration.iso_code}-{assessment.title}")[:80] or "assessment"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
