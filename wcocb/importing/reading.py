"""Reading an uploaded table: CSV (UTF-8 with or without BOM, comma or semicolon) or XLSX (the first
sheet, read-only). The bytes decide, not the name: an XLSX must be a zip holding the OOXML workbook
parts, a CSV must decode as UTF-8 text without control bytes; anything else is refused with a reason,
as is a file over :data:`MAX_BYTES` or with more than :data:`MAX_ROWS` data rows."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wcocb.errors import DomainError
from wcocb.importing.spec import ImportSpec, RowError

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
FORMATS = ("csv", "xlsx")
#: The parts every OOXML spreadsheet holds.
XLSX_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
#: Control characters no text table holds (tab, line feed and carriage return are allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class FileRefused(DomainError):
    """The file as a whole cannot be imported (type, size, encoding, no rows)."""

    code = "import_file_refused"


def file_format(content: bytes, filename: str) -> str:
    """``"csv"`` or ``"xlsx"`` after checking that the bytes are what the name says; else :class:`FileRefused`."""
    if len(content) > MAX_BYTES:
        raise FileRefused(
            _("The file is larger than %(limit)s (%(size)s): split it and import the parts.")
            % {"limit": filesizeformat(MAX_BYTES), "size": filesizeformat(len(content))}
        )
    name = (filename or "").lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in FORMATS:
        raise FileRefused(_("Upload a .csv or .xlsx file."))
    if not content:
        raise FileRefused(_("The file is empty."))
    if extension == "xlsx":
        if not _is_xlsx(content):
            raise FileRefused(_("The file is named .xlsx but is not an Excel workbook (XLSX)."))
        return "xlsx"
    if content[:4] == b"PK\x03\x04":
        raise FileRefused(_("The file is named .csv but is a zip archive (an XLSX?): name it .xlsx."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(_("The file is not a CSV text file encoded in UTF-8.")) from None
    if _CONTROL.search(text):
        raise FileRefused(_("The file is not a CSV text file: it holds binary data."))
    return "csv"


def _is_xlsx(content: bytes) -> bool:
    if content[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return all(part in names for part in XLSX_PARTS)


def header_name(value: Any, aliases: dict[str, str] | None = None) -> str:
    name = re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())
    return (aliases or {}).get(name, name)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _raw_cells(content: bytes, kind: str, max_rows: int = MAX_ROWS) -> list[list[str]]:
    if kind == "xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                rows = []
                for values in sheet.iter_rows(values_only=True):
                    rows.append([cell_text(value) for value in values])
                    if len(rows) > max_rows + 1 and any(rows[-1]):
                        break
            finally:
                workbook.close()
        except Exception:  # openpyxl raises many types for a damaged workbook
            raise FileRefused(_("The file could not be read as a spreadsheet.")) from None
        return rows
    text = content.decode("utf-8-sig")
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)  # the header names the delimiter
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error:
        raise FileRefused(_("The file could not be read as CSV.")) from None


def read_table(
    content: bytes, filename: str, spec: ImportSpec
) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    """The data rows as ``(spreadsheet row number, {column: text})`` (the header is row 1), or the
    header's errors (missing required columns, unknown columns). Raises :class:`FileRefused`."""
    max_rows = spec.max_rows or MAX_ROWS
    raw = _raw_cells(content, file_format(content, filename), max_rows)
    if not raw or not any(raw[0]):
        raise FileRefused(_("The file is empty."))
    aliases = dict(spec.aliases)
    header = [header_name(value, aliases) for value in raw[0]]
    known = set(spec.column_names)
    errors = [RowError(1, name, _("The column is missing.")) for name in spec.required if name not in header]
    if not spec.ignore_unknown_columns:
        errors += [RowError(1, name, _("Unknown column.")) for name in header if name and name not in known]
    header = [name if name in known else "" for name in header]
    if errors:
        return [], errors
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        if not any(values):
            continue
        rows.append((number, {name: (values[i] if i < len(values) else "") for i, name in enumerate(header) if name}))
    if len(rows) > max_rows:
        raise FileRefused(_("At most %(n)s rows can be imported at once: split the file.") % {"n": f"{max_rows:,}"})
    if not rows:
        raise FileRefused(_("The file has no data rows."))
    return rows, []
