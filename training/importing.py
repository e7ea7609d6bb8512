"""The import of the e-learning platform's CSV export of completions, on the shared import engine
(:mod:`wcocb.importing`): dry run with row errors, all-or-nothing, idempotent (keyed on the platform's
``completion_id``), in the background with a progress bar.

Written for files of 50,000 rows (``bench/training_import.py``): every lookup is loaded once, the officers
are matched to their one person record (by email, else by name, within their administration; a new officer
is created once however many rows name them), and the rows are written with ``bulk_create`` /
``bulk_update`` in batches. The rules are those of the models (``full_clean`` of each new row)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from training import rules
from training.choices import ProgrammeKind
from training.models import ELearningCompletion, Programme
from wcocb.choices import Gender
from wcocb.importing import Column, ImportSpec, RowError, RowResult
from wcocb.models import MemberAdministration, Person

COLUMNS = (
    Column("completion_id", _("The platform's identifier of the completion (the key of re-imports)."), required=True),
    Column("course_code", _("The code of the e-learning course in the catalogue."), required=True),
    Column("first_name", _("The officer's first name."), required=True),
    Column("last_name", _("The officer's last name."), required=True),
    Column("email", _("The officer's email (how they are matched to their person record).")),
    Column("administration", _("The ISO code of the officer's administration, e.g. TH."), required=True),
    Column("gender", _("F, M or X (recorded for a new officer).")),
    Column("completed_on", _("The date of completion, YYYY-MM-DD."), required=True),
    Column("score", _("The final score in percent, 0 to 100.")),
)
BATCH = 2000


@dataclass
class Row:
    number: int
    completion_id: str
    course: Programme | None = None
    administration: MemberAdministration | None = None
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    gender: str = ""
    completed_on: datetime.date | None = None
    score: int | None = None
    person_key: tuple = ()
    errors: list[RowError] = field(default_factory=list)


def _person_key(administration_id: int, email: str, first: str, last: str) -> tuple:
    if email:
        return (administration_id, "email", email.lower())
    return (administration_id, "name", first.lower(), last.lower())


class CompletionHandler:
    def __init__(self, *, spec: ImportSpec, by) -> None:
        self.spec = spec
        self.by = by

    def check(self, rows: list[tuple[int, dict[str, str]]]) -> tuple[list[Row], list[RowError]]:
        courses = {p.code: p for p in Programme.objects.filter(kind=ProgrammeKind.ELEARNING)}
        administrations = {a.iso_code: a for a in MemberAdministration.objects.all()}
        checked, errors, seen = [], [], set()
        genders = set(Gender.values)
        for number, values in rows:
            row = Row(number, values.get("completion_id", "").strip())

            def refuse(column, message, row=row):
                row.errors.append(RowError(row.number, column, message))

            if not row.completion_id:
                refuse("completion_id", _("The completion needs its identifier."))
            elif len(row.completion_id) > 64:
                refuse("completion_id", _("At most 64 characters."))
            elif row.completion_id in seen:
                refuse("completion_id", _("This completion is already on an earlier row of the file."))
            seen.add(row.completion_id)
            row.course = courses.get(values.get("course_code", "").strip())
            if row.course is None:
                refuse("course_code", _("No e-learning course has this code."))
            row.administration = administrations.get(values.get("administration", "").strip().upper())
            if row.administration is None:
                refuse("administration", _("No member administration has this ISO code."))
            row.first_name = values.get("first_name", "").strip()
            row.last_name = values.get("last_name", "").strip()
            for column in ("first_name", "last_name"):
                value = getattr(row, column)
                if not value or len(value) > 100:
                    refuse(column, _("Give the name (at most 100 characters)."))
            row.email = values.get("email", "").strip()
            if row.email and ("@" not in row.email or len(row.email) > 254 or " " in row.email):
                refuse("email", _("Enter a valid email address."))
            row.gender = values.get("gender", "").strip().upper()
            if row.gender and row.gender not in genders:
                refuse("gender", _("Use F, M or X."))
            try:
                row.completed_on = datetime.date.fromisoformat(values.get("completed_on", "").strip())
                if not 1990 <= row.completed_on.year <= 2100:
                    raise ValueError
            except ValueError:
                refuse("completed_on", _("Give the date as YYYY-MM-DD, between 1990 and 2100."))
            score = values.get("score", "").strip()
            if score:
                try:
                    row.score = int(score)
                    if not 0 <= row.score <= 100:
                        raise ValueError
                except ValueError:
                    refuse("score", _("A score is a whole percentage from 0 to 100."))
            if row.administration is not None:
                row.person_key = _person_key(row.administration.pk, row.email, row.first_name, row.last_name)
            errors += row.errors
            checked.append(row)
        return checked, errors

    def _people(self, rows: list[Row]) -> dict[tuple, Person]:
        """The one person record of each officer in ``rows``: found, or created in bulk."""
        administrations = {row.administration.pk for row in rows}
        people: dict[tuple, Person] = {}
        for person in (
            Person.objects.filter(administration_id__in=administrations)
            .only("pk", "administration_id", "email", "first_name", "last_name")
            .order_by("-pk")
        ):  # the oldest record wins a tie
            if person.email:
                people[_person_key(person.administration_id, person.email, "", "")] = person
            people[_person_key(person.administration_id, "", person.first_name, person.last_name)] = person
        new: dict[tuple, Person] = {}
        for row in rows:
            if row.person_key in people or row.person_key in new:
                continue
            by_name = _person_key(row.administration.pk, "", row.first_name, row.last_name)
            if row.email and by_name in people and not people[by_name].email:
                people[row.person_key] = people[by_name]  # the same officer, now with an address
                continue
            new[row.person_key] = Person(
                first_name=row.first_name,
                last_name=row.last_name,
                email=row.email,
                gender=row.gender,
                administration=row.administration,
            )
        Person.objects.bulk_create(list(new.values()), batch_size=BATCH)
        people.update(new)
        return people

    def apply(self, checked: list[Row], *, skip: frozenset[int], report: Any, progress) -> None:
        rows = [row for row in checked if row.number not in skip]
        progress.advance(len(checked) - len(rows))
        report.rows = [RowResult(row.number, row.completion_id, {"completion": ""}) for row in checked]
        results = {result.row: result for result in report.rows}
        if not rows:
            return
        people = self._people(rows)
        stored = ELearningCompletion.objects.in_bulk([row.completion_id for row in rows], field_name="external_id")
        to_create, to_update = [], []
        now = timezone.now()
        for row in rows:
            person = people[row.person_key]
            values = {
                "course_id": row.course.pk,
                "person_id": person.pk,
                "completed_on": row.completed_on,
                "score": row.score,
            }
            completion = stored.get(row.completion_id)
            result = results[row.number]
            if completion is None:
                completion = ELearningCompletion(external_id=row.completion_id, **values)
                try:
                    completion.full_clean(
                        exclude=["course", "person"], validate_unique=False, validate_constraints=False
                    )
                except ValidationError as exc:
                    for column, messages in exc.message_dict.items():
                        report.errors.append(RowError(row.number, column, " ".join(messages)))
                    continue
                to_create.append(completion)
                result.actions["completion"] = "created"
            else:
                changes = [key for key, value in values.items() if getattr(completion, key) != value]
                if changes:
                    for key in changes:
                        setattr(completion, key, values[key])
                    completion.updated_at = now
                    to_update.append(completion)
                    result.actions["completion"] = "updated"
                    result.changes = [key.removesuffix("_id") for key in changes]
                else:
                    result.actions["completion"] = "unchanged"
            progress.advance()
            if len(to_create) >= BATCH:
                ELearningCompletion.objects.bulk_create(to_create)
                to_create = []
        ELearningCompletion.objects.bulk_create(to_create, batch_size=BATCH)
        ELearningCompletion.objects.bulk_update(
            to_update, ["course_id", "person_id", "completed_on", "score", "updated_at"], batch_size=BATCH
        )


SPEC = ImportSpec(
    kind="elearning-completions",
    label=_("E-learning completions"),
    columns=COLUMNS,
    key="completion_id",
    handler=CompletionHandler,
    entities=("completion",),
    may_import=rules.can_import,
    page="training:import",
    max_rows=60_000,
)
