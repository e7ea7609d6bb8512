"""The CSV import of the cost tables (per diem rates, flight costs), on the import engine
(:mod:`wcocb.importing`): one spec per table, whose row handler writes through ``cost_row_save``.

:func:`rates_import_csv` reads the Secretariat's tables: a dry run returns the rows it would write and
row-numbered errors; a real run writes everything or nothing, keyed on natural keys (country +
valid_from; origin + destination + valid_from) so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missions.models import FlightCost, PerDiemRate
from wcocb.errors import ConflictError, DomainError
from wcocb.importing import Column, ImportSpec, Progress, RowError, RowResult, import_file
from wcocb.models import MemberAdministration, Region
from wcocb.rules import is_secretariat

if TYPE_CHECKING:
    from wcocb.models import User

from missions.services.rates import cost_row_save

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


class RatesRowHandler:
    """The row handler of a cost table (:class:`wcocb.importing.RowHandler`): a row is parsed when checked,
    then validated and written through ``cost_row_save`` in file order, so that each row is validated
    against the rows before it (two rows of one file cannot overlap either)."""

    kind = "per_diem"

    def __init__(self, *, spec: ImportSpec, by: User | None) -> None:
        self.spec = spec
        self.by = by
        self.members = {member.iso_code: member for member in MemberAdministration.objects.all()}
        self.regions = {region.code.upper(): region for region in Region.objects.all()}

    def check(self, rows: list[tuple[int, dict[str, str]]]) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
        return rows, []  # a row is parsed just before it is applied: it is matched against the rows before it

    def apply(self, checked, *, skip: frozenset[int], report, progress: Progress) -> None:
        for number, record in checked:
            progress.advance()
            try:
                instance = (
                    _per_diem_row(record, self.members)
                    if self.kind == "per_diem"
                    else _flight_row(record, self.members, self.regions)
                )
                if instance._import_changed:
                    action = "updated" if instance.pk else "created"
                    cost_row_save(instance=instance, by=self.by)
                else:
                    action = "unchanged"
                    instance.full_clean()
            except ValueError as exc:
                report.errors.append(RowError(number, "", str(exc)))
                continue
            except ValidationError as exc:
                report.errors.append(RowError(number, "", _validation_text(exc)))
                continue
            except ConflictError as exc:
                report.errors.append(RowError(number, "", str(exc.message)))
                continue
            report.rows.append(RatesRowResult(number, str(instance), actions={"rate": action}, instance=instance))


class FlightRowHandler(RatesRowHandler):
    kind = "flight"


@dataclass
class RatesRowResult(RowResult):
    instance: PerDiemRate | FlightCost | None = None


def _columns(names: tuple[str, ...], required: set[str]) -> tuple[Column, ...]:
    return tuple(Column(name, name.replace("_", " "), name in required) for name in names)


PER_DIEM_SPEC = ImportSpec(
    kind="per_diem_rates",
    label=gettext_lazy("per diem rates"),
    columns=_columns(PER_DIEM_COLUMNS, {"country", "daily_amount", "valid_from"}),
    key="country",  # with valid_from
    handler=RatesRowHandler,
    entities=("rate",),
    ignore_unknown_columns=True,
)
FLIGHT_SPEC = ImportSpec(
    kind="flight_costs",
    label=gettext_lazy("flight costs"),
    columns=_columns(FLIGHT_COLUMNS, {"fare", "valid_from"}),
    key="origin",  # with destination (or the two regions) and valid_from
    handler=FlightRowHandler,
    entities=("rate",),
    ignore_unknown_columns=True,
)
SPECS = {"per_diem": PER_DIEM_SPEC, "flight": FLIGHT_SPEC}
_ACTIONS = {"created": "create", "updated": "update", "unchanged": "unchanged"}


def rates_import_csv(*, kind: str, content: str | bytes, by: User, dry_run: bool = True) -> ImportResult:
    """Import per diem rates (``kind="per_diem"``) or flight costs (``kind="flight"``) from CSV, through the
    import engine (the same specs run as background jobs: ``/api/v1/import-jobs/``, kinds ``per_diem_rates``
    and ``flight_costs``).

    Every row is checked (and validated against the rows before it, so two rows of the same file
    cannot overlap either). A dry run writes nothing. A real run writes nothing if any row has an
    error, otherwise every row in one transaction. Rows are matched on their natural key, so running
    the same file twice creates nothing the second time."""
    if not is_secretariat(by):
        raise DomainError(_("Only the Secretariat may import cost tables."), status=403, code="forbidden")
    if kind not in SPECS:
        raise DomainError(_("Unknown cost table."))
    spec = SPECS[kind]
    if isinstance(content, str):
        content = content.encode()
    text = content.decode("utf-8-sig", "replace")
    header = [name.strip() for name in (next(csv.reader(io.StringIO(text)), None) or [])]
    missing = sorted(set(spec.required) - set(header))
    if missing:
        raise DomainError(
            _("The header must name the columns %(expected)s; missing: %(missing)s.")
            % {"expected": ", ".join(column.name for column in spec.columns), "missing": ", ".join(missing)}
        )
    result = ImportResult(kind=kind, dry_run=dry_run)
    if not text.strip().splitlines()[1:]:
        return result  # a header and no rows: nothing to do
    report = import_file(spec, content=content, filename="rates.csv", dry_run=dry_run, by=by)
    if any(error.row <= 1 for error in report.errors):  # the file itself was refused
        raise DomainError(" ".join(str(error.message) for error in report.errors if error.row <= 1))
    result.rows = [
        ImportRow(number=row.row, action=_ACTIONS[row.actions["rate"]], instance=row.instance, summary=row.key)
        for row in report.rows
    ]
    result.errors = [(error.row, str(error.message)) for error in report.errors]
    result.written = report.written
    return result
