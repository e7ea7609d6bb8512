"""Applying the experts import's checked rows through :mod:`experts.services`.

The expert part of each expert's first row goes through ``expert_create`` / ``expert_update``, each row's
accreditation through the pipeline services (pre-assessment → workshop pass → field evaluation →
withdrawn / lapsed), so the pipeline cannot be skipped or run backwards and the evaluator must be fully
accredited in the category. Every row runs in a savepoint so that every row's errors are collected; the
engine rolls the whole file back on any error. A row equal to the stored values writes nothing.

The stored experts of the file (with their person, languages and accreditations) and the workshops are
loaded once per file, not once per row. Two choices specific to importing history:

- a row that reaches 1st step without a ``workshop`` id is attached to the workshop of its
  category/area that ended on ``workshop_passed_on`` (created, titled "imported", if none);
- the first full accreditation of a category (no expert was fully accredited in it on the evaluation
  date) may name any expert as evaluator: the service's ``founding`` evaluation.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from experts import services
from experts.choices import ACTIVE_STAGES, PIPELINE, Category, ExpertKind, Stage, WorkshopKind
from experts.importing.bulk import NewExperts
from experts.importing.rows import Lookups, Row, check_rows, errors_from
from experts.models import Accreditation, AccreditationWorkshop, Expert, ExpertiseArea
from wcocb.errors import DomainError
from wcocb.importing import ImportSpec, Progress, RowError, RowResult
from wcocb.models import User


@dataclass
class ExpertRowResult(RowResult):
    """One row's outcome: its expert part and its accreditation part."""

    @property
    def external_id(self) -> str:
        return self.key

    @property
    def area(self) -> str:
        return self.extra.get("area", "")

    @property
    def expert(self) -> str:
        return self.actions.get("expert", "")

    @property
    def accreditation(self) -> str:
        return self.actions.get("accreditation", "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "external_id": self.key,
            "area": self.area,
            "expert": self.expert,
            "accreditation": self.accreditation,
            "changes": self.changes,
        }


class RowFailed(Exception):
    """Stops applying one row; its errors are already in the report."""


class ExpertRowHandler:
    """The experts import's row handler (see :class:`wcocb.importing.RowHandler`)."""

    def __init__(self, *, spec: ImportSpec, by: User | None) -> None:
        self.spec = spec
        self.by = by
        self.lookups: Lookups | None = None
        self.experts: dict[str, Expert] = {}
        #: The stored accreditations of each of the file's experts, as they were before the file.
        self.accreditations: dict[str, list[Accreditation]] = {}
        self.workshops: dict[tuple[str, int | None, datetime.date], AccreditationWorkshop] = {}
        self.report: Any = None
        self.workshops_loaded = False

    # --- checking ---------------------------------------------------------------------------------
    def check(self, rows: list[tuple[int, dict[str, str]]]) -> tuple[list[Row], list[RowError]]:
        self.lookups = Lookups.load(rows)
        return check_rows(rows, self.lookups)

    # --- applying ---------------------------------------------------------------------------------
    def apply(self, checked: list[Row], *, skip: frozenset[int], report: Any, progress: Progress) -> None:
        """Apply ``checked`` except the row numbers in ``skip`` (rows whose shape is wrong: their rules
        cannot be checked, but every other row still is, so the report lists every row's errors)."""
        self.report = report
        results = {
            row.number: ExpertRowResult(row.number, row.external_id, extra={"area": row.area.code if row.area else ""})
            for row in checked
        }
        report.rows = [results[row.number] for row in checked]
        rows = [row for row in checked if row.number not in skip]
        progress.advance(len(checked) - len(rows))
        self._load({row.external_id for row in rows} | {row.evaluator_id for row in rows if row.evaluator_id})
        groups: dict[str, list[Row]] = {}
        for row in rows:
            groups.setdefault(row.external_id, []).append(row)
        self._load_workshops({row.dates["workshop_passed_on"] for row in rows if row.dates.get("workshop_passed_on")})
        # New experts (and their accreditations) are checked in Python and written in bulk; the stored
        # experts' rows go through the services one by one.
        bulk = NewExperts(
            by=self.by,
            full=self._full_accreditations(),
            stored_experts=dict(self.experts),
            workshop_for=lambda row: self._workshop_for(row, keep_created=True),
            one_by_one={external_id for external_id in groups if external_id in self.experts},
        )
        for external_id, group in groups.items():
            first = group[0]
            if external_id in self.experts:
                if self._expert_changes(first, self.experts[external_id]) == ({}, False):
                    results[first.number].actions["expert"] = "unchanged"  # nothing to write: no savepoint
                else:
                    self._apply(self._expert_row, first, results[first.number], default_column="external_id")
            elif bulk.add_expert(
                first, {self.lookups.languages[code]: level for code, level in first.languages.items()}
            ):
                results[first.number].actions["expert"] = "created"
            if all(row.area is None for row in group):
                progress.advance(len(group))
        # Accreditations in date order, so an evaluator's own accreditation is in place first.
        ordered = sorted(
            (
                row
                for row in rows
                if row.area is not None and (row.external_id in self.experts or row.external_id in bulk.experts)
            ),
            key=lambda row: (row.dates["accredited_on"] or datetime.date.max, row.number),
        )
        one_by_one = []
        for row in ordered:
            if row.external_id not in bulk.experts:
                one_by_one.append(row)
                continue
            if bulk.add_accreditation(row) and not bulk.is_deferred(row):
                results[row.number].actions["accreditation"] = "created"
            progress.advance()
        self.report.errors += bulk.errors
        bulk.write()
        for external_id, expert in bulk.experts.items():
            self.experts[external_id] = expert
            self.accreditations[external_id] = []
        deferred = {id(row) for row in bulk.deferred}
        for row in sorted(
            one_by_one + bulk.deferred, key=lambda row: (row.dates["accredited_on"] or datetime.date.max, row.number)
        ):
            if self._accreditation_unchanged(row):
                results[row.number].actions["accreditation"] = "unchanged"  # nothing to write: no savepoint
            else:
                self._apply(self._accreditation_row, row, results[row.number], default_column="stage")
            if id(row) not in deferred:
                progress.advance()

    def _load_workshops(self, pass_dates: set[datetime.date]) -> None:
        """The stored workshops that ended on one of the file's pass dates, by (category, area, end)."""
        self.workshops_loaded = True
        for workshop in AccreditationWorkshop.objects.filter(end_date__in=pass_dates):  # in the model's order
            self.workshops.setdefault((workshop.category, workshop.area_id, workshop.end_date), workshop)

    @staticmethod
    def _full_accreditations() -> dict[str, dict[str, datetime.date]]:
        """``{category: {external_id: first accredited_on}}`` of the stored full accreditations."""
        full: dict[str, dict[str, datetime.date]] = {}
        for category, external_id, accredited_on in Accreditation.objects.filter(
            stage=Stage.FULLY_ACCREDITED, accredited_on__isnull=False
        ).values_list("area__category", "expert__external_id", "accredited_on"):
            experts = full.setdefault(category, {})
            experts[external_id] = min(experts.get(external_id, accredited_on), accredited_on)
        return full

    def _load(self, external_ids: set[str]) -> None:
        """The file's stored experts, with their person, languages and accreditations, in a few queries."""
        experts = (
            Expert.objects.filter(external_id__in=external_ids)
            .select_related("person")
            .prefetch_related(
                "language_skills__language",
                Prefetch(
                    "accreditations",
                    queryset=Accreditation.objects.select_related("area", "evaluator").order_by("pk"),
                ),
            )
        )
        self.experts = {expert.external_id: expert for expert in experts}
        self.accreditations = {
            external_id: list(expert.accreditations.all()) for external_id, expert in self.experts.items()
        }

    def _apply(self, function, row: Row, result: ExpertRowResult, *, default_column: str) -> None:
        try:
            with transaction.atomic():
                function(row, result)
        except RowFailed:
            pass
        except (ValidationError, DomainError) as exc:
            self.report.errors += errors_from(exc, row.number, default_column)

    # Experts
    def _expert_row(self, row: Row, result: ExpertRowResult) -> None:
        expert = self.experts.get(row.external_id)
        languages = [
            services.LanguageSkill(language=self.lookups.languages[code], level=level)
            for code, level in row.languages.items()
        ]
        if expert is None:
            result.actions["expert"] = "created"
            self.experts[row.external_id] = services.expert_create(
                by=self.by, languages=languages, external_id=row.external_id, **row.person, **row.expert
            )
            return
        changes, languages_changed = self._expert_changes(row, expert)
        if not changes and not languages_changed:
            result.actions["expert"] = "unchanged"
            return
        result.actions["expert"] = "updated"
        result.changes += sorted(changes) + (["languages"] if languages_changed else [])
        self.experts[row.external_id] = services.expert_update(
            expert=expert, by=self.by, languages=languages if languages_changed else None, **changes
        )

    def _expert_changes(self, row: Row, expert: Expert) -> tuple[dict[str, Any], bool]:
        """The fields of ``row`` that differ from the stored expert, and whether the languages do."""
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
        return changes, bool(row.has_languages and stored_languages != row.languages)

    def _accreditation_unchanged(self, row: Row) -> bool:
        """The stored accreditation already is what the row says (stage, every date, evaluator, workshop)."""
        expert = self.experts.get(row.external_id)
        accreditation = (
            self._existing(expert, row.area) if expert and expert.external_id in self.accreditations else None
        )
        if accreditation is None or accreditation.stage != row.stage:
            return False
        recorded = {
            "pre_assessed_on": accreditation.pre_assessed_on,
            "workshop_passed_on": accreditation.workshop_passed_on,
            "evaluated_on": accreditation.evaluated_on,
            "accredited_on": accreditation.accredited_on,
            "withdrawn_on": accreditation.withdrawn_on,
        }
        evaluator = accreditation.evaluator.external_id if accreditation.evaluator_id else ""
        return (
            all(row.dates[name] == stored for name, stored in recorded.items())
            and evaluator == row.evaluator_id
            and (row.workshop is None or row.workshop.pk == accreditation.workshop_id)
        )

    def _kind_follows_accreditation(self, expert: Expert) -> bool:
        """A fully accredited expert is of the kind accredited: the pipeline sets it, an import keeps it."""
        return expert.kind == ExpertKind.ACCREDITED and any(
            accreditation.stage == Stage.FULLY_ACCREDITED for accreditation in self.accreditations[expert.external_id]
        )

    # Accreditations
    def _existing(self, expert: Expert, area: ExpertiseArea) -> Accreditation | None:
        """The live accreditation of the expert in the area, else the latest one (as stored before the file)."""
        stored = [a for a in self.accreditations.get(expert.external_id, []) if a.area_id == area.pk]
        live = [accreditation for accreditation in stored if accreditation.stage in ACTIVE_STAGES]
        return (live or stored[-1:] or [None])[0]

    def _fail(self, row: Row, column: str, message) -> None:
        self.report.errors.append(RowError(row.number, column, message))
        raise RowFailed

    def _accreditation_row(self, row: Row, result: ExpertRowResult) -> None:
        expert = self.experts[row.external_id]
        accreditation = self._existing(expert, row.area)
        if accreditation is not None and row.stage in ACTIVE_STAGES and accreditation.stage not in ACTIVE_STAGES:
            accreditation = None  # ended earlier: the row starts a new accreditation in the area
        if accreditation is None:
            result.actions["accreditation"] = "created"
            accreditation = services.accreditation_pre_assess(
                expert=expert, area=row.area, on=row.dates["pre_assessed_on"], by=self.by
            )
        else:
            self._check_recorded(row, accreditation)
        before = accreditation.stage
        accreditation = self._move(row, accreditation)
        if not result.actions.get("accreditation"):
            result.actions["accreditation"] = "unchanged" if accreditation.stage == before else "updated"
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
            founding = not Accreditation.objects.filter(
                area__category=row.area.category,
                stage=Stage.FULLY_ACCREDITED,
                accredited_on__lte=dates["evaluated_on"],
            ).exists()
            accreditation = services.accreditation_complete_field_evaluation(
                accreditation=accreditation,
                evaluator=evaluator,
                evaluated_on=dates["evaluated_on"],
                accredited_on=dates["accredited_on"],
                mission_reference=row.evaluation_mission,
                by=self.by,
                founding=founding,
                comment=str(_("Imported: the category's first full accreditation.")) if founding else "",
            )
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

    def _workshop_for(self, row: Row, *, keep_created: bool = False) -> AccreditationWorkshop:
        """The workshop of the row's category (and ET/TOA area) that ended on the pass date."""
        area = row.area if row.area.category in (Category.ET, Category.TOA) else None
        passed_on = row.dates["workshop_passed_on"]
        key = (row.area.category, area.pk if area else None, passed_on)
        if key in self.workshops:
            return self.workshops[key]
        found = None
        if not (self.workshops_loaded and keep_created):  # one by one: a workshop a savepoint kept may exist
            found = AccreditationWorkshop.objects.filter(
                category=row.area.category, area=area, end_date=passed_on
            ).first()
        if found is not None:
            self.workshops[key] = found  # a workshop created below may still be rolled back with its row
        else:
            expert = self.experts.get(row.external_id)
            administration = row.person.get("administration") or (expert.person.administration if expert else None)
            found = services.workshop_create(
                by=self.by,
                kind=WorkshopKind.ACCREDITATION,
                category=row.area.category,
                area=area,
                title=str(_("%(area)s accreditation workshop (imported)") % {"area": row.area.code}),
                start_date=passed_on,
                end_date=passed_on,
                region=administration.region if administration else None,
            )
            if keep_created:  # outside a row's savepoint: it stays as long as the import does
                self.workshops[key] = found
        return found
