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

from django.db import connection
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

    def _people(self, rows: list[Row], *, write: bool) -> dict[tuple, int | None]:
        """The pk of each officer's one person record: found, or (``write``) created in one COPY."""
        administrations = {row.administration.pk for row in rows}
        people: dict[tuple, int | None] = {}
        emailless_by_name: set[tuple] = set()
        stored = (
            Person.objects.filter(administration_id__in=administrations)
            .order_by("-pk")  # the oldest record wins a tie
            .values_list("pk", "administration_id", "email", "first_name", "last_name")
        )
        for pk, administration_id, email, first, last in stored:
            if email:
                people[_person_key(administration_id, email, "", "")] = pk
            by_name = _person_key(administration_id, "", first, last)
            people[by_name] = pk
            if not email:
                emailless_by_name.add(by_name)
        new: dict[tuple, Row] = {}
        for row in rows:
            if row.person_key in people or row.person_key in new:
                continue
            by_name = _person_key(row.administration.pk, "", row.first_name, row.last_name)
            if row.email and by_name in emailless_by_name:
                people[row.person_key] = people[by_name]  # the same officer, known without an address
                continue
            new[row.person_key] = row
        if not write:
            return people | dict.fromkeys(new)
        ids = reserve_ids(Person, len(new))
        now = timezone.now()
        copy_rows(
            Person,
            PERSON_COLUMNS,
            (
                (pk, row.first_name, row.last_name, row.gender, "", row.administration.pk, "", row.email, "", now, now)
                for pk, row in zip(ids, new.values(), strict=True)
            ),
        )
        people.update(zip(new, ids, strict=True))
        return people

    def apply(self, checked: list[Row], *, skip: frozenset[int], report: Any, progress) -> None:
        """Compare each row with its stored completion; write the new ones with COPY and the changed ones
        with ``bulk_update``. A dry run computes the same outcome without writing (every rule was checked
        row by row above; the database's constraints check the real import again)."""
        rows = [row for row in checked if row.number not in skip]
        progress.advance(len(checked) - len(rows))
        report.rows = [RowResult(row.number, row.completion_id, {"completion": ""}) for row in checked]
        results = {result.row: result for result in report.rows}
        if not rows:
            return
        write = not report.dry_run
        people = self._people(rows, write=write)
        stored = {
            external_id: (pk, course_id, person_id, completed_on, score)
            for external_id, pk, course_id, person_id, completed_on, score in ELearningCompletion.objects.filter(
                external_id__in=[row.completion_id for row in rows]
            ).values_list("external_id", "pk", "course_id", "person_id", "completed_on", "score")
        }
        to_create, to_update = [], []
        now = timezone.now()
        for row in rows:
            values = (row.course.pk, people[row.person_key], row.completed_on, row.score)
            result = results[row.number]
            old = stored.get(row.completion_id)
            if old is None:
                to_create.append((row.completion_id, *values, now, now))
                result.actions["completion"] = "created"
            elif old[1:] == values:
                result.actions["completion"] = "unchanged"
            else:
                changes = [name for name, a, b in zip(UPDATED, old[1:], values, strict=True) if a != b]
                course_id, person_id, completed_on, score = values
                to_update.append(
                    ELearningCompletion(
                        pk=old[0],
                        external_id=row.completion_id,
                        course_id=course_id,
                        person_id=person_id,
                        completed_on=completed_on,
                        score=score,
                        updated_at=now,
                    )
                )
                result.actions["completion"] = "updated"
                result.changes = changes
            progress.advance()
        if write:
            ids = reserve_ids(ELearningCompletion, len(to_create))
            copy_rows(
                ELearningCompletion,
                ["id", "external_id", "course_id", "person_id", "completed_on", "score", "created_at", "updated_at"],
                [(pk, *row) for pk, row in zip(ids, to_create, strict=True)],
            )
            ELearningCompletion.objects.bulk_update(
                to_update, ["course_id", "person_id", "completed_on", "score", "updated_at"], batch_size=BATCH
            )


PERSON_COLUMNS = [
    "id",
    "first_name",
    "last_name",
    "gender",
    "nationality",
    "administration_id",
    "current_post",
    "email",
    "phone",
    "created_at",
    "updated_at",
]
#: The compared fields, in the order of a row's values.
UPDATED = ("course", "person", "completed_on", "score")


def reserve_ids(model, count: int) -> list[int]:
    """``count`` primary keys taken from the model's sequence (so rows written by COPY can be referred to)."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
        return [pk for (pk,) in cursor.fetchall()]


def copy_rows(model, columns: list[str], rows) -> None:
    """Write ``rows`` (tuples in ``columns`` order, ``id`` first, from :func:`reserve_ids`) with PostgreSQL's
    COPY, and their audit rows ("insert" events of the model's history table, with the transaction's
    history context: who imported) in one ``INSERT ... SELECT``.

    The per-row audit trigger is switched off for the COPY only (``ALTER TABLE ... DISABLE TRIGGER``, inside
    the import's transaction: a rollback restores it, and other writers of the table wait for the commit):
    it opens two subtransactions per row, which over tens of thousands of rows in one transaction cost
    minutes. The audit rows it would have written are written set-based instead, with the same content."""
    from django.apps import apps

    if columns[0] != "id":
        raise ValueError("copy_rows writes rows whose first column is their reserved id")
    rows = list(rows)
    if not rows:
        return
    quote = connection.ops.quote_name
    table = model._meta.db_table
    event = apps.get_model(model._meta.app_label, f"{model.__name__}Event")
    tracked = [f.column for f in event._meta.concrete_fields if not f.column.startswith("pgh_")]
    with connection.cursor() as cursor:
        # A statement pghistory gives the history context of the import (who): not a plain SELECT, which it skips.
        cursor.execute("WITH attached AS (SELECT _pgh_attach_context() AS id) SELECT id FROM attached")
        (context_id,) = cursor.fetchone()
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname LIKE 'pgtrigger_insert_insert_%%'",
            [table],
        )
        triggers = [name for (name,) in cursor.fetchall()]
        # A table with deferred checks pending (foreign keys, experts' person checks) cannot be altered: they
        # run now, and the COPY's own run as it goes, until the end of this function.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in triggers:
            cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER {quote(name)}")
        with cursor.cursor.copy(f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        for name in triggers:
            cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER {quote(name)}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        names = ", ".join(map(quote, tracked))
        history = quote(event._meta.db_table)
        cursor.execute(
            f"INSERT INTO {history} (pgh_created_at, pgh_label, pgh_obj_id, pgh_context_id, {names}) "  # noqa: S608
            f"SELECT NOW(), 'insert', id, %s, {names} FROM {quote(table)} WHERE id = ANY(%s)",
            [context_id, [row[0] for row in rows]],
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
