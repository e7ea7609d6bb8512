"""What the missions app offers other apps (stores of :mod:`wcocb.registry`)."""

from __future__ import annotations

from wcocb.registry import registry

#: ``check(request) -> str | None`` before a completed mission may close: a reason to refuse, or ``None``
#: (the mission report registers its own; other apps may add theirs from ``contrib/missions.py``).
close_checks = registry.declare("missions.close_checks", "check(request) -> reason | None")

#: ``listener(*, request, by)`` after a mission is completed, in the same transaction (e.g. Mercator brings
#: the mission's dates and cost estimate back to the plan activity it serves, from ``contrib/missions.py``).
completed = registry.declare("missions.completed", "listener(*, request, by) after a mission is completed")
