"""The CSV import of the cost tables (per diem rates, flight costs).

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
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missions.models import FlightCost, PerDiemRate
from wcocb.audit import actor
from wcocb.errors import ConflictError, DomainError
from wcocb.models import MemberAdministration, Region
from wcocb.rules import is_secretariat

if TYPE_CHECKING:
    from wcocb.models import User

from missions.services.rates import _save_or_conflict

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
