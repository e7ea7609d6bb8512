"""Bulk import of experts and their accreditations from CSV or XLSX, in the form WCO's
spreadsheets take: one row per expert-accreditation (an expert without accreditation has one row
with an empty ``area``).

Three stages: **parse** the file, **check** the shape of every row (required columns, codes,
dates, choices; values that must agree across the rows of one expert), then **apply** the well-shaped rows
through the services of :mod:`experts.services` inside one transaction, each row in a savepoint
so that every row's errors are collected. Any error, or a dry run, rolls everything back: the
import is all-or-nothing and the dry run is an exact preview of what would be created, updated
or left unchanged.

Keys: the expert's ``external_id``; an accreditation is keyed on ``external_id`` + ``area``
(the live accreditation in that area, else the latest one). A row whose values equal the stored
ones is not written at all, so re-importing the same file (or an export) writes nothing. Only the
columns present in the file's header are written: a column left out keeps the stored values.

Every row's errors are reported: a row with shape errors is not applied (its rules cannot be
checked), every other row still is, so the rule errors of other rows are listed too.

The kind follows the pipeline: an expert who holds a full accreditation is ``accredited``
(the field evaluation sets it), and a file's older kind (``candidate`` written before the
accreditation, or in the same file as it) does not undo it, which keeps re-imports idempotent.

Accreditations go through the pipeline services (pre-assessment → workshop pass → field
evaluation → withdrawn / lapsed), so the pipeline cannot be skipped or run backwards and the
evaluator must be fully accredited in the category. Two choices specific to importing history:

- a row that reaches 1st step without a ``workshop`` id is attached to the workshop of its
  category/area that ended on ``workshop_passed_on`` (created, titled "imported", if none);
- the first full accreditation of a category (no expert was fully accredited in it on the
  evaluation date) may name any expert as evaluator: someone had to be first.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from experts import rules, services
from experts.choices import ACTIVE_STAGES, PIPELINE, Category, ExpertKind, Stage, WorkshopKind
from experts.commitment import refresh_commitment
from experts.models import Accreditation, AccreditationWorkshop, Expert, ExpertiseArea
from wcocb.audit import actor
from wcocb.choices import Gender, LanguageLevel
from wcocb.errors import DomainError
from wcocb.models import Language, MemberAdministration, Region, User

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    name: str
    help: Any
    required: bool = False


#: The columns, in export order. Header names are case-insensitive; spaces count as underscores.
COLUMNS: list[Column] = [
    Column("external_id", _("Stable identifier of the expert (the key of re-imports)."), True),
    Column("first_name", _("First name."), True),
    Column("last_name", _("Last name."), True),
    Column("gender", _("F, M or X (other / not stated); may be empty.")),
    Column("nationality", _("ISO 3166 two-letter code, e.g. TH.")),
    Column("administration", _("Home member administration, by its ISO two-letter code, e.g. JP.")),
    Column("current_post", _("Current post.")),
    Column("email", _("Email address.")),
    Column("phone", _("Phone number.")),
    Column("kind", _("accredited, recognized (RE), external (EE), consultant (EC) or candidate."), True),
    Column("serving", _("yes or no: a currently serving officer (an RE must be). Empty means yes.")),
    Column("languages", _("Language codes with level, separated by ';', e.g. 'en:fluent; fr:working'.")),
    Column("biography", _("Short biography.")),
    Column("external_justification", _("For an External Expert: why no accredited or recognized expert served.")),
    Column("candidate_topic", _("For a regional candidate: the topic not covered by accreditation, e.g. CAND-NII.")),
    Column("candidate_region", _("For a regional candidate: the region of the candidate list, e.g. AP.")),
    Column("candidate_topic_expertise", _("yes or no: the candidate has expertise in the topic. Empty means no.")),
    Column("candidate_english", _("yes or no: the candidate is fluent in English. Empty means no.")),
    Column("candidate_capacity_building", _("yes or no: the candidate has experience in capacity building.")),
    Column("candidate_wco_instruments", _("yes or no: the candidate knows the WCO instruments. Empty means no.")),
    Column("area", _("Accreditation area code: DF, CMA, MPA, LMDA, or an ET-/TOA- sub-category such as ET-HS.")),
    Column("stage", _("pre_assessed, first_step, fully_accredited, withdrawn or lapsed (needed with an area).")),
    Column("pre_assessed_on", _("Date of the pre-assessment (YYYY-MM-DD); needed with an area.")),
    Column("workshop", _("Platform id of the accreditation workshop passed (optional).")),
    Column("workshop_passed_on", _("Date the workshop was passed (1st step).")),
    Column("evaluator", _("external_id of the fully accredited expert who evaluated in the field.")),
    Column("evaluated_on", _("Date of the in-field evaluation.")),
    Column("evaluation_mission", _("The field evaluation mission (free text).")),
    Column("accredited_on", _("Date of formal full accreditation.")),
    Column("withdrawn_on", _("Date the accreditation was withdrawn or lapsed.")),
    Column("withdrawn_reason", _("Why it was withdrawn (required to withdraw).")),
]
COLUMN_NAMES = [column.name for column in COLUMNS]
ALIASES = {"area_code": "area", "is_serving": "serving", "nationality_iso2": "nationality", "workshop_id": "workshop"}
EXPERT_COLUMNS = COLUMN_NAMES[: COLUMN_NAMES.index("area")]
DATE_COLUMNS = ("pre_assessed_on", "workshop_passed_on", "evaluated_on", "accredited_on", "withdrawn_on")
KIND_ALIASES = {"re": ExpertKind.RECOGNIZED, "ee": ExpertKind.EXTERNAL, "ec": ExpertKind.CONSULTANT}
STAGE_ALIASES = {"1st_step": Stage.FIRST_STEP, "full": Stage.FULLY_ACCREDITED, "accredited": Stage.FULLY_ACCREDITED}
YES = {"yes", "y", "true", "1", "oui", "si", "sí"}
NO = {"no", "n", "false", "0", "non"}
#: Model field → import column, to report a model's validation error under the right column.
FIELD_COLUMNS = {"is_serving": "serving", "language": "languages", "workshop": "workshop", "evaluator": "evaluator"}
#: The checklist of a regional candidate: yes/no columns, read as the model's boolean fields.
CHECKLIST_COLUMNS = (
    "candidate_topic_expertise",
    "candidate_english",
    "candidate_capacity_building",
    "candidate_wco_instruments",
)
#: Person and expert fields → the column they are read from. Only the columns present in a file's
#: header are written: a column left out of the file leaves the stored values alone.
VALUE_COLUMNS = {"is_serving": "serving"}


# --- the report -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": str(self.message)}


@dataclass
class RowResult:
    row: int
    external_id: str
    area: str
    expert: str = ""  # created / updated / unchanged / "" (another row of the same expert)
    accreditation: str = ""  # created / updated / unchanged / "" (no area)
    changes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "external_id": self.external_id,
            "area": self.area,
            "expert": self.expert,
            "accreditation": self.accreditation,
            "changes": self.changes,
        }


@dataclass
class ImportReport:
    filename: str
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def _count(self, what: str, action: str) -> int:
        return sum(1 for row in self.rows if getattr(row, what) == action)

    @property
    def summary(self) -> dict[str, dict[str, int]]:
        return {
            what: {action: self._count(what, action) for action in ("created", "updated", "unchanged")}
            for what in ("expert", "accreditation")
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "written": self.written,
            "row_count": len(self.rows),
            "summary": self.summary,
            "errors": [error.as_dict() for error in self.errors],
            "rows": [row.as_dict() for row in self.rows],
        }


class RowFailed(Exception):
    """Stops applying one row; its errors are already in the report."""


# --- parsing ----------------------------------------------------------------------------------------
def _header(value: Any) -> str:
    name = re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())
    return ALIASES.get(name, name)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(content: bytes, filename: str) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    """The data rows as ``(spreadsheet row number, {column: text})``; the header is row 1."""
    name = (filename or "").lower()
    try:
        if name.endswith(".xlsx"):
            from openpyxl import load_workbook

            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            raw = [[_cell(value) for value in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
            workbook.close()
        elif name.endswith(".csv"):
            text = content.decode("utf-8-sig")
            first_line = text.split("\n", 1)[0]
            delimiter = max(",;\t", key=first_line.count)  # the header names the delimiter
            raw = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
        else:
            return [], [RowError(0, "", _("Upload a .csv or .xlsx file."))]
    except UnicodeDecodeError:
        return [], [RowError(0, "", _("The CSV file must be encoded in UTF-8."))]
    except Exception:  # openpyxl raises many types for a damaged file
        return [], [RowError(0, "", _("The file could not be read as a spreadsheet."))]
    if not raw:
        return [], [RowError(0, "", _("The file is empty."))]
    header = [_header(value) for value in raw[0]]
    errors = [
        RowError(1, column.name, _("The column is missing."))
        for column in COLUMNS
        if column.required and column.name not in header
    ]
    unknown = [name for name in header if name and name not in COLUMN_NAMES]
    errors += [RowError(1, name, _("Unknown column.")) for name in unknown]
    if errors:
        return [], errors
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        if not any(values):
            continue
        rows.append((number, {name: (values[i] if i < len(values) else "") for i, name in enumerate(header) if name}))
    if len(rows) > MAX_ROWS:
        return [], [RowError(0, "", _("At most %(n)s rows can be imported at once.") % {"n": MAX_ROWS})]
    if not rows:
        return [], [RowError(0, "", _("The file has no data rows."))]
    return rows, []


# --- checking the shape of a row --------------------------------------------------------------------
@dataclass
class Row:
    number: int
    raw: dict[str, str]
    person: dict[str, Any] = field(default_factory=dict)
    expert: dict[str, Any] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)  # code -> level
    area: ExpertiseArea | None = None
    stage: str = ""
    dates: dict[str, datetime.date | None] = field(default_factory=dict)
    workshop: AccreditationWorkshop | None = None
    evaluator_id: str = ""
    evaluation_mission: str = ""
    withdrawn_reason: str = ""
    has_languages: bool = True

    @property
    def external_id(self) -> str:
        return self.raw.get("external_id", "")


@dataclass
class Lookups:
    administrations: dict[str, MemberAdministration]
    languages: dict[str, Language]
    areas: dict[str, ExpertiseArea]
    workshops: dict[int, AccreditationWorkshop]
    regions: dict[str, Region]

    @classmethod
    def load(cls, rows: list[tuple[int, dict[str, str]]]) -> Lookups:
        workshop_ids = {int(raw["workshop"]) for _n, raw in rows if raw.get("workshop", "").isdigit()}
        return cls(
            administrations={m.iso_code: m for m in MemberAdministration.objects.select_related("region")},
            languages={language.code: language for language in Language.objects.all()},
            areas={area.code: area for area in ExpertiseArea.objects.all()},
            workshops=AccreditationWorkshop.objects.select_related("area").in_bulk(workshop_ids),
            regions={region.code: region for region in Region.objects.all()},
        )


def _date(text: str) -> datetime.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date, not a time
        except ValueError:
            continue
    raise ValueError(text)


def _choice(text: str, choices: Iterable[str], aliases: dict[str, str]) -> str | None:
    key = re.sub(r"[\s\-]+", "_", text.strip().lower())
    if key in choices:
        return key
    return aliases.get(key)


def check_row(number: int, raw: dict[str, str], lookups: Lookups) -> tuple[Row, list[RowError]]:
    """Parse one row into typed values, with an error per bad cell (nothing is looked up in the
    expert tables: rules that need them are checked when the row is applied)."""
    row = Row(number=number, raw=raw)
    errors: list[RowError] = []

    def error(column: str, message) -> None:
        errors.append(RowError(number, column, message))

    value = {name: raw.get(name, "").strip() for name in COLUMN_NAMES}
    for column in COLUMNS:
        if column.required and not value[column.name]:
            error(column.name, _("This value is required."))
    if len(value["external_id"]) > 64:
        error("external_id", _("At most 64 characters."))
    gender = value["gender"].upper()[:1] if value["gender"] else ""
    if gender and gender not in Gender.values:
        error("gender", _("Use F, M or X."))
    nationality = value["nationality"].upper()
    if nationality and not re.fullmatch(r"[A-Z]{2}", nationality):
        error("nationality", _("Use a two-letter ISO code."))
    administration = None
    if value["administration"]:
        administration = lookups.administrations.get(value["administration"].upper())
        if administration is None:
            error(
                "administration",
                _("No member administration has the code %(code)s.") % {"code": value["administration"]},
            )
    if value["email"]:
        try:
            validate_email(value["email"])
        except ValidationError:
            error("email", _("Enter a valid email address."))
    kind = _choice(value["kind"], ExpertKind.values, KIND_ALIASES) if value["kind"] else None
    if value["kind"] and kind is None:
        error("kind", _("Use one of: %(choices)s.") % {"choices": ", ".join(ExpertKind.values)})
    serving = True
    if value["serving"]:
        if value["serving"].lower() in YES:
            serving = True
        elif value["serving"].lower() in NO:
            serving = False
        else:
            error("serving", _("Use yes or no."))
    for item in filter(None, (part.strip() for part in value["languages"].split(";"))):
        code, _sep, level = (piece.strip().lower() for piece in item.partition(":"))
        level = level or LanguageLevel.WORKING
        if code not in lookups.languages:
            error("languages", _("Unknown language code %(code)s.") % {"code": code})
        elif level not in LanguageLevel.values:
            error(
                "languages",
                _("Unknown level %(level)s (use: %(choices)s).")
                % {"level": level, "choices": ", ".join(LanguageLevel.values)},
            )
        elif code in row.languages:
            error("languages", _("%(code)s is listed twice.") % {"code": code})
        else:
            row.languages[code] = level
    row.person = {
        "first_name": value["first_name"],
        "last_name": value["last_name"],
        "gender": gender,
        "nationality": nationality,
        "administration": administration,
        "current_post": value["current_post"],
        "email": value["email"],
        "phone": value["phone"],
    }
    row.expert = {
        "kind": kind or "",
        "is_serving": serving,
        "biography": value["biography"],
        "external_justification": value["external_justification"],
    }
    # Regional candidates
    topic = None
    if value["candidate_topic"]:
        topic = lookups.areas.get(value["candidate_topic"].upper())
        if topic is None:
            error("candidate_topic", _("Unknown area code %(code)s.") % {"code": value["candidate_topic"]})
        elif topic.category != Category.CANDIDATE_TOPIC:
            error("candidate_topic", _("A candidate topic must be a topic not yet covered by accreditation."))
    candidate_region = None
    if value["candidate_region"]:
        candidate_region = lookups.regions.get(value["candidate_region"].upper())
        if candidate_region is None:
            error("candidate_region", _("No WCO region has the code %(code)s.") % {"code": value["candidate_region"]})
    row.expert |= {"candidate_topic": topic, "candidate_region": candidate_region}
    for name in CHECKLIST_COLUMNS:
        if value[name] and value[name].lower() not in YES | NO:
            error(name, _("Use yes or no."))
        row.expert[name] = value[name].lower() in YES
    # Only what the file has a column for is written.
    row.person = {name: v for name, v in row.person.items() if VALUE_COLUMNS.get(name, name) in raw}
    row.expert = {name: v for name, v in row.expert.items() if VALUE_COLUMNS.get(name, name) in raw}
    row.has_languages = "languages" in raw
    # The accreditation part
    for name in DATE_COLUMNS:
        row.dates[name] = None
        if value[name]:
            try:
                row.dates[name] = _date(value[name])
            except ValueError:
                error(name, _("Enter the date as YYYY-MM-DD."))
    if value["area"]:
        row.area = lookups.areas.get(value["area"].upper())
        if row.area is None:
            error("area", _("Unknown area code %(code)s.") % {"code": value["area"]})
        elif row.area.category == Category.CANDIDATE_TOPIC:
            error(
                "area",
                _("%(code)s is a candidate topic: there is no accreditation in it yet.") % {"code": row.area.code},
            )
        stage = _choice(value["stage"], Stage.values, STAGE_ALIASES) if value["stage"] else None
        if stage is None:
            error("stage", _("Use one of: %(choices)s.") % {"choices": ", ".join(Stage.values)})
        row.stage = stage or ""
        if not value["pre_assessed_on"]:
            error("pre_assessed_on", _("An accreditation needs its pre-assessment date."))
        if value["workshop"]:
            workshop = lookups.workshops.get(int(value["workshop"])) if value["workshop"].isdigit() else None
            if workshop is None:
                error("workshop", _("No accreditation workshop has the id %(id)s.") % {"id": value["workshop"]})
            row.workshop = workshop
        row.evaluator_id = value["evaluator"]
        row.evaluation_mission = value["evaluation_mission"]
        row.withdrawn_reason = value["withdrawn_reason"]
    else:
        accreditation_columns = COLUMN_NAMES[COLUMN_NAMES.index("stage") :]
        for name in accreditation_columns:
            if value[name]:
                error(name, _("Name the accreditation area, or leave the accreditation columns empty."))
                break
    return row, errors


def _stage_needs(row: Row) -> list[RowError]:
    """The dates each stage needs, reported under their columns (the services would refuse later,
    with less precise messages)."""
    errors: list[RowError] = []
    if not row.area or not row.stage:
        return errors
    dates = row.dates
    reached_first = row.stage in (Stage.FIRST_STEP, Stage.FULLY_ACCREDITED) or dates["workshop_passed_on"]
    if reached_first and not dates["workshop_passed_on"]:
        errors.append(
            RowError(row.number, "workshop_passed_on", _("A 1st-step or full accreditation needs this date."))
        )
    reached_full = row.stage == Stage.FULLY_ACCREDITED or dates["accredited_on"]
    if reached_full:
        for name in ("evaluated_on", "accredited_on"):
            if not dates[name]:
                errors.append(RowError(row.number, name, _("A full accreditation needs this date.")))
        if not row.evaluator_id:
            errors.append(RowError(row.number, "evaluator", _("A full accreditation needs its field evaluator.")))
        elif row.evaluator_id == row.external_id:
            errors.append(RowError(row.number, "evaluator", _("An expert cannot evaluate themselves.")))
    if row.stage in (Stage.WITHDRAWN, Stage.LAPSED):
        if not dates["withdrawn_on"]:
            errors.append(
                RowError(row.number, "withdrawn_on", _("A withdrawn or lapsed accreditation needs this date."))
            )
        if row.stage == Stage.WITHDRAWN and not row.withdrawn_reason:
            errors.append(RowError(row.number, "withdrawn_reason", _("Give the reason for withdrawing.")))
    elif dates["withdrawn_on"]:
        errors.append(
            RowError(row.number, "withdrawn_on", _("Only a withdrawn or lapsed accreditation has this date."))
        )
    if row.stage == Stage.PRE_ASSESSED and dates["workshop_passed_on"]:
        errors.append(RowError(row.number, "stage", _("The workshop was passed: the stage is at least first_step.")))
    if row.stage == Stage.FIRST_STEP and dates["accredited_on"]:
        errors.append(RowError(row.number, "stage", _("An accreditation date means the stage is fully_accredited.")))
    return errors


def check_rows(rows: list[tuple[int, dict[str, str]]]) -> tuple[list[Row], list[RowError]]:
    lookups = Lookups.load(rows)
    checked: list[Row] = []
    errors: list[RowError] = []
    first_of: dict[str, Row] = {}
    seen_areas: dict[tuple[str, str], int] = {}
    for number, raw in rows:
        row, row_errors = check_row(number, raw, lookups)
        row_errors += _stage_needs(row)
        first = first_of.setdefault(row.external_id, row) if row.external_id else row
        if first is not row:
            for name in EXPERT_COLUMNS:
                if raw.get(name, "").strip() != first.raw.get(name, "").strip():
                    row_errors.append(
                        RowError(
                            number, name, _("Differs from row %(row)s of the same expert.") % {"row": first.number}
                        )
                    )
        if row.area is not None and row.external_id:
            key = (row.external_id, row.area.code)
            if key in seen_areas:
                row_errors.append(
                    RowError(
                        number, "area", _("Row %(row)s already has this expert and area.") % {"row": seen_areas[key]}
                    )
                )
            seen_areas.setdefault(key, number)
        errors += row_errors
        checked.append(row)
    return checked, errors


# --- applying ---------------------------------------------------------------------------------------
def _column_for(field_name: str) -> str:
    if field_name == NON_FIELD_ERRORS:
        return ""
    return FIELD_COLUMNS.get(field_name, field_name)


def _errors_from(exc: Exception, number: int, default_column: str) -> list[RowError]:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return [
                RowError(number, _column_for(name) or default_column, message)
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        return [RowError(number, default_column, message) for message in exc.messages]
    return [RowError(number, default_column, getattr(exc, "message", str(exc)))]


class _Importer:
    def __init__(self, report: ImportReport, by: User | None) -> None:
        self.report = report
        self.by = by
        self.experts: dict[str, Expert] = {}

    def run(self, rows: list[Row], *, skip: frozenset[int] = frozenset()) -> None:
        """Apply ``rows`` except the row numbers in ``skip`` (rows whose shape is wrong: their
        rules cannot be checked, but every other row still is, so the report lists every row's errors)."""
        results = {
            row.number: RowResult(row.number, row.external_id, row.area.code if row.area else "") for row in rows
        }
        self.report.rows = [results[row.number] for row in rows]
        rows = [row for row in rows if row.number not in skip]
        self.experts = {
            expert.external_id: expert
            for expert in Expert.objects.filter(external_id__in={row.external_id for row in rows})
            .select_related("person")
            .prefetch_related("language_skills__language")
        }
        groups: dict[str, list[Row]] = {}
        for row in rows:
            groups.setdefault(row.external_id, []).append(row)
        for group in groups.values():
            self._apply(self._expert_row, group[0], results[group[0].number], default_column="external_id")
        evaluators = {row.evaluator_id for row in rows if row.evaluator_id} - set(self.experts)
        self.experts.update(
            {expert.external_id: expert for expert in Expert.objects.filter(external_id__in=evaluators)}
        )
        # Accreditations in date order, so an evaluator's own accreditation is in place first.
        ordered = sorted(
            (row for row in rows if row.area is not None and row.external_id in self.experts),
            key=lambda row: (row.dates["accredited_on"] or datetime.date.max, row.number),
        )
        for row in ordered:
            self._apply(self._accreditation_row, row, results[row.number], default_column="stage")

    def _apply(self, function, row: Row, result: RowResult, *, default_column: str) -> None:
        try:
            with transaction.atomic():
                function(row, result)
        except RowFailed:
            pass
        except (ValidationError, DomainError) as exc:
            self.report.errors += _errors_from(exc, row.number, default_column)

    # Experts
    def _expert_row(self, row: Row, result: RowResult) -> None:
        expert = self.experts.get(row.external_id)
        languages = [
            services.LanguageSkill(language=language, level=row.languages[language.code])
            for language in Language.objects.filter(code__in=row.languages)
        ]
        if expert is None:
            result.expert = "created"
            self.experts[row.external_id] = services.expert_create(
                by=self.by, languages=languages, external_id=row.external_id, **row.person, **row.expert
            )
            return
        wanted_fields = {**row.person, **row.expert}
        if wanted_fields.get("kind") and self._kind_follows_accreditation(expert):
            # The pipeline made them accredited after the file was written (or by this very file's
            # accreditation rows): an older kind in the file does not undo a full accreditation.
            wanted_fields["kind"] = ExpertKind.ACCREDITED
        changes = {
            name: wanted
            for name, wanted in wanted_fields.items()
            if getattr(expert.person if name in row.person else expert, name) != wanted
        }
        stored_languages = {skill.language.code: skill.level for skill in expert.language_skills.all()}
        languages_changed = row.has_languages and stored_languages != row.languages
        if not changes and not languages_changed:
            result.expert = "unchanged"
            return
        result.expert = "updated"
        result.changes += sorted(changes) + (["languages"] if languages_changed else [])
        self.experts[row.external_id] = services.expert_update(
            expert=expert, by=self.by, languages=languages if languages_changed else None, **changes
        )

    @staticmethod
    def _kind_follows_accreditation(expert: Expert) -> bool:
        """A fully accredited expert is of the kind accredited: the pipeline sets it, an import keeps it."""
        return (
            expert.kind == ExpertKind.ACCREDITED
            and expert.accreditations.filter(stage=Stage.FULLY_ACCREDITED).exists()
        )

    # Accreditations
    def _existing(self, expert: Expert, area: ExpertiseArea) -> Accreditation | None:
        accreditations = Accreditation.objects.filter(expert=expert, area=area).select_related("evaluator", "area")
        return accreditations.filter(stage__in=ACTIVE_STAGES).first() or accreditations.order_by("-pk").first()

    def _fail(self, row: Row, column: str, message) -> None:
        self.report.errors.append(RowError(row.number, column, message))
        raise RowFailed

    def _accreditation_row(self, row: Row, result: RowResult) -> None:
        expert = self.experts[row.external_id]
        accreditation = self._existing(expert, row.area)
        if accreditation is not None and row.stage in ACTIVE_STAGES and accreditation.stage not in ACTIVE_STAGES:
            accreditation = None  # ended earlier: the row starts a new accreditation in the area
        if accreditation is None:
            result.accreditation = "created"
            accreditation = services.accreditation_pre_assess(
                expert=expert, area=row.area, on=row.dates["pre_assessed_on"], by=self.by
            )
        else:
            self._check_recorded(row, accreditation)
        before = accreditation.stage
        accreditation = self._move(row, accreditation)
        if not result.accreditation:
            result.accreditation = "unchanged" if accreditation.stage == before else "updated"
            if accreditation.stage != before:
                result.changes.append(f"{row.area.code}: {before} → {accreditation.stage}")

    def _check_recorded(self, row: Row, accreditation: Accreditation) -> None:
        """The dates of steps already recorded must match; the pipeline never runs backwards."""
        order = {stage: index for index, stage in enumerate(PIPELINE)}
        if accreditation.stage in (Stage.WITHDRAWN, Stage.LAPSED) and row.stage != accreditation.stage:
            self._fail(
                row,
                "stage",
                _("This accreditation is %(stage)s; it cannot move any more.")
                % {"stage": accreditation.get_stage_display()},
            )
        if row.stage in order and accreditation.stage in order and order[row.stage] < order[accreditation.stage]:
            self._fail(
                row,
                "stage",
                _("The accreditation is already %(stage)s: the pipeline cannot run backwards.")
                % {"stage": accreditation.get_stage_display()},
            )
        recorded = {
            "pre_assessed_on": accreditation.pre_assessed_on,
            "workshop_passed_on": accreditation.workshop_passed_on,
            "evaluated_on": accreditation.evaluated_on,
            "accredited_on": accreditation.accredited_on,
            "withdrawn_on": accreditation.withdrawn_on,
        }
        for name, stored in recorded.items():
            if stored is not None and row.dates[name] != stored:
                self._fail(
                    row,
                    name,
                    _("Already recorded as %(date)s; a recorded step cannot be changed by an import.")
                    % {"date": stored},
                )
        if accreditation.evaluator_id and accreditation.evaluator.external_id != row.evaluator_id:
            self._fail(
                row, "evaluator", _("Already recorded as %(id)s.") % {"id": accreditation.evaluator.external_id}
            )
        if row.workshop and accreditation.workshop_id and accreditation.workshop_id != row.workshop.pk:
            self._fail(row, "workshop", _("Already recorded as %(id)s.") % {"id": accreditation.workshop_id})

    def _move(self, row: Row, accreditation: Accreditation) -> Accreditation:
        dates = row.dates
        if accreditation.stage == Stage.PRE_ASSESSED and dates["workshop_passed_on"]:
            workshop = row.workshop or self._workshop_for(row)
            try:  # the service records the participation as passed
                accreditation = services.accreditation_pass_workshop(
                    accreditation=accreditation, workshop=workshop, on=dates["workshop_passed_on"], by=self.by
                )
            except DomainError as exc:
                self._fail(row, "workshop_passed_on", exc.message)
        if accreditation.stage == Stage.FIRST_STEP and dates["accredited_on"]:
            evaluator = self.experts.get(row.evaluator_id)
            if evaluator is None:
                self._fail(row, "evaluator", _("No expert has the external_id %(id)s.") % {"id": row.evaluator_id})
            accreditation = self._complete(row, accreditation, evaluator)
        if row.stage == Stage.WITHDRAWN and accreditation.stage in ACTIVE_STAGES:
            accreditation = services.accreditation_withdraw(
                accreditation=accreditation, on=dates["withdrawn_on"], reason=row.withdrawn_reason, by=self.by
            )
        elif row.stage == Stage.LAPSED and accreditation.stage in ACTIVE_STAGES:
            accreditation = services.accreditation_lapse(
                accreditation=accreditation, on=dates["withdrawn_on"], reason=row.withdrawn_reason, by=self.by
            )
        if accreditation.stage != row.stage:
            self._fail(row, "stage", _("The dates given do not reach the stage %(stage)s.") % {"stage": row.stage})
        return accreditation

    def _complete(self, row: Row, accreditation: Accreditation, evaluator: Expert) -> Accreditation:
        dates = row.dates
        category = row.area.category
        founding = not Accreditation.objects.filter(
            area__category=category, stage=Stage.FULLY_ACCREDITED, accredited_on__lte=dates["evaluated_on"]
        ).exists()
        if not founding:
            return services.accreditation_complete_field_evaluation(
                accreditation=accreditation,
                evaluator=evaluator,
                evaluated_on=dates["evaluated_on"],
                accredited_on=dates["accredited_on"],
                mission_reference=row.evaluation_mission,
                by=self.by,
            )
        # The first full accreditation of a category: no qualified peer existed yet.
        if dates["evaluated_on"] < accreditation.workshop_passed_on:
            self._fail(row, "evaluated_on", _("The field evaluation cannot come before the workshop pass."))
        if dates["accredited_on"] < dates["evaluated_on"]:
            self._fail(row, "accredited_on", _("Formal accreditation cannot come before the field evaluation."))
        accreditation = Accreditation.objects.select_for_update(of=("self",)).get(pk=accreditation.pk)
        accreditation.stage = Stage.FULLY_ACCREDITED
        accreditation.evaluator = evaluator
        accreditation.evaluated_on = dates["evaluated_on"]
        accreditation.evaluation_mission = row.evaluation_mission
        accreditation.accredited_on = dates["accredited_on"]
        accreditation.full_clean()
        accreditation.save(
            update_fields=["stage", "evaluator", "evaluated_on", "evaluation_mission", "accredited_on", "updated_at"]
        )
        services._event(
            accreditation,
            from_stage=Stage.FIRST_STEP,
            by=self.by,
            on=accreditation.accredited_on,
            comment=str(_("Imported: the category's first full accreditation.")),
        )
        expert = accreditation.expert
        if expert.kind != ExpertKind.ACCREDITED:
            expert.kind = ExpertKind.ACCREDITED
            expert.save(update_fields=["kind", "updated_at"])
        refresh_commitment(expert)
        return accreditation

    def _workshop_for(self, row: Row) -> AccreditationWorkshop:
        """The workshop of the row's category (and ET/TOA area) that ended on the pass date."""
        area = row.area if row.area.category in (Category.ET, Category.TOA) else None
        passed_on = row.dates["workshop_passed_on"]
        found = AccreditationWorkshop.objects.filter(category=row.area.category, area=area, end_date=passed_on).first()
        if found:
            return found
        expert = self.experts.get(row.external_id)
        administration = row.person.get("administration") or (expert.person.administration if expert else None)
        return services.workshop_create(
            by=self.by,
            kind=WorkshopKind.ACCREDITATION,
            category=row.area.category,
            area=area,
            title=str(_("%(area)s accreditation workshop (imported)") % {"area": row.area.code}),
            start_date=passed_on,
            end_date=passed_on,
            region=administration.region if administration else None,
        )


@transaction.atomic
def import_rows(
    *, rows: list[tuple[int, dict[str, str]]], filename: str, dry_run: bool, by: User | None
) -> ImportReport:
    """Check and apply already-read rows (see :func:`import_experts`)."""
    report = ImportReport(filename=filename, dry_run=dry_run)
    checked, report.errors = check_rows(rows)
    misshapen = frozenset(error.row for error in report.errors)
    with actor(by.pk if by else None):
        _Importer(report, by).run(checked, skip=misshapen)
    report.errors.sort(
        key=lambda error: (error.row, COLUMN_NAMES.index(error.column) if error.column in COLUMN_NAMES else -1)
    )
    if report.errors or dry_run:
        transaction.set_rollback(True)
    else:
        report.written = True
    return report


def import_experts(*, file, filename: str, dry_run: bool, by: User | None) -> ImportReport:
    """Import a CSV or XLSX file of experts and accreditations. ``file`` is bytes or a file object.

    Every row's errors are reported with its spreadsheet row number and column; with any error, or
    with ``dry_run``, nothing is written. Re-importing the same file changes nothing."""
    rules.check("import", by)
    content = file if isinstance(file, bytes) else file.read()
    if len(content) > MAX_BYTES:
        return ImportReport(
            filename=filename, dry_run=dry_run, errors=[RowError(0, "", _("The file is larger than 10 MB."))]
        )
    rows, errors = read_rows(content, filename)
    if errors:
        return ImportReport(filename=filename, dry_run=dry_run, errors=errors)
    return import_rows(rows=rows, filename=filename, dry_run=dry_run, by=by)
