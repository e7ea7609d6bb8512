"""The release commitment's denormalised columns on the expert row (for search at 100,000 experts);
the computation itself is a read, in :mod:`experts.selectors.commitment`."""

from __future__ import annotations

import datetime

from experts.models import Expert
from experts.selectors.commitment import used_days_in, window_for, window_start_of


def refresh_commitment(expert: Expert) -> None:
    """Recompute the denormalised window and used days on the expert row (for search)."""
    start = window_start_of(expert)
    values: dict[str, datetime.date | int | None]
    if start is None:
        values = {"commitment_window_start": None, "commitment_window_end": None, "commitment_used_days": 0}
    else:
        window_start, window_end = window_for(start)
        periods = expert.deployments.filter(end_date__gte=window_start, start_date__lte=window_end).values_list(
            "start_date", "end_date"
        )
        values = {
            "commitment_window_start": window_start,
            "commitment_window_end": window_end,
            "commitment_used_days": min(used_days_in(periods, window_start, window_end), 32767),
        }
    Expert.objects.filter(pk=expert.pk).update(**values)
    for key, value in values.items():
        setattr(expert, key, value)
