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

The CSV import (:func:`rates_import_csv`) reads the Secretariat's tables: a dry run returns the rows
it would write and row-numbered errors; a real run writes everything or nothing, keyed on natural
keys (country + valid_from; origin + destination + valid_from) so importing the same file twice
changes nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

import django_filters
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missions.choices import DeliveryMode, LetterAnswer
from missions.models import Assignment, FlightCost, MissionRequest, PerDiemRate
from wcocb.audit import actor
from wcocb.choices import FundingKind
from wcocb.errors import ConflictError, DomainError
from wcocb.models import MemberAdministration, Region
from wcocb.rules import is_secretariat

if TYPE_CHECKING:
    from wcocb.models import User

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
        return funding.donor.name if funding.donor_id else funding.name
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


# --- CSV import ------------------------------------------------------------------------------------
PER_DIEM_COLUMNS = ("country", "daily_amount", "currency", "valid_from", "valid_to")
FLIGHT_COLUMNS = (
    "origin",
    "destination",
    "origin_region",
    "destination_region",
    "fare",
    "currency",
    "valid_from",
)


#: What an import does with a row, as shown on the import page.
IMPORT_ACTION_LABELS = {
    "create": gettext_lazy("create"),
    "update": gettext_lazy("update"),
    "unchanged": gettext_lazy("unchanged"),
}


@dataclass
class ImportRow:
    number: int  # the CSV line number (the header is line 1)
    action: str  # "create", "update", "unchanged"
    instance: PerDiemRate | FlightCost
    summary: str

    @property
    def action_label(self) -> str:
        return str(IMPORT_ACTION_LABELS[self.action])


@dataclass
class ImportResult:
    kind: str
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    dry_run: bool = True
    written: bool = False

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self.count("create")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


def _date(value: str, column: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(
            _("%(column)s: “%(value)s” is not a date (YYYY-MM-DD).") % {"column": column, "value": value}
        ) from exc


def _decimal(value: str, column: str) -> Decimal:
    try:
        amount = Decimal(value.strip())
    except InvalidOperation as exc:
        raise ValueError(_("%(column)s: “%(value)s” is not an amount.") % {"column": column, "value": value}) from exc
    if not amount.is_finite():
        raise ValueError(_("%(column)s: “%(value)s” is not an amount.") % {"column": column, "value": value})
    return amount


def _country(value: str, column: str, members: dict[str, MemberAdministration]) -> MemberAdministration:
    member = members.get(value.strip().upper())
    if member is None:
        raise ValueError(_("%(column)s: unknown country code “%(value)s”.") % {"column": column, "value": value})
    return member


def _region(value: str, column: str, regions: dict[str, Region]) -> Region:
    region = regions.get(value.strip().upper())
    if region is None:
        raise ValueError(_("%(column)s: unknown region code “%(value)s”.") % {"column": column, "value": value})
    return region


def _validation_text(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def _per_diem_row(record: dict[str, str], members) -> PerDiemRate:
    country = _country(record.get("country", ""), "country", members)
    valid_from = _date(record.get("valid_from", ""), "valid_from")
    valid_to_text = (record.get("valid_to") or "").strip()
    values = {
        "daily_amount": _decimal(record.get("daily_amount", ""), "daily_amount"),
        "currency": (record.get("currency") or "USD").strip().upper(),
        "valid_to": _date(valid_to_text, "valid_to") if valid_to_text else None,
    }
    instance = PerDiemRate.objects.filter(country=country, valid_from=valid_from).first() or PerDiemRate(
        country=country, valid_from=valid_from
    )
    instance._import_changed = instance.pk is None or any(getattr(instance, k) != v for k, v in values.items())
    for key, value in values.items():
        setattr(instance, key, value)
    return instance


def _flight_row(record: dict[str, str], members, regions) -> FlightCost:
    origin_code = (record.get("origin") or "").strip()
    destination_code = (record.get("destination") or "").strip()
    origin_region_code = (record.get("origin_region") or "").strip()
    destination_region_code = (record.get("destination_region") or "").strip()
    valid_from = _date(record.get("valid_from", ""), "valid_from")
    if origin_code or destination_code:
        if origin_region_code or destination_region_code:
            raise ValueError(_("Give either an origin and destination country, or two regions."))
        key = {
            "origin": _country(origin_code, "origin", members),
            "destination": _country(destination_code, "destination", members),
        }
    else:
        key = {
            "origin_region": _region(origin_region_code, "origin_region", regions),
            "destination_region": _region(destination_region_code, "destination_region", regions),
        }
    values = {
        "fare": _decimal(record.get("fare", ""), "fare"),
        "currency": (record.get("currency") or "USD").strip().upper(),
    }
    instance = FlightCost.objects.filter(**key, valid_from=valid_from).first() or FlightCost(
        **key, valid_from=valid_from
    )
    instance._import_changed = instance.pk is None or any(getattr(instance, k) != v for k, v in values.items())
    for name, value in values.items():
        setattr(instance, name, value)
    return instance


def rates_import_csv(*, kind: str, content: str | bytes, by: User, dry_run: bool = True) -> ImportResult:
    """Import per diem rates (``kind="per_diem"``) or flight costs (``kind="flight"``) from CSV.

    Every row is checked (and validated against the rows before it, so two rows of the same file
    cannot overlap either). A dry run writes nothing. A real run writes nothing if any row has an
    error, otherwise every row in one transaction. Rows are matched on their natural key, so running
    the same file twice creates nothing the second time."""
    if not is_secretariat(by):
        raise DomainError(_("Only the Secretariat may import cost tables."), status=403, code="forbidden")
    if kind not in {"per_diem", "flight"}:
        raise DomainError(_("Unknown cost table."))
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DomainError(_("The file is not UTF-8 text.")) from exc
    result = ImportResult(kind=kind, dry_run=dry_run)
    reader = csv.DictReader(io.StringIO(content))
    expected = PER_DIEM_COLUMNS if kind == "per_diem" else FLIGHT_COLUMNS
    header = [name.strip() for name in (reader.fieldnames or [])]
    required = {"country", "daily_amount", "valid_from"} if kind == "per_diem" else {"fare", "valid_from"}
    missing = sorted(required - set(header))
    if missing:
        raise DomainError(
            _("The header must name the columns %(expected)s; missing: %(missing)s.")
            % {"expected": ", ".join(expected), "missing": ", ".join(missing)}
        )
    reader.fieldnames = header
    members = {member.iso_code: member for member in MemberAdministration.objects.all()}
    regions = {region.code.upper(): region for region in Region.objects.all()}
    with transaction.atomic(), actor(by.pk):
        for number, record in enumerate(reader, start=2):
            try:
                instance = (
                    _per_diem_row(record, members) if kind == "per_diem" else _flight_row(record, members, regions)
                )
                instance.full_clean()
            except ValueError as exc:
                result.errors.append((number, str(exc)))
                continue
            except ValidationError as exc:
                result.errors.append((number, _validation_text(exc)))
                continue
            action = "unchanged"
            if instance._import_changed:
                action = "update" if instance.pk else "create"
                # Saved inside a savepoint so the next rows are validated against this one.
                try:
                    _save_or_conflict(instance)
                except ConflictError as exc:
                    result.errors.append((number, str(exc.message)))
                    continue
            result.rows.append(ImportRow(number=number, action=action, instance=instance, summary=str(instance)))
        if dry_run or result.errors:
            transaction.set_rollback(True)
        else:
            result.written = True
    return result


# --- single-row services (pages, API and admin call these) --------------------------------------
def _secretariat_only(by: User) -> None:
    if not is_secretariat(by):
        raise DomainError(_("Only the Secretariat may manage cost tables."), status=403, code="forbidden")


def _violated_constraint_message(instance: PerDiemRate | FlightCost, exc: IntegrityError) -> str | None:
    """The message of the model constraint the database reports as violated, if it is one of ours."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    for constraint in instance._meta.constraints:
        if constraint.name == name:
            return str(constraint.get_violation_error_message())
    return None


def _save_or_conflict(instance: PerDiemRate | FlightCost) -> None:
    """Save in a savepoint. ``full_clean()`` checks overlaps and duplicates first, but a row saved by
    someone else at the same moment passes that check too: the database constraint then refuses
    this one, which is reported as a conflict with the constraint's message, not a 500."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        message = _violated_constraint_message(instance, exc)
        if message is None:
            raise
        raise ConflictError(message) from exc


@transaction.atomic
def cost_row_save(*, instance: PerDiemRate | FlightCost, by: User) -> PerDiemRate | FlightCost:
    """Create or change one per diem rate or flight cost (validated, including overlaps).

    Raises ``ValidationError`` for what ``full_clean()`` finds, ``ConflictError`` when a row saved
    at the same moment makes this one overlap or repeat it."""
    _secretariat_only(by)
    instance.full_clean()
    _save_or_conflict(instance)
    return instance


@transaction.atomic
def cost_row_delete(*, instance: PerDiemRate | FlightCost, by: User) -> None:
    _secretariat_only(by)
    instance.delete()


# --- filter sets (the rates pages and the API share them) ----------------------------------------
class PerDiemRateFilterSet(django_filters.FilterSet):
    country = django_filters.ModelChoiceFilter(
        queryset=MemberAdministration.objects.all(), label=gettext_lazy("Country")
    )
    region = django_filters.CharFilter(
        field_name="country__region__code", lookup_expr="iexact", label=gettext_lazy("Region")
    )
    valid_on = django_filters.DateFilter(method="filter_valid_on", label=gettext_lazy("Valid on"))

    class Meta:
        model = PerDiemRate
        fields = ["country", "currency"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.filter(valid_from__lte=value).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=value))


class FlightCostFilterSet(django_filters.FilterSet):
    origin = django_filters.ModelChoiceFilter(
        queryset=MemberAdministration.objects.all(), label=gettext_lazy("Origin")
    )
    destination = django_filters.ModelChoiceFilter(
        queryset=MemberAdministration.objects.all(), label=gettext_lazy("Destination")
    )
    region_pairs = django_filters.BooleanFilter(
        field_name="origin_region", lookup_expr="isnull", exclude=True, label=gettext_lazy("Region pairs only")
    )

    class Meta:
        model = FlightCost
        fields = ["origin", "destination", "origin_region", "destination_region", "currency"]
