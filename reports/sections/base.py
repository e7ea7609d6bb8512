"""What a section receives (:class:`ReportContext`) and how it writes its figures.

A section is a JSON-ready dict, frozen into the run's snapshot::

    {"key": "missions", "order": 10, "title": {"en": ..., "fr": ..., "es": ...}, "notes": [text],
     "headline": [{"key", "label", "value", "previous", "change"}],
     "tables": [{"key", "title", "columns": [text], "rows": [[cell, ...]], "total": [cell, ...] | None,
                 "chart": {"type": "bar" | "line" | "funnel" | "doughnut" | "map", "stacked": bool} | None}]}

A text (a title, a column, a label cell) is ``{"en", "fr", "es"}``, written when the run is computed, so an
export in any of the three languages reads the frozen snapshot only. Numbers are numbers."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.functional import Promise

LANGUAGES = ("en", "fr", "es")


def text(value: str | Promise | tuple) -> dict[str, str]:
    """A translatable text in the three languages; ``(text, {params})`` is formatted in each."""
    message, params = value if isinstance(value, tuple) else (value, None)
    out = {}
    for language in LANGUAGES:
        with translation.override(language):
            out[language] = str(message) % params if params is not None else str(message)
    return out


def names(obj: Any) -> dict[str, str]:
    """The name of a :class:`wcocb.models.MultilingualName` row in the three languages."""
    return {language: getattr(obj, f"name_{language}", "") or obj.name_en for language in LANGUAGES}


def change(value: int | float, previous: int | float | None) -> float | None:
    """The change from ``previous`` in percent (one decimal), ``None`` without a base."""
    if not previous:
        return None
    return round((value - previous) * 100.0 / previous, 1)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def previous_period(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period of the same length just before ``start``-``end``. Whole months shift by months (a
    July-June year's previous is the July-June before, 365 or 366 days); other periods by days."""
    if start.day == 1 and end.day == _last_day(end.year, end.month):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        index = start.year * 12 + start.month - 1 - months
        year, month = divmod(index, 12)
        previous_start = datetime.date(year, month + 1, 1)
        return previous_start, start - datetime.timedelta(days=1)
    length = end - start
    previous_end = start - datetime.timedelta(days=1)
    return previous_end - length, previous_end


@dataclass(frozen=True)
class ReportContext:
    period_start: datetime.date
    period_end: datetime.date
    as_of: datetime.date
    region: Any = None  # wcocb.models.Region or None
    administration: Any = None  # wcocb.models.MemberAdministration or None

    @property
    def previous(self) -> tuple[datetime.date, datetime.date]:
        return previous_period(self.period_start, self.period_end)

    @property
    def previous_start(self) -> datetime.date:
        return self.previous[0]

    @property
    def previous_end(self) -> datetime.date:
        return self.previous[1]

    @property
    def scope_region_id(self) -> int | None:
        if self.administration is not None:
            return self.administration.region_id
        return self.region.pk if self.region is not None else None

    def in_scope(self, queryset: QuerySet, *, region: str, administration: str) -> QuerySet:
        """``queryset`` restricted to the run's scope, given the lookups to the row's region and administration."""
        if self.administration is not None:
            return queryset.filter(**{administration: self.administration.pk})
        if self.region is not None:
            return queryset.filter(**{region: self.region.pk})
        return queryset

    def in_period(self, lookup: str) -> Q:
        return Q(**{f"{lookup}__gte": self.period_start, f"{lookup}__lte": self.period_end})

    def in_previous(self, lookup: str) -> Q:
        start, end = self.previous
        return Q(**{f"{lookup}__gte": start, f"{lookup}__lte": end})


def headline(key: str, label: str | Promise, value, previous=None, *, compare: bool = True) -> dict:
    entry = {"key": key, "label": text(label), "value": value}
    if compare:
        entry["previous"] = previous
        entry["change"] = change(value or 0, previous)
    return entry


def table(
    key: str,
    title: str | Promise,
    columns: list,
    rows: list[list],
    *,
    total: list | None = None,
    chart: dict | None = None,
) -> dict:
    return {
        "key": key,
        "title": text(title),
        "columns": [text(column) if not isinstance(column, dict) else column for column in columns],
        "rows": rows,
        "total": total,
        "chart": chart,
    }


def section(key: str, order: int, title: str | Promise, *, headline=(), tables=(), notes=()) -> dict:
    return {
        "key": key,
        "order": order,
        "title": text(title),
        "headline": list(headline),
        "tables": list(tables),
        "notes": [text(note) for note in notes],
    }


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def first_number(row: list) -> int | None:
    """The index of the first number of ``row``."""
    return next((index for index, cell in enumerate(row) if is_number(cell)), None)


def column_sums(rows: list[list], first_number: int) -> list:
    """The total row of ``rows`` (numbers from column ``first_number`` on)."""
    width = len(rows[0]) if rows else first_number
    return [sum(row[i] or 0 for row in rows) for i in range(first_number, width)]
