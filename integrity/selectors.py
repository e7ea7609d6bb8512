"""Reads of the integrity app shaped for their screens: lists, the scores per section, the radar chart's
geometry, the comparison of two assessments, the plan board and the 5 x 5 risk matrix. Every queryset starts
from :func:`wcocb.scoping.scope_queryset`, so a screen shows only what its viewer may see."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet

from integrity.choices import ActionStatus
from integrity.models import (
    ActionPlan,
    Answer,
    Assessment,
    IntegrityRead,
    PlanAction,
    Question,
    Questionnaire,
    Risk,
    Section,
)
from wcocb.scoping import scope_queryset

if TYPE_CHECKING:
    from training.models import Session
    from wcocb.models import User


# --- Lists -------------------------------------------------------------------------------------------------
def questionnaire_list(*, user: User) -> QuerySet[Questionnaire]:
    return (
        scope_queryset(Questionnaire.objects.all(), user)
        .annotate(section_count=Count("sections", distinct=True))
        .order_by("code", "-version")
    )


def questionnaire_detail(*, user: User) -> QuerySet[Questionnaire]:
    return scope_queryset(Questionnaire.objects.all(), user).prefetch_related(
        "levels", Prefetch("sections", queryset=Section.objects.prefetch_related("questions"))
    )


def assessment_list(*, user: User) -> QuerySet[Assessment]:
    return scope_queryset(Assessment.objects.select_related("administration", "questionnaire", "shared_region"), user)


def plan_list(*, user: User) -> QuerySet[ActionPlan]:
    return (
        scope_queryset(ActionPlan.objects.select_related("administration", "assessment", "mission"), user)
        .annotate(action_count=Count("actions", distinct=True))
        .order_by("-created_at", "-pk")
    )


def action_list(*, user: User) -> QuerySet[PlanAction]:
    return scope_queryset(PlanAction.objects.select_related("plan__administration", "factor", "owner"), user)


def risk_list(*, user: User) -> QuerySet[Risk]:
    return scope_queryset(Risk.objects.select_related("administration"), user)


def read_log(*, user: User) -> QuerySet[IntegrityRead]:
    return scope_queryset(IntegrityRead.objects.select_related("administration", "reader"), user)


# --- Scores ----------------------------------------------------------------------------------------------
@dataclass
class SectionScore:
    section: Section
    score: Decimal | None  # the mean of the answered levels, to two decimals
    answered: int
    questions: int


def _mean(levels: list[int]) -> Decimal | None:
    if not levels:
        return None
    return (Decimal(sum(levels)) / len(levels)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def section_scores(assessment: Assessment) -> list[SectionScore]:
    """Each section of the assessment's questionnaire with its score (two queries whatever the size)."""
    sections = list(
        Section.objects.filter(questionnaire_id=assessment.questionnaire_id).annotate(
            question_count=Count("questions")
        )
    )
    levels: dict[int, list[int]] = {}
    for section_id, level in Answer.objects.filter(assessment=assessment).values_list("question__section_id", "level"):
        levels.setdefault(section_id, []).append(level)
    return [
        SectionScore(
            section, _mean(levels.get(section.pk, [])), len(levels.get(section.pk, [])), section.question_count
        )
        for section in sections
    ]


def assessment_form(assessment: Assessment) -> list[tuple[Section, list[tuple[Question, Answer | None]]]]:
    """The questionnaire section by section, each question with the assessment's answer (if any)."""
    answers = {answer.question_id: answer for answer in Answer.objects.filter(assessment=assessment)}
    sections = Section.objects.filter(questionnaire_id=assessment.questionnaire_id).prefetch_related("questions")
    return [(section, [(q, answers.get(q.pk)) for q in section.questions.all()]) for section in sections]


# --- The radar chart (SVG drawn on the server: no script, a table beside it) ---------------------------------
RADAR_SIZE = 360
RADAR_RADIUS = 120


@dataclass
class RadarAxis:
    label: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


@dataclass
class RadarSeries:
    name: str
    points: str  # the polygon's "x,y x,y ..."
    css: str


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    radius = RADAR_RADIUS * value / 5
    centre = RADAR_SIZE / 2
    return round(centre + radius * math.cos(angle), 1), round(centre + radius * math.sin(angle), 1)


def radar(sections: list[Section], series: list[tuple[str, list[Decimal | None]]]) -> dict:
    """The geometry of a radar chart: one axis per section, one polygon per series (missing scores at 0)."""
    count = len(sections)
    if count < 3:
        return {}
    axes = []
    for index, section in enumerate(sections):
        x, y = _point(index, count, 5)
        lx, ly = _point(index, count, 5.9)
        anchor = "middle" if abs(lx - RADAR_SIZE / 2) < 10 else ("start" if lx > RADAR_SIZE / 2 else "end")
        axes.append(RadarAxis(section.name, x, y, lx, ly, anchor))
    rings = [" ".join("{},{}".format(*_point(i, count, level)) for i in range(count)) for level in range(1, 6)]
    polygons = [
        RadarSeries(
            name,
            " ".join("{},{}".format(*_point(i, count, float(score or 0))) for i, score in enumerate(scores)),
            f"radar-series-{n}",
        )
        for n, (name, scores) in enumerate(series)
    ]
    return {"size": RADAR_SIZE, "centre": RADAR_SIZE / 2, "axes": axes, "rings": rings, "series": polygons}


# --- Comparing two assessments ---------------------------------------------------------------------------
@dataclass
class FactorChange:
    code: str
    name: str
    before: Decimal | None
    after: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def previous_assessment(assessment: Assessment, candidates: QuerySet[Assessment]) -> Assessment | None:
    """The administration's assessment just before ``assessment`` (by reference date) among ``candidates``."""
    return (
        candidates.filter(administration=assessment.administration_id, assessed_on__lte=assessment.assessed_on)
        .exclude(pk=assessment.pk)
        .order_by("-assessed_on", "-pk")
        .first()
    )


def compare(before: Assessment | None, after: Assessment) -> list[FactorChange]:
    """The change per factor from ``before`` to ``after``, matched by the sections' codes (two versions of a
    questionnaire keep their codes); a factor only one of them has shows with the other side empty."""
    first = {row.section.code: row for row in section_scores(before)} if before is not None else {}
    second = {row.section.code: row for row in section_scores(after)}
    changes = []
    for code in [*second, *(c for c in first if c not in second)]:
        section = (second.get(code) or first[code]).section
        changes.append(
            FactorChange(
                code,
                section.name,
                first[code].score if code in first else None,
                second[code].score if code in second else None,
            )
        )
    return changes


# --- The plan board and the risk matrix -------------------------------------------------------------------
BOARD_COLUMNS = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED)


def plan_board(plan: ActionPlan) -> list[tuple[str, str, list[PlanAction]]]:
    actions = list(plan.actions.select_related("factor", "owner").order_by("due_date", "pk"))
    return [
        (status, ActionStatus(status).label, [a for a in actions if a.status == status]) for status in BOARD_COLUMNS
    ]


def risk_matrix(risks: QuerySet[Risk]) -> list[list[dict]]:
    """A 5 x 5 grid, impact 5 on the top row down to 1, likelihood 1 to 5 left to right, each cell with its
    count and its band (low, medium, high)."""
    counts = {
        (row["likelihood"], row["impact"]): row["n"]
        for row in risks.values("likelihood", "impact").annotate(n=Count("pk")).order_by()
    }
    grid = []
    for impact in range(5, 0, -1):
        row = []
        for likelihood in range(1, 6):
            score = likelihood * impact
            band = "high" if score >= 15 else "medium" if score >= 6 else "low"
            row.append(
                {
                    "likelihood": likelihood,
                    "impact": impact,
                    "count": counts.get((likelihood, impact), 0),
                    "band": band,
                }
            )
        grid.append(row)
    return grid


def workshop_sessions_for(administration_id: int | None) -> QuerySet[Session]:
    """The integrity development workshops an administration's plan may come out of: those it hosted or sent
    participants to, newest first."""
    from training.choices import ProgrammeKind
    from training.models import Session

    return (
        Session.objects.filter(programme__kind=ProgrammeKind.INTEGRITY)
        .filter(Q(host_id=administration_id) | Q(participants__administration_id=administration_id))
        .distinct()
        .order_by("-start_date", "pk")
    )
