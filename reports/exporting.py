"""Exports of a run's frozen figures: XLSX (a sheet per section, numbers as numbers, text never a formula),
CSV (every table one after the other) and a PDF laid out to print, in English, French or Spanish.

They read the run's snapshot only, never the live data: the same run exports the same figures every time,
and the files agree with the pages and the API. Every text cell goes through :mod:`wcocb.exporting`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils import translation
from django.utils.translation import gettext as _

from reports.models import ReportRun
from wcocb.exporting import safe_row, xlsx_row

LANGUAGES = ("en", "fr", "es")


def language_of(value: str | None) -> str:
    return value if value in LANGUAGES else "en"


def localized(value, language: str):
    """A cell of the snapshot in ``language``: a ``{"en", "fr", "es"}`` text becomes its string."""
    if isinstance(value, dict):
        return value.get(language) or value.get("en", "")
    return value


def tables(run: ReportRun, language: str) -> Iterator[tuple[dict, dict]]:
    for section in run.snapshot.get("sections", []):
        for found in section.get("tables", []):
            yield section, found


def headline_rows(section: dict, language: str) -> list[list]:
    rows = []
    for entry in section.get("headline", []):
        rows.append([localized(entry["label"], language), entry["value"], entry.get("previous"), entry.get("change")])
    return rows


def _heading(run: ReportRun, language: str) -> list[list]:
    parameters = run.snapshot.get("parameters", {})
    return [
        [_("Report"), run.title or run.reference],
        [_("Period"), f"{parameters.get('period_start')} - {parameters.get('period_end')}"],
        [_("Experts as of"), parameters.get("as_of")],
        [_("Scope"), run.scope_label],
    ]


def run_csv(run: ReportRun, language: str) -> bytes:
    language = language_of(language)
    with translation.override(language):
        out = io.StringIO()
        writer = csv.writer(out)
        for row in _heading(run, language):
            writer.writerow(safe_row(row))
        for section in run.snapshot.get("sections", []):
            writer.writerow([])
            writer.writerow(safe_row([localized(section["title"], language)]))
            writer.writerow(safe_row([_("Figure"), _("Value"), _("Previous period"), _("Change (%)")]))
            for row in headline_rows(section, language):
                writer.writerow(safe_row(row))
            for found in section.get("tables", []):
                writer.writerow([])
                writer.writerow(safe_row([localized(found["title"], language)]))
                writer.writerow(safe_row([localized(column, language) for column in found["columns"]]))
                for row in found["rows"]:
                    writer.writerow(safe_row([localized(cell, language) for cell in row]))
                if found.get("total"):
                    blank = len(found["columns"]) - len(found["total"])
                    writer.writerow(safe_row([_("Total"), *[""] * (blank - 1), *found["total"]]))
        return out.getvalue().encode("utf-8-sig")


def _sheet_title(title: str, used: set[str]) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:31] or "Sheet"
    name, n = cleaned, 2
    while name in used:
        suffix = f" ({n})"
        name, n = cleaned[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def run_xlsx(run: ReportRun, language: str) -> bytes:
    from openpyxl import Workbook

    language = language_of(language)
    with translation.override(language):
        book = Workbook(write_only=True)
        used: set[str] = set()
        sheet = book.create_sheet(_sheet_title(str(_("Report")), used))
        for row in _heading(run, language):
            sheet.append(xlsx_row(sheet, row))
        for section in run.snapshot.get("sections", []):
            sheet = book.create_sheet(_sheet_title(localized(section["title"], language), used))
            sheet.append(xlsx_row(sheet, [localized(section["title"], language)]))
            sheet.append(xlsx_row(sheet, [_("Figure"), _("Value"), _("Previous period"), _("Change (%)")]))
            for row in headline_rows(section, language):
                sheet.append(xlsx_row(sheet, row))
            for found in section.get("tables", []):
                sheet.append([])
                sheet.append(xlsx_row(sheet, [localized(found["title"], language)]))
                sheet.append(xlsx_row(sheet, [localized(column, language) for column in found["columns"]]))
                for row in found["rows"]:
                    sheet.append(xlsx_row(sheet, [localized(cell, language) for cell in row]))
                if found.get("total"):
                    blank = len(found["columns"]) - len(found["total"])
                    sheet.append(xlsx_row(sheet, [_("Total"), *[None] * (blank - 1), *found["total"]]))
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
