"""The many-rows variant of the experts services for an import: the file's **new** experts, with their
languages and the accreditations of their rows, checked in Python and written with ``bulk_create``.

The rules are those of :mod:`experts.services`, with the same messages: the model's ``clean()`` and field
validation (``full_clean(validate_constraints=False)``), its check constraints written out below
(:func:`_check_accreditation`), the unique keys checked against the preloaded ones (a new expert has no
stored record; the file's duplicates are refused when the rows are checked), the pipeline's moves
(pre-assessment → workshop pass → field evaluation → withdrawn / lapsed) with the pass-date, evaluation-date
and evaluator rules of ``accreditation_pass_workshop`` and ``accreditation_complete_field_evaluation``
(including its ``founding`` evaluation), one event row per move, the participation recorded as passed, the
kind set to accredited by a full accreditation, the release-commitment window and the search columns.
A row whose evaluator's qualification depends on a row applied one by one is left to the services
(:meth:`NewExperts.deferred`)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experts import services
from experts.choices import ExpertKind, Stage, WorkshopResult
from experts.importing.rows import Row, errors_from
from experts.models import (
    Accreditation,
    AccreditationEvent,
    AccreditationWorkshop,
    Expert,
    ExpertLanguage,
    WorkshopParticipation,
)
from experts.selectors.commitment import window_for
from wcocb.importing import RowError
from wcocb.models import Person, User


class RowRefused(Exception):
    def __init__(self, column: str, message) -> None:
        super().__init__(str(message))
        self.column = column
        self.message = message


@dataclass
class _Planned:
    row: Row
    accreditation: Accreditation
    events: list[tuple[str, str, datetime.date | None, str]] = field(default_factory=list)
    workshop: AccreditationWorkshop | None = None


class NewExperts:
    """Plans, checks and then writes the new experts of a file in a few statements.

    ``full`` maps each category to ``{external_id: first accredited_on}`` of the stored full accreditations
    (the evaluators' qualifications and the founding test); ``workshop_for(row)`` finds or creates the
    workshop of a row's pass (through ``services.workshop_create``)."""

    def __init__(
        self,
        *,
        by: User | None,
        full: dict[str, dict[str, datetime.date]],
        stored_experts: dict[str, Expert],
        workshop_for: Callable[[Row], AccreditationWorkshop],
        one_by_one: set[str],
    ) -> None:
        self.by = by
        self.full = full
        self.stored_experts = stored_experts
        self.workshop_for = workshop_for
        self.one_by_one = one_by_one  # experts whose rows go through the services one by one
        self.experts: dict[str, Expert] = {}
        self.languages: dict[str, list[ExpertLanguage]] = {}
        self.planned: list[_Planned] = []
        self.errors: list[RowError] = []
        self.deferred: list[Row] = []
        self._deferred_ids: set[int] = set()
        self.today = timezone.localdate()

    # --- experts ---------------------------------------------------------------------------------------
    def add_expert(self, row: Row, languages: dict) -> bool:
        """Check the expert part of ``row`` (an expert's first row); ``False`` with its errors when refused."""
        person = Person(**row.person)
        expert = Expert(external_id=row.external_id, **row.expert)
        expert.person = person
        try:
            person.full_clean(exclude=["administration", "user"], validate_unique=False, validate_constraints=False)
            expert.full_clean(
                exclude=["person", "candidate_topic", "candidate_region", "nominated_by"],
                validate_unique=False,
                validate_constraints=False,  # the two check constraints are clean()'s first rules
            )
        except ValidationError as exc:
            self.errors += errors_from(exc, row.number, "external_id")
            return False
        self.experts[row.external_id] = expert
        self.languages[row.external_id] = [
            ExpertLanguage(language=language, level=level) for language, level in languages.items()
        ]
        return True

    # --- accreditations ----------------------------------------------------------------------------------
    def add_accreditation(self, row: Row) -> bool:
        """Plan the accreditation of ``row`` (rows in date order); ``False`` with its error when refused."""
        try:
            planned = self._plan(row)
        except RowRefused as exc:
            self.errors.append(RowError(row.number, exc.column, exc.message))
            return False
        if planned is None:
            return True  # deferred to the services
        self.planned.append(planned)
        return True

    def is_deferred(self, row: Row) -> bool:
        return id(row) in self._deferred_ids

    def _plan(self, row: Row) -> _Planned | None:
        area, dates = row.area, row.dates
        if not area.is_active:
            raise RowRefused("stage", _("%(area)s is no longer an active area.") % {"area": area})
        accreditation = Accreditation(area=area, stage=Stage.PRE_ASSESSED, pre_assessed_on=dates["pre_assessed_on"])
        planned = _Planned(row=row, accreditation=accreditation)
        planned.events.append(("", Stage.PRE_ASSESSED, dates["pre_assessed_on"], ""))
        if dates["workshop_passed_on"]:
            workshop = row.workshop or self.workshop_for(row)
            self._check_pass(accreditation, workshop, dates["workshop_passed_on"])
            accreditation.stage = Stage.FIRST_STEP
            accreditation.workshop = workshop
            accreditation.workshop_passed_on = dates["workshop_passed_on"]
            planned.workshop = workshop
            planned.events.append((Stage.PRE_ASSESSED, Stage.FIRST_STEP, dates["workshop_passed_on"], ""))
        if accreditation.stage == Stage.FIRST_STEP and dates["accredited_on"]:
            evaluated_on, accredited_on = dates["evaluated_on"], dates["accredited_on"] or dates["evaluated_on"]
            if evaluated_on < accreditation.workshop_passed_on:
                raise RowRefused("stage", _("The field evaluation cannot come before the workshop pass."))
            if accredited_on < evaluated_on:
                raise RowRefused("stage", _("Formal accreditation cannot come before the field evaluation."))
            if row.evaluator_id == row.external_id:
                raise RowRefused("stage", _("An expert cannot evaluate themselves."))
            evaluator = self.experts.get(row.evaluator_id) or self.stored_experts.get(row.evaluator_id)
            if evaluator is None:
                raise RowRefused("evaluator", _("No expert has the external_id %(id)s.") % {"id": row.evaluator_id})
            category = area.category
            accredited = self.full.get(category, {})
            founding = not any(first <= evaluated_on for first in accredited.values())
            if not founding:
                since = accredited.get(row.evaluator_id)
                if since is None or since > evaluated_on:
                    if row.evaluator_id in self.one_by_one:
                        self.deferred.append(row)  # its qualification may come from a row the services apply
                        self._deferred_ids.add(id(row))
                        return None
                    if since is None:
                        message = _(
                            "%(evaluator)s is not fully accredited in %(category)s and cannot evaluate this "
                            "accreditation."
                        )
                    else:
                        message = _("%(evaluator)s was not yet fully accredited in %(category)s on %(date)s.")
                    raise RowRefused(
                        "stage", message % {"evaluator": evaluator, "category": category, "date": evaluated_on}
                    )
            accreditation.stage = Stage.FULLY_ACCREDITED
            accreditation.evaluator = evaluator
            accreditation.evaluated_on = evaluated_on
            accreditation.evaluation_mission = row.evaluation_mission
            accreditation.accredited_on = accredited_on
            comment = str(_("Imported: the category's first full accreditation.")) if founding else ""
            planned.events.append((Stage.FIRST_STEP, Stage.FULLY_ACCREDITED, accredited_on, comment))
            self.experts[row.external_id].kind = ExpertKind.ACCREDITED
        if row.stage in (Stage.WITHDRAWN, Stage.LAPSED):
            from_stage = accreditation.stage
            accreditation.stage = row.stage
            accreditation.withdrawn_on = dates["withdrawn_on"]
            accreditation.withdrawn_reason = (row.withdrawn_reason or "").strip()
            if row.stage == Stage.WITHDRAWN and not accreditation.withdrawn_reason:
                raise RowRefused("stage", _("Give the reason for withdrawing the accreditation."))
            planned.events.append((from_stage, row.stage, dates["withdrawn_on"], accreditation.withdrawn_reason))
        if accreditation.stage != row.stage:
            raise RowRefused("stage", _("The dates given do not reach the stage %(stage)s.") % {"stage": row.stage})
        accreditation.expert = self.experts[row.external_id]
        _check_accreditation(accreditation)
        if accreditation.stage == Stage.FULLY_ACCREDITED:  # qualifies its holder to evaluate the next rows
            accredited = self.full.setdefault(area.category, {})
            first = accredited.get(row.external_id)
            accredited[row.external_id] = min(first or accreditation.accredited_on, accreditation.accredited_on)
        return planned

    def _check_pass(self, accreditation: Accreditation, workshop: AccreditationWorkshop, on: datetime.date) -> None:
        """``accreditation_pass_workshop``'s rules."""
        area = accreditation.area
        if workshop.category != area.category or (workshop.area_id and workshop.area_id != area.pk):
            raise RowRefused(
                "workshop_passed_on",
                _("The workshop %(workshop)s does not cover %(area)s.") % {"workshop": workshop, "area": area.code},
            )
        if on < workshop.end_date:
            raise RowRefused(
                "workshop_passed_on",
                _("The workshop ends on %(end)s; it cannot be passed before (%(on)s).")
                % {"end": workshop.end_date, "on": on},
            )
        if on > workshop.end_date + datetime.timedelta(days=services.PASS_RECORDING_DAYS):
            raise RowRefused(
                "workshop_passed_on",
                _("The workshop ended on %(end)s; a pass cannot be dated more than %(days)s days later (%(on)s).")
                % {"end": workshop.end_date, "days": services.PASS_RECORDING_DAYS, "on": on},
            )
        if on > self.today:
            raise RowRefused(
                "workshop_passed_on", _("A workshop pass cannot be dated in the future (%(on)s).") % {"on": on}
            )
        if on < accreditation.pre_assessed_on:
            raise RowRefused("workshop_passed_on", _("The workshop cannot be passed before the pre-assessment."))

    # --- writing --------------------------------------------------------------------------------------------
    def write(self) -> list[int]:
        """Insert the planned experts, languages, accreditations, events and participations; returns the ids."""
        if not self.experts:
            return []
        experts = list(self.experts.values())
        first_full: dict[str, datetime.date] = {}
        for planned in self.planned:
            on = planned.accreditation.accredited_on
            if planned.accreditation.stage == Stage.FULLY_ACCREDITED:
                external_id = planned.row.external_id
                first_full[external_id] = min(first_full.get(external_id, on), on)
        Person.objects.bulk_create([expert.person for expert in experts])
        for expert in experts:
            expert.person = expert.person  # sets person_id from the saved person, keeping it cached
            expert.search_name = expert.person.full_name[:210]
            start = first_full.get(expert.external_id)
            if start is not None:  # a new expert has no deployment yet: no committed day used
                expert.commitment_window_start, expert.commitment_window_end = window_for(start)
        Expert.objects.bulk_create(experts)
        skills = []
        for external_id, languages in self.languages.items():
            for skill in languages:
                skill.expert = self.experts[external_id]
                skills.append(skill)
        ExpertLanguage.objects.bulk_create(skills)
        Accreditation.objects.bulk_create([planned.accreditation for planned in self.planned])
        now = timezone.now()
        AccreditationEvent.objects.bulk_create(
            [
                AccreditationEvent(
                    accreditation=planned.accreditation, actor=self.by, from_stage=from_stage, to_stage=to_stage,
                    on_date=on, comment=comment, at=now,
                )
                for planned in self.planned
                for from_stage, to_stage, on, comment in planned.events
            ]
        )  # fmt: skip
        passes = {
            (planned.workshop.pk, planned.accreditation.expert.pk): planned
            for planned in self.planned
            if planned.workshop is not None
        }
        WorkshopParticipation.objects.bulk_create(
            [
                WorkshopParticipation(
                    workshop_id=workshop_id, expert_id=expert_id, result=WorkshopResult.PASSED, recorded_at=now
                )
                for workshop_id, expert_id in passes
            ]
        )
        ids = [expert.pk for expert in experts]
        services.expert_refresh_search(ids)
        return ids


def _check_accreditation(accreditation: Accreditation) -> None:
    """The model's field rules, ``clean()`` and its check constraints (written out: no query per row)."""
    try:
        accreditation.full_clean(
            exclude=["expert", "area", "workshop", "evaluator"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        raise RowRefused("stage", " ".join(exc.messages)) from None
    a = accreditation
    checks = [
        (
            a.stage == Stage.PRE_ASSESSED
            or a.workshop_passed_on is not None
            or a.stage in (Stage.WITHDRAWN, Stage.LAPSED),
            _("A 1st-step or fully accredited expert must have passed a workshop."),
        ),
        (
            a.stage != Stage.FULLY_ACCREDITED
            or (a.evaluator is not None and a.evaluated_on is not None and a.accredited_on is not None),
            _("Full accreditation needs a field evaluation (evaluator and date) and the accreditation date."),
        ),
        (a.evaluator is None or a.evaluator is not a.expert, _("An expert cannot evaluate themselves.")),
        (
            a.stage not in (Stage.WITHDRAWN, Stage.LAPSED) or a.withdrawn_on is not None,
            _("A withdrawn or lapsed accreditation needs its date."),
        ),
        (
            a.workshop_passed_on is None or a.workshop_passed_on >= a.pre_assessed_on,
            _("The workshop cannot be passed before the pre-assessment."),
        ),
        (
            a.accredited_on is None or a.accredited_on >= a.workshop_passed_on,
            _("Full accreditation cannot come before the workshop pass."),
        ),
    ]
    for passed, message in checks:
        if not passed:
            raise RowRefused("stage", message)
