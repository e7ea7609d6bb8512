"""Gap analysis: a region by expertise-area matrix of the experts available against the need.

- **Available** experts of a cell: currently serving experts whose home administration is in the
  region, counted once per area (an expert accredited in several areas counts in each), as of a
  date: *fully accredited* when ``accredited_on`` ≤ date, *1st step* when the workshop was passed
  by then but full accreditation had not come yet; an accreditation withdrawn or lapsed on or
  before the date does not count. Not available, and so not counted: an expert with an
  unavailability period covering the date, and an expert whose release commitment is exhausted
  (the twelve weeks are used up within a commitment window that is open on the date; the window
  and used days are the ones stored on the expert, see :mod:`experts.selectors.commitment`).
- **Need**: the sum of the registered need sources. A source is a callable
  ``source(*, as_of: date) -> {(region_code, area_id): count}`` in :data:`experts.hooks.need_sources`; the
  experts app registers the needs survey, and the missions app its open requests.
- **Threshold**: a region should pool at least 3 to 5 fully accredited experts per area: fewer than
  3 is a gap (red), 3-4 amber, 5 or more green. Heat classes for the page: ``heat-0`` a gap where
  there is a need, ``heat-1`` a gap with no recorded need, ``heat-2`` amber, ``heat-3`` green,
  ``heat-4`` ten or more.

The whole matrix costs a constant number of queries: one grouped count of accreditations, one
grouped count per need source, and the lists of regions and areas.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from experts.choices import ACCREDITATION_CATEGORIES
from experts.hooks import NeedCounts, needs_as_of
from experts.models import Accreditation, Expert, ExpertiseArea, NeedsSurveyEntry, Unavailability
from experts.selectors.commitment import CAP_DAYS
from wcocb.models import Region

GAP_BELOW = 3
GREEN_FROM = 5
DEEP_FROM = 10


def survey_needs(*, as_of: datetime.date) -> NeedCounts:
    """Needs-survey entries of the as-of year and the year before, per region and area."""
    rows = (
        NeedsSurveyEntry.objects.filter(year__in=[as_of.year - 1, as_of.year])
        .values_list("administration__region__code", "area_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(region, area): n for region, area, n in rows}


@dataclass(frozen=True)
class Cell:
    fully_accredited: int
    first_step: int
    need: int

    @property
    def status(self) -> str:
        if self.fully_accredited < GAP_BELOW:
            return "gap"
        return "amber" if self.fully_accredited < GREEN_FROM else "green"

    @property
    def level(self) -> int:
        if self.fully_accredited < GAP_BELOW:
            return 0 if self.need else 1
        if self.fully_accredited < GREEN_FROM:
            return 2
        return 3 if self.fully_accredited < DEEP_FROM else 4

    @property
    def shortfall(self) -> int:
        return max(GAP_BELOW - self.fully_accredited, 0)


@dataclass
class GapMatrix:
    as_of: datetime.date
    category: str | None
    regions: list[Region]
    areas: list[ExpertiseArea]
    cells: dict[tuple[str, int], Cell] = field(default_factory=dict)

    def cell(self, region_code: str, area_id: int) -> Cell:
        return self.cells.get((region_code, area_id), Cell(0, 0, 0))

    @property
    def rows(self) -> list[tuple[Region, list[tuple[ExpertiseArea, Cell]]]]:
        return [(region, [(area, self.cell(region.code, area.pk)) for area in self.areas]) for region in self.regions]

    @property
    def gap_count(self) -> int:
        return sum(1 for _region, cells in self.rows for _area, cell in cells if cell.status == "gap")

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "category": self.category,
            "thresholds": {"gap_below": GAP_BELOW, "green_from": GREEN_FROM},
            "regions": [{"code": r.code, "name": r.name} for r in self.regions],
            "areas": [{"id": a.pk, "code": a.code, "category": a.category, "name": a.name} for a in self.areas],
            "cells": [
                {
                    "region": region.code,
                    "area": area.code,
                    "fully_accredited": cell.fully_accredited,
                    "first_step": cell.first_step,
                    "need": cell.need,
                    "status": cell.status,
                    "level": cell.level,
                }
                for region, cells in self.rows
                for area, cell in cells
            ],
        }


def _full_then(as_of: datetime.date) -> Q:
    return Q(accredited_on__lte=as_of)


def _first_then(as_of: datetime.date) -> Q:
    return Q(workshop_passed_on__lte=as_of) & (Q(accredited_on__isnull=True) | Q(accredited_on__gt=as_of))


def available_accreditations(*, as_of: datetime.date, area_ids: list[int]) -> QuerySet[Accreditation]:
    """The accreditations in ``area_ids`` of the experts available on ``as_of``: live then, the expert serving
    with a home administration, not unavailable that day, release commitment not exhausted. The counts and
    the experts behind each cell both come from here."""
    live_then = Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=as_of)
    unavailable = Unavailability.objects.filter(expert=OuterRef("expert"), start_date__lte=as_of, end_date__gte=as_of)
    commitment_left = (
        Q(expert__commitment_window_start__isnull=True)
        | Q(expert__commitment_window_start__gt=as_of)
        | Q(expert__commitment_window_end__lt=as_of)
        | Q(expert__commitment_used_days__lt=CAP_DAYS)
    )
    return (
        Accreditation.objects.filter(live_then, area_id__in=area_ids, expert__is_serving=True)
        .filter(expert__person__administration__isnull=False)
        .filter(commitment_left, ~Exists(unavailable))
    )


def available_counts(*, as_of: datetime.date, area_ids: list[int]) -> dict[tuple[str, int], tuple[int, int]]:
    """``{(region_code, area_id): (fully accredited, 1st step)}`` of the experts available on
    ``as_of``: serving, not unavailable that day, release commitment not exhausted (one grouped query)."""
    rows = (
        available_accreditations(as_of=as_of, area_ids=area_ids)
        .values(region=F("expert__person__administration__region__code"), area_ref=F("area_id"))
        .annotate(
            full=Count("expert", distinct=True, filter=_full_then(as_of)),
            first=Count("expert", distinct=True, filter=_first_then(as_of)),
        )
        .order_by()
    )
    return {(row["region"], row["area_ref"]): (row["full"], row["first"]) for row in rows}


def cell_experts(
    *, as_of: datetime.date, region_code: str, area: ExpertiseArea, experts: QuerySet[Expert]
) -> tuple[list[Expert], list[Expert]]:
    """The experts one cell counts, (fully accredited, 1st step), among ``experts`` (the viewer's scope):
    the same accreditations as :func:`available_counts`, of one region and area."""
    cell = available_accreditations(as_of=as_of, area_ids=[area.pk]).filter(
        expert__person__administration__region__code=region_code
    )
    listed = experts.select_related("person__administration").order_by("search_name", "pk")
    full = list(listed.filter(pk__in=cell.filter(_full_then(as_of)).values("expert_id")))
    first = list(listed.filter(pk__in=cell.filter(_first_then(as_of)).values("expert_id")))
    return full, first


def gap_analysis(*, as_of: datetime.date, category: str | None = None) -> GapMatrix:
    """The matrix of every region against every active accreditation area (of ``category``)."""
    active = ExpertiseArea.objects.filter(category__in=sorted(ACCREDITATION_CATEGORIES), is_active=True)
    if category:
        active = active.filter(category=category)
    areas = list(active.order_by("category", "code"))
    regions = list(Region.objects.order_by("code"))
    area_ids = [area.pk for area in areas]
    counts = available_counts(as_of=as_of, area_ids=area_ids)
    needs: NeedCounts = {}
    for counted in needs_as_of(as_of):
        for key, n in counted.items():
            needs[key] = needs.get(key, 0) + n
    matrix = GapMatrix(as_of=as_of, category=category, regions=regions, areas=areas)
    wanted = set(area_ids)
    for key in set(counts) | set(needs):
        if key[1] in wanted:
            full, first = counts.get(key, (0, 0))
            matrix.cells[key] = Cell(full, first, needs.get(key, 0))
    return matrix
