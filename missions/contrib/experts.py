"""What the missions app plugs into the experts app: open requests are a gap-analysis need, and the
expert detail page shows the expert's assignments."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from experts.hooks import DetailSection, detail_sections, need_sources
from missions.choices import OPEN_STATUSES, Status
from missions.models import Assignment, MissionRequest
from wcocb.scoping import scope_queryset


@need_sources.add
def open_request_needs(*, as_of: datetime.date) -> dict[tuple[str, int], int]:
    """Open mission requests (received up to the step-7 deployment, or on hold) submitted on or
    before ``as_of``, counted per requesting administration's region and per requested area.
    A request is counted by its current status: a request closed since ``as_of`` no longer counts."""
    rows = (
        MissionRequest.objects.filter(
            status__in=[*OPEN_STATUSES, Status.ON_HOLD],
            created_at__date__lte=as_of,
            areas__isnull=False,
        )
        .values_list("administration__region__code", "areas")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return {(region, area): n for region, area, n in rows}


@detail_sections.add
def expert_assignments(expert, user) -> DetailSection:
    """The missions the expert is considered for, selected for or served on, as far as ``user``
    may see them (scoped like every assignment list)."""
    assignments = scope_queryset(Assignment.objects.filter(expert=expert).select_related("request"), user).order_by(
        "-start_date", "-pk"
    )
    return DetailSection(
        _("Missions"), "missions/_expert_assignments.html", {"assignments": list(assignments)}, order=50
    )
