"""Reads shaped for the Mercator screens and the API: lists prefetch what they show, so their query count does
not grow with their rows."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from mercator.models import (
    Activity,
    ActivityNote,
    Diagnostic,
    Finding,
    Kpi,
    KpiActual,
    Milestone,
    PeriodReport,
    Plan,
    PlanTimelineEvent,
    Recommendation,
    Risk,
    TfaArticle,
    TfaCommitment,
    TfaMeasure,
)
from wcocb.scoping import scope_queryset


def plan_list(*, user) -> QuerySet[Plan]:
    return scope_queryset(
        Plan.objects.select_related("administration__region").prefetch_related("mpas__person", "funding"), user
    ).distinct()


def plan_detail(*, user) -> QuerySet[Plan]:
    """One plan with everything its page shows: the chain, the boards, the timeline."""
    return plan_list(user=user).prefetch_related(
        Prefetch(
            "diagnostics", queryset=Diagnostic.objects.select_related("mission").prefetch_related("team__person")
        ),
        Prefetch("diagnostics__findings", queryset=Finding.objects.prefetch_related("recommendations")),
        Prefetch(
            "recommendations",
            queryset=Recommendation.objects.select_related("finding").prefetch_related(
                "measures", "activities", "kpis"
            ),
        ),
        Prefetch(
            "activities", queryset=Activity.objects.select_related("recommendation").prefetch_related("missions")
        ),
        Prefetch("milestones", queryset=Milestone.objects.select_related("activity")),
        Prefetch(
            "kpis",
            queryset=Kpi.objects.prefetch_related(
                Prefetch("actuals", queryset=KpiActual.objects.select_related("report"))
            ),
        ),
        "risks",
        Prefetch("reports", queryset=PeriodReport.objects.select_related("drafted_by").prefetch_related("actuals")),
        Prefetch("timeline", queryset=PlanTimelineEvent.objects.select_related("actor")),
    )


def _child(model, user, *related: str, prefetch: tuple[str, ...] = ()) -> QuerySet:
    return scope_queryset(model.objects.select_related(*related).prefetch_related(*prefetch), user).distinct()


def diagnostic_list(*, user) -> QuerySet[Diagnostic]:
    return _child(Diagnostic, user, "plan__administration", "mission", prefetch=("team", "findings"))


def finding_list(*, user) -> QuerySet[Finding]:
    return _child(Finding, user, "diagnostic__plan__administration", prefetch=("recommendations",))


def recommendation_list(*, user) -> QuerySet[Recommendation]:
    return _child(
        Recommendation,
        user,
        "plan",
        "finding",
        prefetch=(
            "measures__article",
            "activities",
            "kpis",
            Prefetch("timeline", queryset=PlanTimelineEvent.objects.select_related("actor")),
        ),
    )


def activity_list(*, user) -> QuerySet[Activity]:
    return _child(Activity, user, "plan", "recommendation", prefetch=("missions", "milestones", "kpis"))


def milestone_list(*, user) -> QuerySet[Milestone]:
    return _child(Milestone, user, "plan__administration", "activity")


def kpi_list(*, user) -> QuerySet[Kpi]:
    return _child(
        Kpi, user, "plan", "recommendation", "activity",
        prefetch=(Prefetch("actuals", queryset=KpiActual.objects.select_related("report")),),
    )  # fmt: skip


def risk_list(*, user) -> QuerySet[Risk]:
    return _child(Risk, user, "plan__administration")


def report_list(*, user) -> QuerySet[PeriodReport]:
    return _child(
        PeriodReport,
        user,
        "plan",
        "drafted_by",
        prefetch=(
            Prefetch("actuals", queryset=KpiActual.objects.select_related("kpi")),
            Prefetch("notes", queryset=ActivityNote.objects.select_related("activity")),
        ),
    )


def article_list() -> QuerySet[TfaArticle]:
    return TfaArticle.objects.prefetch_related("measures")


def measure_list() -> QuerySet[TfaMeasure]:
    return TfaMeasure.objects.select_related("article")


def commitment_list(*, user) -> QuerySet[TfaCommitment]:
    return scope_queryset(TfaCommitment.objects.select_related("administration", "measure"), user)


def served_by_mission(mission, *, user) -> tuple[list[Activity], list[Diagnostic]]:
    """The plan activities ``mission`` serves and the diagnostics it delivered, as far as ``user`` sees their plans
    (two queries, whatever their number)."""
    activities = scope_queryset(
        Activity.objects.filter(missions=mission).select_related("plan__administration", "recommendation"), user
    )
    diagnostics = scope_queryset(
        Diagnostic.objects.filter(mission=mission).select_related("plan__administration"), user
    )
    return (
        list(activities.distinct().order_by("plan_id", "planned_start", "pk")),
        list(diagnostics.distinct().order_by("plan_id", "pk")),
    )
