"""The TFA implementation matrix (members of a region by TFA measures) and each member's implementation rate."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from mercator.choices import ImplementationStatus
from mercator.models import Activity, Recommendation, TfaCommitment, TfaMeasure
from mercator.selectors.progress import _ratio
from wcocb.choices import Role
from wcocb.models import MemberAdministration, Region
from wcocb.scoping import scope_queryset


@dataclass
class ImplementationRate:
    """A member's commitments: the share implemented, and the share of those due (definitive date passed) that
    were implemented by their definitive date."""

    total: int = 0
    implemented: int = 0
    due: int = 0
    on_time: int = 0

    @property
    def implemented_share(self) -> Decimal | None:
        return _ratio(self.implemented, self.total)

    @property
    def on_time_share(self) -> Decimal | None:
        return _ratio(self.on_time, self.due)

    def add(self, commitment: TfaCommitment, today: datetime.date) -> None:
        self.total += 1
        implemented = commitment.status == ImplementationStatus.IMPLEMENTED
        self.implemented += implemented
        if commitment.definitive_date is not None and commitment.definitive_date <= today:
            self.due += 1
            self.on_time += bool(implemented and commitment.status_date <= commitment.definitive_date)


def implementation_rate(commitments, *, today: datetime.date | None = None) -> ImplementationRate:
    today = today or timezone.localdate()
    rate = ImplementationRate()
    for commitment in commitments:
        rate.add(commitment, today)
    return rate


@dataclass
class Cell:
    commitment: TfaCommitment | None = None
    recommendations: list[Recommendation] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    missions: list = field(default_factory=list)

    @property
    def css(self) -> str:
        if self.commitment is None:
            return "tfa-none"
        return f"tfa-{self.commitment.category.lower()} tfa-{self.commitment.status}"


@dataclass
class MatrixRow:
    administration: MemberAdministration
    cells: list[Cell]
    rate: ImplementationRate


@dataclass
class Matrix:
    region: Region | None
    measures: list[TfaMeasure]
    rows: list[MatrixRow]


def matrix(*, user, region: Region | None, today: datetime.date | None = None) -> Matrix:
    """Rows: the region's members (a member administration sees its own row only); columns: every measure.
    Each cell: the member's commitment and the recommendations, activities and missions of its visible plans
    that serve the measure. A fixed number of queries, whatever the size of the region."""
    today = today or timezone.localdate()
    measures = list(TfaMeasure.objects.select_related("article"))
    members = MemberAdministration.objects.filter(is_active=True).select_related("region").order_by("name_en")
    if user.role == Role.MEMBER and not user.is_superuser:
        members = members.filter(pk=user.administration_id)
    elif region is not None:
        members = members.filter(region=region)
    else:
        members = members.none()
    members = list(members)
    ids = [member.pk for member in members]
    commitments = scope_queryset(TfaCommitment.objects.filter(administration_id__in=ids), user)
    by_cell: dict[tuple[int, int], Cell] = defaultdict(Cell)
    for commitment in commitments:
        by_cell[commitment.administration_id, commitment.measure_id].commitment = commitment
    recommendations = (
        scope_queryset(Recommendation.objects.filter(plan__administration_id__in=ids), user)
        .distinct()
        .select_related("plan")
        .prefetch_related("measures", Prefetch("activities", queryset=Activity.objects.prefetch_related("missions")))
    )
    for recommendation in recommendations:
        for measure in recommendation.measures.all():
            cell = by_cell[recommendation.plan.administration_id, measure.pk]
            cell.recommendations.append(recommendation)
            for activity in recommendation.activities.all():
                cell.activities.append(activity)
                cell.missions.extend(mission for mission in activity.missions.all() if mission not in cell.missions)
    rows = []
    for member in members:
        cells = [by_cell.get((member.pk, measure.pk)) or Cell() for measure in measures]
        rate = implementation_rate([cell.commitment for cell in cells if cell.commitment], today=today)
        rows.append(MatrixRow(member, cells, rate))
    return Matrix(region=region, measures=measures, rows=rows)
