"""Checking the experts import's rows: the shape of every row (required columns, codes, dates, choices;
values that must agree across the rows of one expert), with the lookups loaded once per file. Nothing
is written here and nothing is looked up in the expert tables: the rules that need them are checked
when the row is applied (:mod:`experts.importing.handler`)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from experts.choices import Category, ExpertKind, Stage
from experts.importing.columns import (
    CHECKLIST_COLUMNS,
    COLUMN_NAMES,
    COLUMNS,
    DATE_COLUMNS,
    EXPERT_COLUMNS,
    FIELD_COLUMNS,
    KIND_ALIASES,
    NO,
    STAGE_ALIASES,
    VALUE_COLUMNS,
    YES,
)
from experts.models import AccreditationWorkshop, ExpertiseArea
from wcocb.choices import Gender, LanguageLevel
from wcocb.importing import RowError
from wcocb.models import Language, MemberAdministration, Region


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


def check_rows(
    rows: list[tuple[int, dict[str, str]]], lookups: Lookups | None = None
) -> tuple[list[Row], list[RowError]]:
    """Every row's shape, with the lookups loaded once for the file."""
    lookups = lookups or Lookups.load(rows)
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


def column_for(field_name: str) -> str:
    if field_name == NON_FIELD_ERRORS:
        return ""
    return FIELD_COLUMNS.get(field_name, field_name)


def errors_from(exc: Exception, number: int, default_column: str) -> list[RowError]:
    """A service's refusal as row errors, under the column of each field it names."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return [
                RowError(number, column_for(name) or default_column, message)
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        return [RowError(number, default_column, message) for message in exc.messages]
    return [RowError(number, default_column, getattr(exc, "message", str(exc)))]
