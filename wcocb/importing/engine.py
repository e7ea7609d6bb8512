"""The engine every import runs through: read the file, let the kind's row handler check every row,
then apply the checked rows through the app's services inside **one transaction**. Any error, or a
dry run, rolls everything back: the import is all-or-nothing and the dry run is an exact preview of
what the import would create, update or leave unchanged. Re-importing the same file writes nothing
(handlers compare each row with the stored record, keyed on the spec's stable key)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wcocb.audit import actor
from wcocb.errors import ForbiddenError
from wcocb.importing.reading import FileRefused, read_table
from wcocb.importing.spec import ImportSpec, RowError, RowResult, summarise

if TYPE_CHECKING:
    from wcocb.models import User


class Progress:
    """Counts processed rows and tells ``callback(processed, total)`` every ``every`` rows (and at the end)."""

    def __init__(
        self, total: int = 0, callback: Callable[[int, int], None] | None = None, *, every: int = 100
    ) -> None:
        self.total = total
        self.processed = 0
        self.callback = callback
        self.every = max(1, every)
        self._told = 0

    def advance(self, rows: int = 1) -> None:
        self.processed = min(self.total, self.processed + rows) if self.total else self.processed + rows
        if self.callback and self.processed - self._told >= self.every:
            self._tell()

    def done(self) -> None:
        self.processed = self.total
        if self.callback:
            self._tell()

    def _tell(self) -> None:
        self._told = self.processed
        self.callback(self.processed, self.total)


@dataclass
class ImportReport:
    spec: ImportSpec
    filename: str
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    written: bool = False
    row_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> dict[str, dict[str, int]]:
        return summarise(self.spec, self.rows)

    @property
    def counts(self) -> dict[str, int]:
        """Created / updated / unchanged, over every entity."""
        totals = {"created": 0, "updated": 0, "unchanged": 0}
        for actions in self.summary.values():
            for action, count in actions.items():
                totals[action] += count
        return totals

    def as_dict(self, *, rows: bool = True) -> dict[str, Any]:
        body = {
            "kind": self.spec.kind,
            "filename": self.filename,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "written": self.written,
            "row_count": self.row_count,
            "summary": self.summary,
            "errors": [error.as_dict() for error in self.errors],
        }
        if rows:
            body["rows"] = [row.as_dict() for row in self.rows]
        return body


def check_permission(spec: ImportSpec, by: User | None) -> None:
    if not spec.may_import(by):
        raise ForbiddenError(_("You may not import %(kind)s.") % {"kind": spec.label})


def import_table(
    spec: ImportSpec,
    rows: list[tuple[int, dict[str, str]]],
    *,
    filename: str,
    dry_run: bool,
    by: User | None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check and apply already-read rows in one transaction (rolled back on any error or a dry run).

    Trusted callers only (the demo seed passes its rows here): :func:`import_file` checks the caller."""
    report = ImportReport(spec=spec, filename=filename, dry_run=dry_run, row_count=len(rows))
    progress = progress or Progress()
    progress.total = len(rows)
    column_order = {name: index for index, name in enumerate(spec.column_names)}
    with transaction.atomic(), actor(by.pk if by else None):
        handler = spec.handler(spec=spec, by=by)
        checked, report.errors = handler.check(rows)
        misshapen = frozenset(error.row for error in report.errors)
        handler.apply(checked, skip=misshapen, report=report, progress=progress)
        report.rows.sort(key=lambda result: result.row)
        report.errors.sort(key=lambda error: (error.row, column_order.get(error.column, -1)))
        if report.errors or dry_run:
            transaction.set_rollback(True)
        else:
            report.written = True
    progress.done()
    return report


def import_file(
    spec: ImportSpec,
    *,
    content: bytes,
    filename: str,
    dry_run: bool,
    by: User | None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import ``content`` (CSV or XLSX bytes). A refused file (type, size, no rows) is a report with one
    error on row 0; refused rows are errors with their row number and column; nothing is written then."""
    check_permission(spec, by)
    try:
        rows, errors = read_table(content, filename, spec)
    except FileRefused as exc:
        return ImportReport(spec=spec, filename=filename, dry_run=dry_run, errors=[RowError(0, "", exc.message)])
    if errors:
        return ImportReport(spec=spec, filename=filename, dry_run=dry_run, errors=errors)
    return import_table(spec, rows, filename=filename, dry_run=dry_run, by=by, progress=progress)
