"""What the missions app offers other apps (stores of :mod:`wcocb.registry`)."""

from __future__ import annotations

from experts.hooks import DetailSection
from wcocb.registry import registry

__all__ = ["DetailSection", "close_checks", "completed", "detail_sections", "sections_for"]

#: ``check(request) -> str | None`` before a completed mission may close: a reason to refuse, or ``None``
#: (the mission report registers its own; other apps may add theirs from ``contrib/missions.py``).
close_checks = registry.declare("missions.close_checks", "check(request) -> reason | None")

#: ``listener(*, request, by)`` after a mission is completed, in the same transaction (e.g. Mercator brings
#: the mission's dates and cost estimate back to the plan activity it serves, from ``contrib/missions.py``).
completed = registry.declare("missions.completed", "listener(*, request, by) after a mission is completed")

#: ``provider(mission, user) -> DetailSection | None``: a section of the mission page built from what ``user``
#: may see (``None``: nothing), e.g. the Mercator plan activity the mission serves, the integrity action plans it
#: supports. Filled from other apps' ``contrib/missions.py``.
detail_sections = registry.declare("missions.detail_sections", "provider(mission, user) -> DetailSection | None")


def sections_for(mission, user) -> list[DetailSection]:
    sections = [section for provider in detail_sections if (section := provider(mission, user)) is not None]
    return sorted(sections, key=lambda section: section.order)
