"""Export of an expert search to CSV or XLSX, in the import's columns (see
:mod:`experts.importing`) so an exported file can be imported again unchanged.

One row per expert and accreditation area (an expert without accreditation has one row with the
accreditation columns empty). When an area holds several accreditations (one withdrawn, a newer
one live) only the live one, else the latest, is exported: it is the one a re-import keys on.

The queryset is read in chunks with its prefetches (``iterator(chunk_size=...)``), so the number of
queries grows with the number of chunks, not of rows, and memory stays flat for the CSV stream.

Every cell goes through :mod:`wcocb.exporting`, so a value a spreadsheet would run as a formula is not.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet

from experts.choices import ACTIVE_STAGES
from experts.importing import CHECKLIST_COLUMNS, COLUMN_NAMES
from experts.models import Accreditation, Expert, ExpertLanguage
from wcocb.exporting import safe_row, xlsx_row

CHUNK_SIZE = 1000


def export_queryset(queryset: QuerySet[Expert]) -> QuerySet[Expert]:
    """``queryset`` (already filtered and scoped) with what the export reads."""
    return queryset.select_related("person__administration", "candidate_topic", "candidate_region").prefetch_related(
        Prefetch(
            "accreditations",
            queryset=Accreditation.objects.select_related("area", "evaluator").order_by("area__code", "pk"),
            to_attr="export_accreditations",
        ),
        Prefetch(
            "language_skills",
            queryset=ExpertLanguage.objects.select_related("language").order_by("language__code"),
            to_attr="export_languages",
        ),
    )


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _date(value) -> str:
    return value.isoformat() if value else ""


def _expert_values(expert: Expert) -> dict[str, str]:
    person = expert.person
    return {
        "external_id": expert.external_id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "gender": person.gender,
        "nationality": person.nationality,
        "administration": person.administration.iso_code if person.administration_id else "",
        "current_post": person.current_post,
        "email": person.email,
        "phone": person.phone,
        "kind": expert.kind,
        "serving": _yes_no(expert.is_serving),
        "languages": "; ".join(f"{skill.language.code}:{skill.level}" for skill in expert.export_languages),
        "biography": expert.biography,
        "external_justification": expert.external_justification,
        "candidate_topic": expert.candidate_topic.code if expert.candidate_topic_id else "",
        "candidate_region": expert.candidate_region.code if expert.candidate_region_id else "",
        **{name: _yes_no(getattr(expert, name)) for name in CHECKLIST_COLUMNS},
    }


def _accreditation_values(accreditation: Accreditation) -> dict[str, str]:
    return {
        "area": accreditation.area.code,
        "stage": accreditation.stage,
        "pre_assessed_on": _date(accreditation.pre_assessed_on),
        "workshop": str(accreditation.workshop_id or ""),
        "workshop_passed_on": _date(accreditation.workshop_passed_on),
        "evaluator": accreditation.evaluator.external_id if accreditation.evaluator_id else "",
        "evaluated_on": _date(accreditation.evaluated_on),
        "evaluation_mission": accreditation.evaluation_mission,
        "accredited_on": _date(accreditation.accredited_on),
        "withdrawn_on": _date(accreditation.withdrawn_on),
        "withdrawn_reason": accreditation.withdrawn_reason,
    }


def _one_per_area(accreditations: list[Accreditation]) -> list[Accreditation]:
    chosen: dict[int, Accreditation] = {}
    for accreditation in accreditations:  # ordered by area code, then pk
        current = chosen.get(accreditation.area_id)
        if current is None or accreditation.stage in ACTIVE_STAGES or current.stage not in ACTIVE_STAGES:
            chosen[accreditation.area_id] = accreditation
    return list(chosen.values())


def export_rows(queryset: QuerySet[Expert]) -> Iterator[list[str]]:
    """The header, then one list of cell texts per expert and area."""
    yield list(COLUMN_NAMES)
    for expert in export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        base = _expert_values(expert)
        accreditations = _one_per_area(expert.export_accreditations) or [None]
        for accreditation in accreditations:
            values = {**base, **(_accreditation_values(accreditation) if accreditation else {})}
            yield [values.get(name, "") for name in COLUMN_NAMES]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(queryset: QuerySet[Expert]) -> Iterator[str]:
    """CSV text, row by row (for a streaming response). Starts with a BOM so Excel reads UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in export_rows(queryset):
        yield writer.writerow(safe_row(row))


def xlsx_bytes(queryset: QuerySet[Expert]) -> bytes:
    """An XLSX workbook (write-only mode: rows are not kept in memory as cells)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("experts")
    for row in export_rows(queryset):
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
