"""What the missions app offers other apps (stores of :mod:`wcocb.registry`)."""

from __future__ import annotations

from wcocb.registry import registry

#: ``check(request) -> str | None`` before a completed mission may close: a reason to refuse, or ``None``
#: (the mission report registers its own; other apps may add theirs from ``contrib/missions.py``).
close_checks = registry.declare("missions.close_checks", "check(request) -> reason | None")
