"""What a mission costs: flight plus per diem for each team member, and who pays.

Rules (domain brief, "Missions: cost"):

- **Flight**: the shortest, most direct route from the expert's home country (``expert.person.
  administration``) to the requesting administration's country, i.e. the fare table. The fare valid on
  the mission's start date (latest ``valid_from`` not after it) of, in order: the country pair, the
  reverse country pair, the region pair, the reverse region pair. No flight when the expert is at
  home or the mission is delivered remotely.
- **Per diem**: the destination's rate valid on the assignment's start date x (mission days + travel
  days). Mission days are calendar days of the assignment, both ends included; travel days are 2 for
  in-country and hybrid delivery, 0 for remote delivery (``TRAVEL_DAYS``).
- A missing fare or rate is reported on the line ("no per diem rate for X on date"), never raised.
- **Who pays**: the request's funding source: WCO unless a donor, the beneficiary or the home
  administration is recorded (then each member's home administration pays for them).

All amounts are :class:`~decimal.Decimal`, rounded to cents with ``ROUND_HALF_UP``; totals are kept
per currency (a fare in USD and a per diem in EUR are never added together).

Reads only: the cost tables are written by :mod:`missions.services.rates` and imported by
:mod:`missions.importing.rates`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from missions.choices import DeliveryMode, LetterAnswer
from missions.models import Assignment, FlightCost, MissionRequest, PerDiemRate
from wcocb.choices import FundingKind
from wcocb.models import MemberAdministration

if TYPE_CHECKING:
    pass

CENT = Decimal("0.01")
TRAVEL_DAYS: dict[str, int] = {DeliveryMode.IN_COUNTRY: 2, DeliveryMode.HYBRID: 2, DeliveryMode.REMOTE: 0}


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class CostLine:
    """One team member's estimate: flight + per diem x days, with what could not be priced."""

    assignment: Assignment
    expert_name: str
    role: str
    origin: MemberAdministration | None
    destination: MemberAdministration
    mission_days: int
    travel_days: int
    flight_amount: Decimal | None = None
    flight_currency: str = ""
    flight_basis: str = ""
    per_diem_rate: Decimal | None = None
    per_diem_currency: str = ""
    per_diem_amount: Decimal | None = None
    payer: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def per_diem_days(self) -> int:
        return self.mission_days + self.travel_days

    @property
    def totals(self) -> dict[str, Decimal]:
        """This line's amounts per currency."""
        totals: dict[str, Decimal] = defaultdict(Decimal)
        if self.flight_amount is not None:
            totals[self.flight_currency] += self.flight_amount
        if self.per_diem_amount is not None:
            totals[self.per_diem_currency] += self.per_diem_amount
        return dict(totals)

    @property
    def complete(self) -> bool:
        return not self.problems


@dataclass
class CostEstimate:
    request: MissionRequest
    lines: list[CostLine]
    payer: str
    funding_kind: str
    provisional: bool = False

    @property
    def totals(self) -> dict[str, Decimal]:
        """The mission total per currency (sorted by currency code)."""
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for line in self.lines:
            for currency, amount in line.totals.items():
                totals[currency] += amount
        return {currency: _money(totals[currency]) for currency in sorted(totals)}

    @property
    def complete(self) -> bool:
        return all(line.complete for line in self.lines)

    @property
    def problems(self) -> list[str]:
        return [problem for line in self.lines for problem in line.problems]

    @property
    def missing(self) -> list[str]:
        """What could not be priced, each once (the rates to enter before the total means anything)."""
        return list(dict.fromkeys(self.problems))


# --- lookups ---------------------------------------------------------------------------------------
def per_diem_rate_on(country: MemberAdministration, day: datetime.date) -> PerDiemRate | None:
    """The rate of ``country`` valid on ``day`` (at most one, by the exclusion constraint)."""
    return (
        PerDiemRate.objects.filter(country=country, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .first()
    )


def flight_fare_on(
    origin: MemberAdministration, destination: MemberAdministration, day: datetime.date
) -> FlightCost | None:
    """The fare valid on ``day``: country pair, reverse pair, then region pair (either direction)."""
    valid = FlightCost.objects.filter(valid_from__lte=day).select_related(
        "origin", "destination", "origin_region", "destination_region"
    )
    candidates = [
        Q(origin=origin, destination=destination),
        Q(origin=destination, destination=origin),
        Q(origin_region_id=origin.region_id, destination_region_id=destination.region_id),
        Q(origin_region_id=destination.region_id, destination_region_id=origin.region_id),
    ]
    for condition in candidates:
        fare = valid.filter(condition).order_by("-valid_from").first()
        if fare is not None:
            return fare
    return None


# --- estimates -------------------------------------------------------------------------------------
def _payer_label(request: MissionRequest, assignment: Assignment | None = None) -> str:
    funding = request.funding
    if funding.kind == FundingKind.DONOR:
        donor = funding.donor if funding.donor_id else None
        return donor.name if donor is not None else funding.name
    if funding.kind == FundingKind.BENEFICIARY:
        return str(request.administration)
    if funding.kind == FundingKind.HOME:
        home = assignment.expert.person.administration if assignment else None
        return str(home) if home else _("the home administration")
    return _("WCO")


def estimate_assignment(assignment: Assignment) -> CostLine:
    """Flight + per diem x (mission days + travel days) for one team member."""
    request = assignment.request
    destination = request.administration
    origin = assignment.expert.person.administration
    remote = request.delivery_mode == DeliveryMode.REMOTE
    mission_days = (assignment.end_date - assignment.start_date).days + 1
    line = CostLine(
        assignment=assignment,
        expert_name=str(assignment.expert),
        role=assignment.get_role_display(),
        origin=origin,
        destination=destination,
        mission_days=mission_days,
        travel_days=TRAVEL_DAYS.get(request.delivery_mode, 2),
        payer=_payer_label(request, assignment),
    )
    day = assignment.start_date
    # Flight
    if remote or (origin is not None and origin.pk == destination.pk):
        line.flight_amount, line.flight_currency = Decimal("0.00"), "USD"
        line.flight_basis = _("remote delivery: no travel") if remote else _("in the home country: no flight")
    elif origin is None:
        line.problems.append(
            _("No home country recorded for %(expert)s: no flight estimate.") % {"expert": line.expert_name}
        )
    else:
        fare = flight_fare_on(origin, destination, day)
        if fare is None:
            line.problems.append(
                _("No flight cost from %(origin)s to %(destination)s (nor for their regions) on %(date)s.")
                % {"origin": origin, "destination": destination, "date": day.isoformat()}
            )
        else:
            line.flight_amount, line.flight_currency = _money(fare.fare), fare.currency
            line.flight_basis = fare.route if fare.origin_id else _("region pair %(route)s") % {"route": fare.route}
    # Per diem
    rate = per_diem_rate_on(destination, day)
    if rate is None:
        line.problems.append(
            _("No per diem rate for %(country)s on %(date)s.") % {"country": destination, "date": day.isoformat()}
        )
    else:
        line.per_diem_rate, line.per_diem_currency = rate.daily_amount, rate.currency
        line.per_diem_amount = _money(rate.daily_amount * line.per_diem_days)
    return line


def estimate_request(request: MissionRequest) -> CostEstimate:
    """One line per team member (the selected experts still in the running; before any selection,
    the shortlist, marked provisional), the total per currency, and who pays."""
    assignments = (
        Assignment.objects.filter(request=request)
        .select_related(
            "expert__person__administration", "request__administration", "request__funding__donor", "release_letter"
        )
        .order_by("role", "pk")
    )
    team = [a for a in assignments if a.selected and _still_in_running(a)]
    provisional = not team
    if provisional:
        team = [a for a in assignments if _still_in_running(a)]
    for assignment in team:
        assignment.request = request
    return CostEstimate(
        request=request,
        lines=[estimate_assignment(assignment) for assignment in team],
        payer=_payer_label(request)
        if request.funding.kind != FundingKind.HOME
        else _("each expert's home administration"),
        funding_kind=request.funding.kind,
        provisional=provisional,
    )


def _still_in_running(assignment: Assignment) -> bool:
    letter = assignment.release_letter if hasattr(assignment, "release_letter") else None
    return letter is None or letter.answer != LetterAnswer.DECLINED
