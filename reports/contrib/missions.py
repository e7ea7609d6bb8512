"""What the reports app adds to the missions app's pages: on a mission that served a Mercator plan activity, the
plan's KPI baselines and the actuals reported after the mission (impact before and after)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from missions.hooks import DetailSection, detail_sections
from reports import selectors


@detail_sections.add
def mission_impact(mission, user) -> DetailSection | None:
    plans = selectors.mission_impact(mission, user)
    if not plans:
        return None
    return DetailSection(
        _("Impact: the KPIs of the plans this mission served"),
        "reports/_mission_impact.html",
        {"plans": plans},
        order=60,
    )
