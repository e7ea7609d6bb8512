"""The accreditation pipeline: pre-assessment, workshop pass (1st step), field evaluation (fully
accredited), withdrawal and lapse; one event row per move."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experts import rules
from experts.choices import ACTIVE_STAGES, TRANSITIONS, ExpertKind, Stage, WorkshopResult
from experts.models import (
    Accreditation,
    AccreditationEvent,
    AccreditationWorkshop,
    Expert,
    ExpertiseArea,
    WorkshopParticipation,
)
from experts.services.commitment import refresh_commitment
from experts.services.experts import expert_refresh_search
from wcocb.errors import ConflictError, DomainError
from wcocb.models import User


def _event(
    accreditation: Accreditation, *, from_stage: str, by: User | None, on: datetime.date | None, comment: str = ""
) -> AccreditationEvent:
    return AccreditationEvent.objects.create(
        accreditation=accreditation,
        actor=by,
        from_stage=from_stage,
        to_stage=accreditation.stage,
        on_date=on,
        comment=comment,
    )


def _lock(accreditation: Accreditation) -> Accreditation:
    return (
        Accreditation.objects.select_for_update(of=("self",))
        .select_related("area", "expert__person")
        .get(pk=accreditation.pk)
    )


def _check_move(accreditation: Accreditation, to: str) -> None:
    current = accreditation.stage
    if to in TRANSITIONS[current]:
        return
    if current in (Stage.WITHDRAWN, Stage.LAPSED):
        message = _("This accreditation is %(stage)s; it cannot move any more. Start a new pre-assessment.")
    elif to == current:
        message = _("This accreditation is already %(stage)s.")
    else:
        message = _(
            "An accreditation that is %(stage)s cannot become %(to)s: the pipeline cannot be skipped or run backwards."
        )
    raise ConflictError(message % {"stage": accreditation.get_stage_display(), "to": Stage(to).label})


def can_move(accreditation: Accreditation, to: str) -> bool:
    """Whether the pipeline allows the move (for buttons); the services check the rest."""
    return to in TRANSITIONS[accreditation.stage]


@transaction.atomic
def accreditation_pre_assess(
    *, expert: Expert, area: ExpertiseArea, on: datetime.date, by: User, comment: str = ""
) -> Accreditation:
    """Step 1: record the pre-assessment of an expert in one area (ET/TOA: a sub-category)."""
    rules.check("manage_accreditations", by, expert)
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if not area.is_accreditable:
        raise DomainError(_("%(area)s is a candidate topic: there is no accreditation in it yet.") % {"area": area})
    if not area.is_active:
        raise DomainError(_("%(area)s is no longer an active area.") % {"area": area})
    if expert.accreditations.filter(area=area, stage__in=ACTIVE_STAGES).exists():
        raise ConflictError(
            _("%(expert)s already has a live accreditation in %(area)s.") % {"expert": expert, "area": area.code}
        )
    accreditation = Accreditation(expert=expert, area=area, stage=Stage.PRE_ASSESSED, pre_assessed_on=on)
    accreditation.full_clean()
    accreditation.save()
    _event(accreditation, from_stage="", by=by, on=on, comment=comment)
    expert_refresh_search([expert.pk])
    return accreditation


@transaction.atomic
def accreditation_pass_workshop(
    *,
    accreditation: Accreditation,
    workshop: AccreditationWorkshop,
    by: User,
    on: datetime.date | None = None,
    comment: str = "",
) -> Accreditation:
    """Step 2: the expert passed an accreditation workshop of the accreditation's category (and
    area, when the workshop names one); the accreditation becomes 1st step and the expert's
    participation in the workshop is recorded as passed.

    The pass date (the workshop's last day by default) cannot be before the workshop ended, more
    than :data:`PASS_RECORDING_DAYS` days after it (results are known at the end of a workshop),
    nor in the future."""
    rules.check("manage_accreditations", by, accreditation.expert)
    accreditation = _lock(accreditation)
    _check_move(accreditation, Stage.FIRST_STEP)
    if workshop.category != accreditation.area.category or (
        workshop.area_id and workshop.area_id != accreditation.area_id
    ):
        raise DomainError(
            _("The workshop %(workshop)s does not cover %(area)s.")
            % {"workshop": workshop, "area": accreditation.area.code}
        )
    on = on or workshop.end_date
    _check_pass_date(workshop, on)
    if on < accreditation.pre_assessed_on:
        raise DomainError(_("The workshop cannot be passed before the pre-assessment."))
    accreditation.stage = Stage.FIRST_STEP
    accreditation.workshop = workshop
    accreditation.workshop_passed_on = on
    accreditation.full_clean()
    accreditation.save(update_fields=["stage", "workshop", "workshop_passed_on", "updated_at"])
    _event(accreditation, from_stage=Stage.PRE_ASSESSED, by=by, on=on, comment=comment)
    _record_pass(workshop, accreditation.expert)
    return accreditation


#: How long after a workshop's last day its pass may be dated.
PASS_RECORDING_DAYS = 90


def _check_pass_date(workshop: AccreditationWorkshop, on: datetime.date) -> None:
    if on < workshop.end_date:
        raise DomainError(
            _("The workshop ends on %(end)s; it cannot be passed before (%(on)s).")
            % {"end": workshop.end_date, "on": on}
        )
    if on > workshop.end_date + datetime.timedelta(days=PASS_RECORDING_DAYS):
        raise DomainError(
            _("The workshop ended on %(end)s; a pass cannot be dated more than %(days)s days later (%(on)s).")
            % {"end": workshop.end_date, "days": PASS_RECORDING_DAYS, "on": on}
        )
    if on > timezone.localdate():
        raise DomainError(_("A workshop pass cannot be dated in the future (%(on)s).") % {"on": on})


def _record_pass(workshop: AccreditationWorkshop, expert: Expert) -> WorkshopParticipation:
    """The expert's participation in ``workshop`` with the result passed (written only when it changes)."""
    participation, _created = WorkshopParticipation.objects.select_for_update().get_or_create(
        workshop=workshop, expert=expert
    )
    if participation.result != WorkshopResult.PASSED:
        participation.result = WorkshopResult.PASSED
        participation.recorded_at = timezone.now()
        participation.full_clean()
        participation.save(update_fields=["result", "recorded_at"])
    return participation


def _check_evaluator(accreditation: Accreditation, evaluator: Expert, on: datetime.date) -> None:
    if evaluator.pk == accreditation.expert_id:
        raise DomainError(_("An expert cannot evaluate themselves."))
    category = accreditation.area.category
    qualifying = evaluator.accreditations.filter(stage=Stage.FULLY_ACCREDITED, area__category=category)
    if not qualifying.exists():
        raise DomainError(
            _("%(evaluator)s is not fully accredited in %(category)s and cannot evaluate this accreditation.")
            % {"evaluator": evaluator, "category": category}
        )
    if not qualifying.filter(accredited_on__lte=on).exists():
        raise DomainError(
            _("%(evaluator)s was not yet fully accredited in %(category)s on %(date)s.")
            % {"evaluator": evaluator, "category": category, "date": on}
        )


def _check_founding(accreditation: Accreditation, evaluator: Expert, on: datetime.date) -> None:
    if evaluator.pk == accreditation.expert_id:
        raise DomainError(_("An expert cannot evaluate themselves."))
    category = accreditation.area.category
    if Accreditation.objects.filter(
        area__category=category, stage=Stage.FULLY_ACCREDITED, accredited_on__lte=on
    ).exists():
        raise DomainError(
            _("Experts were already fully accredited in %(category)s on %(date)s: one of them must evaluate.")
            % {"category": category, "date": on}
        )


@transaction.atomic
def accreditation_complete_field_evaluation(
    *,
    accreditation: Accreditation,
    evaluator: Expert,
    evaluated_on: datetime.date,
    by: User,
    accredited_on: datetime.date | None = None,
    mission_reference: str = "",
    comment: str = "",
    founding: bool = False,
) -> Accreditation:
    """Step 3: a positive in-field evaluation by an expert fully accredited in the same category
    (any sub-category) makes the accreditation full; formal accreditation on ``accredited_on``
    (the evaluation date by default) starts the release-commitment window. Recorded by the
    Secretariat, or by the evaluator themself (on a field-evaluation mission).

    ``founding``: the first full accreditation of a category (no expert was fully accredited in it on
    the evaluation date, which is checked) may name any other expert as evaluator: someone had to be
    first (imports of the history)."""
    rules.check("record_field_evaluation", by, evaluator)
    accreditation = _lock(accreditation)
    _check_move(accreditation, Stage.FULLY_ACCREDITED)
    if accreditation.workshop_passed_on is None or evaluated_on < accreditation.workshop_passed_on:
        raise DomainError(_("The field evaluation cannot come before the workshop pass."))
    accredited_on = accredited_on or evaluated_on
    if accredited_on < evaluated_on:
        raise DomainError(_("Formal accreditation cannot come before the field evaluation."))
    if founding:
        _check_founding(accreditation, evaluator, evaluated_on)
    else:
        _check_evaluator(accreditation, evaluator, evaluated_on)
    accreditation.stage = Stage.FULLY_ACCREDITED
    accreditation.evaluator = evaluator
    accreditation.evaluated_on = evaluated_on
    accreditation.evaluation_mission = mission_reference
    accreditation.accredited_on = accredited_on
    accreditation.full_clean()
    accreditation.save(
        update_fields=["stage", "evaluator", "evaluated_on", "evaluation_mission", "accredited_on", "updated_at"]
    )
    _event(accreditation, from_stage=Stage.FIRST_STEP, by=by, on=accredited_on, comment=comment)
    expert = Expert.objects.select_for_update(of=("self",)).select_related("person").get(pk=accreditation.expert_id)
    if expert.kind != ExpertKind.ACCREDITED:
        expert.kind = ExpertKind.ACCREDITED
        expert.save(update_fields=["kind", "updated_at"])
    refresh_commitment(expert)
    return accreditation


def _end(accreditation: Accreditation, *, to: str, on: datetime.date, reason: str, by: User) -> Accreditation:
    accreditation = _lock(accreditation)
    _check_move(accreditation, to)
    from_stage = accreditation.stage
    accreditation.stage = to
    accreditation.withdrawn_on = on
    accreditation.withdrawn_reason = reason
    accreditation.full_clean()
    accreditation.save(update_fields=["stage", "withdrawn_on", "withdrawn_reason", "updated_at"])
    _event(accreditation, from_stage=from_stage, by=by, on=on, comment=reason)
    refresh_commitment(accreditation.expert)
    expert_refresh_search([accreditation.expert_id])
    return accreditation


@transaction.atomic
def accreditation_withdraw(*, accreditation: Accreditation, on: datetime.date, reason: str, by: User) -> Accreditation:
    """Withdraw an accreditation at any live stage; the reason is required."""
    rules.check("manage_accreditations", by, accreditation.expert)
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for withdrawing the accreditation."))
    return _end(accreditation, to=Stage.WITHDRAWN, on=on, reason=reason.strip(), by=by)


@transaction.atomic
def accreditation_lapse(
    *, accreditation: Accreditation, on: datetime.date, by: User, reason: str = ""
) -> Accreditation:
    """Record that an accreditation lapsed (e.g. the expert left Customs or never completed a step)."""
    rules.check("manage_accreditations", by, accreditation.expert)
    return _end(accreditation, to=Stage.LAPSED, on=on, reason=(reason or "").strip(), by=by)


def fully_accredited_categories(expert: Expert) -> set[str]:
    """The categories in which ``expert`` is fully accredited (may evaluate others)."""
    return set(
        expert.accreditations.filter(stage=Stage.FULLY_ACCREDITED).values_list("area__category", flat=True).distinct()
    )


def categories_under_evaluation(expert: Expert) -> set[str]:
    """The categories in which ``expert`` is 1st step (awaiting a field evaluation)."""
    return set(
        expert.accreditations.filter(stage=Stage.FIRST_STEP).values_list("area__category", flat=True).distinct()
    )


@transaction.atomic
def field_evaluation_complete_for(
    *,
    expert: Expert,
    evaluator: Expert,
    by: User,
    evaluated_on: datetime.date | None = None,
    mission_reference: str = "",
    comment: str = "",
) -> list[Accreditation]:
    """A positive field evaluation recorded on a mission: every 1st-step accreditation of
    ``expert`` in a category where ``evaluator`` is fully accredited becomes full."""
    rules.check("record_field_evaluation", by, evaluator)
    evaluated_on = evaluated_on or timezone.localdate()
    categories = fully_accredited_categories(evaluator)
    pending = list(expert.accreditations.filter(stage=Stage.FIRST_STEP, area__category__in=categories).order_by("pk"))
    if not pending:
        raise DomainError(
            _("%(expert)s has no 1st-step accreditation that %(evaluator)s is qualified to evaluate.")
            % {"expert": expert, "evaluator": evaluator}
        )
    return [
        accreditation_complete_field_evaluation(
            accreditation=accreditation,
            evaluator=evaluator,
            evaluated_on=evaluated_on,
            mission_reference=mission_reference,
            comment=comment,
            by=by,
        )
        for accreditation in pending
    ]
