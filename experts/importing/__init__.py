"""Bulk import of experts and their accreditations from CSV or XLSX, in the form WCO's spreadsheets take:
one row per expert-accreditation (an expert without accreditation has one row with an empty ``area``).
Built on the shared engine (:mod:`wcocb.importing`): :data:`SPEC` declares the columns
(:mod:`.columns`), the stable key (``external_id``) and who may import (the Secretariat);
:mod:`.rows` checks the shape of every row, :mod:`.handler` applies them through :mod:`experts.services`.

Keys: the expert's ``external_id``; an accreditation is keyed on ``external_id`` + ``area`` (the live
accreditation in that area, else the latest one). A row whose values equal the stored ones is not
written at all, so re-importing the same file (or an export) writes nothing. Only the columns present
in the file's header are written: a column left out keeps the stored values.

The kind follows the pipeline: an expert who holds a full accreditation is ``accredited`` (the field
evaluation sets it), and a file's older kind (``candidate`` written before the accreditation, or in the
same file as it) does not undo it, which keeps re-imports idempotent.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from experts.importing.columns import ALIASES, CHECKLIST_COLUMNS, COLUMN_NAMES, COLUMNS, MAX_BYTES, MAX_ROWS, Column
from experts.importing.handler import ExpertRowHandler, ExpertRowResult
from experts.rules import can_import
from wcocb.importing import ImportReport, ImportSpec, RowError, import_file, import_table
from wcocb.models import User

__all__ = [
    "CHECKLIST_COLUMNS",
    "COLUMNS",
    "COLUMN_NAMES",
    "MAX_BYTES",
    "MAX_ROWS",
    "SPEC",
    "Column",
    "ExpertRowResult",
    "ImportReport",
    "RowError",
    "import_experts",
    "import_rows",
]

SPEC = ImportSpec(
    kind="experts",
    label=_("experts and accreditations"),
    columns=tuple(COLUMNS),
    key="external_id",
    handler=ExpertRowHandler,
    entities=("expert", "accreditation"),
    aliases=ALIASES,
    may_import=can_import,  # the Secretariat
    page="experts:import",
)


def import_experts(*, file, filename: str, dry_run: bool, by: User | None, progress=None) -> ImportReport:
    """Import a CSV or XLSX file of experts and accreditations now (the background job calls the same
    engine). ``file`` is bytes or a file object. Only the Secretariat may import (``ForbiddenError``).

    Every row's errors are reported with its spreadsheet row number and column; with any error, or
    with ``dry_run``, nothing is written. Re-importing the same file changes nothing."""
    content = file if isinstance(file, bytes) else file.read()
    return import_file(SPEC, content=content, filename=filename, dry_run=dry_run, by=by, progress=progress)


def import_rows(
    *, rows: list[tuple[int, dict[str, str]]], filename: str, dry_run: bool, by: User | None
) -> ImportReport:
    """Check and apply already-read rows (the demo seed, a trusted caller: no role check)."""
    return import_table(SPEC, rows, filename=filename, dry_run=dry_run, by=by)
