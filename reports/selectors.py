"""Reads of the reports app, shaped for their screens."""

from __future__ import annotations

from django.db.models import QuerySet

from reports.choices import RunStatus
from reports.models import MissionFeedback, ReportRun
from wcocb.scoping import scope_queryset


def runs_for(user) -> QuerySet[ReportRun]:
    """The runs ``user`` may see, with what their lists show; the snapshot is not read for a list."""
    queryset = ReportRun.objects.select_related("scope_region", "scope_administration", "requested_by").defer(
        "snapshot"
    )
    return scope_queryset(queryset, user)


def latest_run(user, *, region=None, administration=None) -> ReportRun | None:
    """The newest succeeded run of exactly this scope that ``user`` may see."""
    return (
        scope_queryset(ReportRun.objects.select_related("scope_region", "scope_administration"), user)
        .filter(status=RunStatus.SUCCEEDED, scope_region=region, scope_administration=administration)
        .order_by("-finished_at", "-pk")
        .first()
    )


def section(run: ReportRun, key: str) -> dict | None:
    return next((found for found in run.snapshot.get("sections", []) if found["key"] == key), None)


def figures(run: ReportRun) -> dict[str, float | int | None]:
    """Every number of a snapshot by a stable key (``section.headline``, ``section.table.row.column``): what a
    comparison of two snapshots lines up."""
    out: dict[str, float | int | None] = {}
    for found in run.snapshot.get("sections", []):
        for entry in found.get("headline", []):
            out[f"{found['key']}.{entry['key']}"] = entry["value"]
        for table in found.get("tables", []):
            for row in table["rows"]:
                label = next((cell for cell in row if isinstance(cell, str)), None)
                if label is None:
                    first = row[0]
                    label = first.get("en") if isinstance(first, dict) else str(first)
                for index, cell in enumerate(row):
                    if isinstance(cell, int | float) and not isinstance(cell, bool):
                        out[f"{found['key']}.{table['key']}.{label}.{index}"] = cell
    return out


def feedback_for(user) -> QuerySet[MissionFeedback]:
    """The beneficiaries' feedback ``user`` may read (the Secretariat and API clients all, an ROCB officer its
    region's, a member administration its own), with the mission, administration and region a list shows."""
    queryset = MissionFeedback.objects.select_related("mission__administration__region", "submitted_by").order_by(
        "-submitted_at", "-pk"
    )
    return scope_queryset(queryset, user)


def mission_impact(mission, user) -> list[dict]:
    """Impact before and after one mission: for each Mercator plan the mission served (through a plan activity)
    that ``user`` may see, its KPIs with their baseline and target, and the approved actuals of the period reports
    ending after the mission ended (its later actuals), oldest first. ``[]`` when it served no plan ``user`` sees."""
    from django.db.models import Prefetch

    from mercator.choices import ReportStatus
    from mercator.models import Kpi, KpiActual, Plan

    plans = list(
        scope_queryset(Plan.objects.filter(activities__missions=mission), user)
        .select_related("administration")
        .distinct()
        .order_by("pk")
    )
    if not plans:
        return []
    ended = mission.end_date or mission.start_date
    later = KpiActual.objects.filter(report__status=ReportStatus.APPROVED).select_related("report")
    if ended is not None:
        later = later.filter(report__period_end__gt=ended)
    kpis = (
        Kpi.objects.filter(plan__in=plans)
        .prefetch_related(Prefetch("actuals", queryset=later.order_by("report__period_end"), to_attr="later"))
        .order_by("plan", "pk")
    )
    served = set(mission.mercator_activities.values_list("pk", flat=True))
    by_plan: dict[int, list] = {plan.pk: [] for plan in plans}
    for kpi in kpis:
        kpi.for_this_activity = kpi.activity_id in served
        by_plan[kpi.plan_id].append(kpi)
    return [{"plan": plan, "kpis": by_plan[plan.pk], "ended": ended} for plan in plans]
