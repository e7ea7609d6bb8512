"""The release commitment: a home administration releases a fully accredited expert for at most
twelve weeks (60 working days) during the three years following formal accreditation.

Choices made here (and tested at both edges):

- The window starts on the date of the expert's first formal full accreditation among their
  accreditations that are *currently* fully accredited (a withdrawn or lapsed accreditation no
  longer binds the administration).
- The window is three years long and its last day is the day *before* the third anniversary:
  accredited on 2024-03-10, the window is 2024-03-10 … 2027-03-09 inclusive. A 29 February start
  ends on 27 February three years later (the anniversary falls on 28 February).
- Used days are the working days (Monday to Friday; public holidays are not modelled) of the
  expert's deployments, clipped to the window; a day covered by two deployments counts once.
  Deployments recorded ahead (approved releases) count as soon as they are recorded.
- ``as_of`` (default today) only decides whether the commitment exists and binds: ``None`` when
  the expert had no full accreditation on that date; ``is_open`` is false once the window has
  ended, and then ``remaining`` (the alias the missions app uses) is ``None``: no cap applies.

For search at 100,000 experts the window and the used days are also kept on the expert row
(``commitment_window_start``/``_end``, ``commitment_used_days``) by
:func:`experts.services.commitment.refresh_commitment`, which every service that changes deployments
or full accreditations calls; the search filter ``min_remaining_days`` compares those columns in SQL
(see :mod:`experts.filters`). They depend only on stored rows, never on today's date, so no nightly
recomputation is needed; the Celery task ``experts.tasks.refresh_all_commitments`` exists to repair
rows written behind the services' back.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Min
from django.utils import timezone

from experts.choices import Stage

CAP_DAYS = 60  # 12 weeks x 5 working days
WINDOW_YEARS = 3


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Monday-to-Friday days from ``start`` to ``end`` inclusive (0 when ``end`` is before ``start``)."""
    if end < start:
        return 0
    total = (end - start).days + 1
    weeks, extra = divmod(total, 7)
    days = weeks * 5
    weekday = start.weekday()
    for offset in range(extra):
        if (weekday + offset) % 7 < 5:
            days += 1
    return days


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def window_for(accredited_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day (inclusive) of the commitment window starting at ``accredited_on``."""
    return accredited_on, _add_years(accredited_on, WINDOW_YEARS) - datetime.timedelta(days=1)


def used_days_in(periods, window_start: datetime.date, window_end: datetime.date) -> int:
    """Working days covered by ``periods`` (start, end) inside the window, each day once."""
    clipped = sorted(
        (max(start, window_start), min(end, window_end))
        for start, end in periods
        if end >= window_start and start <= window_end
    )
    used = 0
    current_start: datetime.date | None = None
    current_end: datetime.date | None = None
    for start, end in clipped:  # merge overlapping periods so a day is never counted twice
        if current_end is not None and start <= current_end + datetime.timedelta(days=1):
            current_end = max(current_end, end)
            continue
        if current_start is not None and current_end is not None:
            used += working_days(current_start, current_end)
        current_start, current_end = start, end
    if current_start is not None and current_end is not None:
        used += working_days(current_start, current_end)
    return used


@dataclass(frozen=True)
class Commitment:
    """An expert's release commitment as of one date."""

    window_start: datetime.date
    window_end: datetime.date
    used_days: int
    as_of: datetime.date
    cap_days: int = CAP_DAYS

    @property
    def remaining_days(self) -> int:
        return max(self.cap_days - self.used_days, 0)

    @property
    def exceeded(self) -> bool:
        return self.used_days > self.cap_days

    @property
    def is_open(self) -> bool:
        """Whether the window still runs on ``as_of`` (after it the cap no longer applies)."""
        return self.window_start <= self.as_of <= self.window_end

    @property
    def percent_used(self) -> int:
        return min(round(100 * self.used_days / self.cap_days), 100)

    # Short aliases (used by the missions app)
    @property
    def used(self) -> int:
        return self.used_days

    @property
    def cap(self) -> int:
        return self.cap_days

    @property
    def remaining(self) -> int | None:
        """Days that may still be released, or ``None`` when no cap applies on ``as_of``."""
        return self.remaining_days if self.is_open else None


def window_start_of(expert) -> datetime.date | None:
    """The first day of the expert's commitment window: their first formal full accreditation among
    the accreditations that are currently fully accredited (``None``: no commitment)."""
    return expert.accreditations.filter(stage=Stage.FULLY_ACCREDITED, accredited_on__isnull=False).aggregate(
        first=Min("accredited_on")
    )["first"]


def commitment_for(expert, *, as_of: datetime.date | None = None) -> Commitment | None:
    """The expert's release commitment as of ``as_of`` (today by default), or ``None`` when they
    had no full accreditation on that date (not applicable)."""
    as_of = as_of or timezone.localdate()
    start = window_start_of(expert)
    if start is None or start > as_of:
        return None
    window_start, window_end = window_for(start)
    periods = expert.deployments.filter(end_date__gte=window_start, start_date__lte=window_end).values_list(
        "start_date", "end_date"
    )
    return Commitment(
        window_start=window_start,
        window_end=window_end,
        used_days=used_days_in(periods, window_start, window_end),
        as_of=as_of,
    )
