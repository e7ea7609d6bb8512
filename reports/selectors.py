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
