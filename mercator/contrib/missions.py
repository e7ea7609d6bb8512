"""What Mercator plugs into the missions app: a completed mission brings its dates and cost estimate back to the
plan activities it serves, and the mission page shows the plan, the activities (with the recommendations they
serve) and the diagnostics the mission delivers, to viewers who may see the plan."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mercator import selectors
from mercator.services import mission_completed
from missions.hooks import DetailSection, completed, detail_sections

completed.add(mission_completed)


@detail_sections.add
def served_plan(mission, user) -> DetailSection | None:
    """The Mercator plans the mission serves, each with the activities and diagnostics it delivers, scoped like every
    Mercator read; ``None`` when the viewer sees none of them."""
    activities, diagnostics = selectors.served_by_mission(mission, user=user)
    if not activities and not diagnostics:
        return None
    plans: dict[int, dict] = {}
    for key, rows in (("activities", activities), ("diagnostics", diagnostics)):
        for row in rows:
            plans.setdefault(row.plan_id, {"plan": row.plan, "activities": [], "diagnostics": []})[key].append(row)
    return DetailSection(
        _("Mercator implementation plan"), "mercator/_mission_section.html", {"plans": list(plans.values())}, order=40
    )
