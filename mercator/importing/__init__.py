"""The import of members' TFA commitments (CSV or XLSX) on the shared import engine (:mod:`wcocb.importing`):
one row per member and measure, keyed on ``member`` + ``measure`` so that re-importing the same file changes
nothing. Rows are checked first (codes, categories, statuses, dates), then written through
:func:`mercator.services.commitment_save` in one transaction: any error and nothing is written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mercator import rules, services
from mercator.choices import ImplementationStatus, TfaCategory
from mercator.models import TfaCommitment, TfaMeasure
from wcocb.errors import DomainError
from wcocb.importing import Column, ImportSpec, Progress, RowError, RowResult, import_file
from wcocb.models import MemberAdministration

if TYPE_CHECKING:
    from wcocb.models import User

COLUMNS = (
    Column("member", gettext_lazy("ISO code of the member (e.g. TH)"), required=True),
    Column("measure", gettext_lazy("TFA measure number (e.g. 7.4)"), required=True),
    Column("category", gettext_lazy("Section II category: A, B or C"), required=True),
    Column("indicative_date", gettext_lazy("indicative implementation date (YYYY-MM-DD)")),
    Column("definitive_date", gettext_lazy("definitive implementation date (YYYY-MM-DD)")),
    Column("status", gettext_lazy("implemented, in_progress or not_started")),
    Column("status_date", gettext_lazy("date the status was reached (YYYY-MM-DD)")),
)
VALUES = ("category", "indicative_date", "definitive_date", "status", "status_date")


@dataclass
class CheckedRow:
    number: int
    administration: MemberAdministration
    measure: TfaMeasure
    values: dict[str, Any]


def _date(text: str, column: str, number: int, errors: list[RowError]) -> datetime.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        errors.append(RowError(number, column, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": text}))
        return None


class CommitmentRowHandler:
    def __init__(self, *, spec: ImportSpec, by: User | None) -> None:
        self.spec = spec
        self.by = by
        self.members = {m.iso_code: m for m in MemberAdministration.objects.all()}
        self.measures = {m.number: m for m in TfaMeasure.objects.all()}

    def check(self, rows: list[tuple[int, dict[str, str]]]) -> tuple[list[CheckedRow], list[RowError]]:
        checked, errors, seen = [], [], set()
        for number, record in rows:
            before = len(errors)
            member = self.members.get((record.get("member") or "").strip().upper())
            measure = self.measures.get((record.get("measure") or "").strip())
            if member is None:
                errors.append(
                    RowError(number, "member", _("Unknown member “%(value)s”.") % {"value": record.get("member")})
                )
            if measure is None:
                errors.append(
                    RowError(
                        number, "measure", _("Unknown TFA measure “%(value)s”.") % {"value": record.get("measure")}
                    )
                )
            category = (record.get("category") or "").strip().upper()
            if category not in TfaCategory.values:
                errors.append(RowError(number, "category", _("The category is A, B or C.")))
            status = (record.get("status") or ImplementationStatus.NOT_STARTED).strip().lower()
            if status not in ImplementationStatus.values:
                errors.append(RowError(number, "status", _("The status is implemented, in_progress or not_started.")))
            values = {
                "category": category,
                "status": status,
                "indicative_date": _date(record.get("indicative_date", ""), "indicative_date", number, errors),
                "definitive_date": _date(record.get("definitive_date", ""), "definitive_date", number, errors),
                "status_date": _date(record.get("status_date", ""), "status_date", number, errors),
            }
            key = (member and member.pk, measure and measure.pk)
            if member and measure and key in seen:
                errors.append(RowError(number, "measure", _("This member and measure appear twice in the file.")))
            seen.add(key)
            if len(errors) == before:
                checked.append(CheckedRow(number, member, measure, values))
        return checked, errors

    def apply(self, checked: list[CheckedRow], *, skip: frozenset[int], report, progress: Progress) -> None:
        stored = {
            (c.administration_id, c.measure_id): c
            for c in TfaCommitment.objects.filter(administration__in={row.administration for row in checked})
        }
        for row in checked:
            progress.advance()
            if row.number in skip:
                continue
            commitment = stored.get((row.administration.pk, row.measure.pk))
            if commitment is None:
                commitment, action = TfaCommitment(administration=row.administration, measure=row.measure), "created"
            else:
                action = "updated"
            if row.values["category"] == TfaCategory.A and row.values["definitive_date"] is None:
                row.values["definitive_date"] = commitment.definitive_date or None
            changes = [name for name in VALUES if getattr(commitment, name) != row.values[name]]
            if commitment.pk and (
                not changes or (changes == ["definitive_date"] and row.values["definitive_date"] is None)
            ):
                report.rows.append(RowResult(row.number, f"{row.administration.iso_code} {row.measure.number}",
                                             actions={"commitment": "unchanged"}))  # fmt: skip
                continue
            for name in VALUES:
                setattr(commitment, name, row.values[name])
            try:
                services.commitment_save(commitment=commitment, by=self.by)
            except ValidationError as exc:
                report.errors.append(RowError(row.number, "", " ".join(exc.messages)))
                continue
            except DomainError as exc:
                report.errors.append(RowError(row.number, "", str(exc.message)))
                continue
            report.rows.append(RowResult(row.number, f"{row.administration.iso_code} {row.measure.number}",
                                         actions={"commitment": action}, changes=changes))  # fmt: skip


SPEC = ImportSpec(
    kind="tfa_commitments",
    label=gettext_lazy("TFA commitments"),
    columns=COLUMNS,
    key="member",  # with measure
    handler=CommitmentRowHandler,
    entities=("commitment",),
    may_import=rules.can_import_commitments,
)


def import_commitments(*, content: bytes, filename: str, dry_run: bool, by: User | None):
    """Import a CSV or XLSX file of TFA commitments now (the background job runs the same engine)."""
    return import_file(SPEC, content=content, filename=filename, dry_run=dry_run, by=by)
