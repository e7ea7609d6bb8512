"""Every write of the experts app. Views, serializers, forms, admin, imports and the missions
app call these functions, so a rule cannot be bypassed by choosing another door.

Refusals raise :class:`wcocb.errors.DomainError` (400), :class:`wcocb.errors.ConflictError`
(409, the record is not in a state that allows the move) or Django's ``ValidationError`` from
``full_clean`` (400 with field errors)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experts.choices import (
    ACTIVE_STAGES,
    NOMINATION_TRANSITIONS,
    TRANSITIONS,
    DeploymentSource,
    ExpertKind,
    NominationStatus,
    Stage,
    WorkshopResult,
)
from experts.commitment import Commitment, commitment_for, refresh_commitment, working_days
from experts.models import (
    Accreditation,
    AccreditationEvent,
    AccreditationWorkshop,
    CandidateListEntry,
    Deployment,
    Expert,
    ExpertiseArea,
    ExpertLanguage,
    Unavailability,
    WorkshopParticipation,
)
from wcocb.choices import Role
from wcocb.errors import ConflictError, DomainError, ForbiddenError
from wcocb.models import Language, MemberAdministration, Person, Region, User
from wcocb.rules import is_secretariat
from wcocb.services import PROFILE_FIELDS

__all__ = [
    "Commitment",
    "LanguageSkill",
    "accreditation_complete_field_evaluation",
    "accreditation_lapse",
    "accreditation_pass_workshop",
    "accreditation_pre_assess",
    "accreditation_withdraw",
    "candidate_decide",
    "candidate_nominate",
    "categories_under_evaluation",
    "commitment_for",
    "deployment_record",
    "deployment_remove",
    "expert_administration_moved",
    "expert_create",
    "expert_person_changed",
    "expert_refresh_search",
    "expert_update",
    "expert_update_own_profile",
    "field_evaluation_complete_for",
    "fully_accredited_categories",
    "unavailability_add",
    "unavailability_remove",
    "working_days",
    "workshop_add_participant",
    "workshop_create",
    "workshop_record_result",
]

#: The person fields an expert's forms and services write.
PERSON_FIELDS = PROFILE_FIELDS
EXPERT_FIELDS = (
    "external_id",
    "kind",
    "is_serving",
    "biography",
    "photo",
    "external_justification",
    "candidate_topic",
    "candidate_region",
    "nominated_by",
    "candidate_topic_expertise",
    "candidate_english",
    "candidate_capacity_building",
    "candidate_wco_instruments",
)
#: What an expert may change on their own record.
OWN_PROFILE_FIELDS = ("email", "phone", "biography")


@dataclass(frozen=True)
class LanguageSkill:
    language: Language
    level: str


# --- experts --------------------------------------------------------------------------------------
def _split(fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    unknown = set(fields) - set(PERSON_FIELDS) - set(EXPERT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown expert fields: {', '.join(sorted(unknown))}")
    person = {key: value for key, value in fields.items() if key in PERSON_FIELDS}
    expert = {key: value for key, value in fields.items() if key in EXPERT_FIELDS}
    return person, expert


def _set_languages(expert: Expert, languages: Iterable[LanguageSkill]) -> None:
    wanted = {skill.language.pk: skill.level for skill in languages}
    expert.language_skills.exclude(language_id__in=wanted).delete()
    existing = {skill.language_id: skill for skill in expert.language_skills.all()}
    for language_id, level in wanted.items():
        skill = existing.get(language_id)
        if skill is None:
            skill = ExpertLanguage(expert=expert, language_id=language_id, level=level)
            skill.full_clean(exclude=["expert"])
            skill.save()
        elif skill.level != level:
            skill.level = level
            skill.full_clean(exclude=["expert"])
            skill.save(update_fields=["level"])


SEARCH_SQL = """
UPDATE experts_expert AS e SET
    search_vector =
        setweight(to_tsvector('simple', unaccent(p.first_name || ' ' || p.last_name)), 'A')
        || setweight(to_tsvector('simple', unaccent(coalesce((
            SELECT string_agg(a.code || ' ' || a.name_en || ' ' || a.name_fr || ' ' || a.name_es, ' ')
            FROM experts_accreditation ac JOIN experts_expertisearea a ON a.id = ac.area_id
            WHERE ac.expert_id = e.id AND ac.stage IN ('pre_assessed', 'first_step', 'fully_accredited')
        ), '') || ' ' || coalesce((
            SELECT c.code || ' ' || c.name_en FROM experts_expertisearea c WHERE c.id = e.candidate_topic_id
        ), ''))), 'B')
        || setweight(to_tsvector('simple', unaccent(p.current_post || ' ' || e.biography)), 'C'),
    search_name = left(p.first_name || ' ' || p.last_name, 210),
    search_tags = ARRAY(
        SELECT 'category:' || a.category
        FROM experts_accreditation ac JOIN experts_expertisearea a ON a.id = ac.area_id
        WHERE ac.expert_id = e.id AND ac.stage IN ('pre_assessed', 'first_step', 'fully_accredited')
        UNION
        SELECT 'region:' || r.code
        FROM wcocb_region r
        WHERE r.id = e.candidate_region_id
            OR r.id = (SELECT m.region_id FROM wcocb_memberadministration m WHERE m.id = p.administration_id)
        UNION
        SELECT 'language:' || l.code
        FROM experts_expertlanguage el JOIN wcocb_language l ON l.id = el.language_id
        WHERE el.expert_id = e.id
        ORDER BY 1
    )::varchar(40)[]
FROM wcocb_person AS p
WHERE p.id = e.person_id {where}
"""


def expert_refresh_search(expert_ids: Sequence[int] | None = None) -> int:
    """Rebuild the full-text ``search_vector`` (name weight A, areas and candidate topic B,
    post and biography C; ``simple`` configuration with ``unaccent`` so names in any language
    match as written), ``search_name`` and ``search_tags`` (``category:ET`` per live accreditation's
    category, ``region:AP`` for the home and candidate regions, ``language:en``; the category,
    region and language filters match on them). Call it after changing an expert's name,
    administration, candidate region, languages or accreditations. ``None`` rebuilds every expert
    (after a bulk import). Edits of a person or an administration's region made outside this module
    reach it through the callbacks of :mod:`wcocb.services` (:func:`expert_person_changed`,
    :func:`expert_administration_moved`)."""
    where = "" if expert_ids is None else "AND e.id = ANY(%s)"
    with connection.cursor() as cursor:
        cursor.execute(SEARCH_SQL.format(where=where), [] if expert_ids is None else [list(expert_ids)])
        return cursor.rowcount


def expert_person_changed(person: Person) -> None:
    """After a person record changed elsewhere (reference pages, API, admin): check the expert's
    rules again (an RE keeps a home administration) and refresh their search columns."""
    expert = Expert.objects.select_for_update(of=("self",)).filter(person=person).first()
    if expert is None:
        return
    expert.person = person
    expert.full_clean(exclude=["person"])
    expert_refresh_search([expert.pk])


def expert_administration_moved(administration: MemberAdministration) -> None:
    """After an administration moved to another region: refresh its experts' ``region:`` tags."""
    ids = list(Expert.objects.filter(person__administration=administration).values_list("pk", flat=True))
    if ids:
        expert_refresh_search(ids)


@transaction.atomic
def expert_create(
    *, by: User, languages: Iterable[LanguageSkill] = (), person: Person | None = None, **fields: Any
) -> Expert:
    """Create an expert and, unless an existing ``person`` is given, their person record.

    ``fields`` are the person's (``first_name``, ``last_name``, ``gender``, ``nationality``,
    ``administration``, ``current_post``, ``email``, ``phone``) and the expert's (``kind``,
    ``is_serving``, ``biography``, ``external_justification``, candidate fields, ``external_id``)."""
    person_fields, expert_fields = _split(fields)
    if person is None:
        person = Person(**person_fields)
    else:
        if Expert.objects.filter(person=person).exists():
            raise ConflictError(_("%(person)s is already an expert.") % {"person": person})
        for key, value in person_fields.items():
            setattr(person, key, value)
    person.full_clean()
    expert = Expert(person=person, **expert_fields)
    expert.full_clean(exclude=["person"])
    person.save()
    expert.person = person
    expert.save()
    _set_languages(expert, languages)
    expert_refresh_search([expert.pk])
    return expert


@transaction.atomic
def expert_update(
    *, expert: Expert, by: User, languages: Iterable[LanguageSkill] | None = None, **fields: Any
) -> Expert:
    """Change an expert's person and expert fields (Secretariat)."""
    expert = Expert.objects.select_for_update(of=("self",)).select_related("person").get(pk=expert.pk)
    person_fields, expert_fields = _split(fields)
    person = expert.person
    for key, value in person_fields.items():
        setattr(person, key, value)
    for key, value in expert_fields.items():
        setattr(expert, key, value)
    person.full_clean()
    expert.full_clean(exclude=["person"])
    person.save()
    expert.save()
    if languages is not None:
        _set_languages(expert, languages)
    expert_refresh_search([expert.pk])
    return expert


@transaction.atomic
def expert_update_own_profile(
    *, expert: Expert, by: User, languages: Iterable[LanguageSkill] | None = None, **fields: Any
) -> Expert:
    """An expert edits their own contact details (email, phone), languages and biography; nothing else."""
    if expert.person.user_id != by.pk:
        raise ForbiddenError(_("You can only edit your own profile."))
    forbidden = set(fields) - set(OWN_PROFILE_FIELDS)
    if forbidden:
        raise ForbiddenError(
            _("You may change only your contact details, languages and biography (not: %(fields)s).")
            % {"fields": ", ".join(sorted(forbidden))}
        )
    return expert_update(expert=expert, by=by, languages=languages, **fields)


# --- the accreditation pipeline ---------------------------------------------------------------------
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
    (the evaluation date by default) starts the release-commitment window.

    ``founding``: the first full accreditation of a category (no expert was fully accredited in it on
    the evaluation date, which is checked) may name any other expert as evaluator: someone had to be
    first (imports of the history)."""
    accreditation = _lock(accreditation)
    _check_move(accreditation, Stage.FULLY_ACCREDITED)
    if evaluated_on < accreditation.workshop_passed_on:
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
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for withdrawing the accreditation."))
    return _end(accreditation, to=Stage.WITHDRAWN, on=on, reason=reason.strip(), by=by)


@transaction.atomic
def accreditation_lapse(
    *, accreditation: Accreditation, on: datetime.date, by: User, reason: str = ""
) -> Accreditation:
    """Record that an accreditation lapsed (e.g. the expert left Customs or never completed a step)."""
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


# --- workshops ---------------------------------------------------------------------------------------
WORKSHOP_FIELDS = ("kind", "category", "area", "title", "start_date", "end_date", "venue", "region")


@transaction.atomic
def workshop_create(*, by: User, **fields: Any) -> AccreditationWorkshop:
    unknown = set(fields) - set(WORKSHOP_FIELDS)
    if unknown:
        raise TypeError(f"Unknown workshop fields: {', '.join(sorted(unknown))}")
    workshop = AccreditationWorkshop(**fields)
    workshop.full_clean()
    workshop.save()
    return workshop


@transaction.atomic
def workshop_update(*, workshop: AccreditationWorkshop, by: User, **fields: Any) -> AccreditationWorkshop:
    unknown = set(fields) - set(WORKSHOP_FIELDS)
    if unknown:
        raise TypeError(f"Unknown workshop fields: {', '.join(sorted(unknown))}")
    workshop = AccreditationWorkshop.objects.select_for_update().get(pk=workshop.pk)
    for key, value in fields.items():
        setattr(workshop, key, value)
    workshop.full_clean()
    workshop.save()
    return workshop


@transaction.atomic
def workshop_add_participant(*, workshop: AccreditationWorkshop, expert: Expert, by: User) -> WorkshopParticipation:
    participation, _created = WorkshopParticipation.objects.get_or_create(workshop=workshop, expert=expert)
    return participation


@transaction.atomic
def workshop_record_result(
    *, workshop: AccreditationWorkshop, expert: Expert, result: str, by: User, comment: str = ""
) -> WorkshopParticipation:
    """Record a participant's result (adding them if needed). A pass moves each of the expert's
    pre-assessed accreditations the workshop covers to 1st step; a pass with no such
    accreditation is refused (pre-assess first)."""
    if result not in (WorkshopResult.PASSED, WorkshopResult.FAILED, WorkshopResult.ABSENT):
        raise DomainError(_("Record the result as passed, failed or absent."))
    participation, _created = WorkshopParticipation.objects.select_for_update().get_or_create(
        workshop=workshop, expert=expert
    )
    if participation.result == WorkshopResult.PASSED and result != WorkshopResult.PASSED:
        raise ConflictError(_("A pass already moved the accreditation forward; it cannot be changed to a failure."))
    if result == WorkshopResult.PASSED and participation.result != WorkshopResult.PASSED:
        covered = expert.accreditations.filter(stage=Stage.PRE_ASSESSED, area__category=workshop.category)
        if workshop.area_id:
            covered = covered.filter(area_id=workshop.area_id)
        covered = list(covered.order_by("pk"))
        if not covered:
            raise DomainError(
                _(
                    "%(expert)s has no pre-assessed accreditation that this workshop covers; "
                    "record the pre-assessment first."
                )
                % {"expert": expert}
            )
        for accreditation in covered:
            accreditation_pass_workshop(
                accreditation=accreditation, workshop=workshop, on=workshop.end_date, by=by, comment=comment
            )
        participation.refresh_from_db()  # the pass recorded it
        return participation
    participation.result = result
    participation.recorded_at = timezone.now()
    participation.save(update_fields=["result", "recorded_at"])
    return participation


# --- deployments and availability -------------------------------------------------------------------
@transaction.atomic
def deployment_record(
    *,
    expert: Expert,
    start_date: datetime.date,
    end_date: datetime.date,
    by: User | None,
    description: str = "",
    source_key: str | None = None,
) -> Deployment:
    """Record days an expert spends on a WCO mission. With a ``source_key`` (e.g.
    ``assignment:42``, from the missions app) it is idempotent: the existing row is updated."""
    expert = Expert.objects.select_for_update().get(pk=expert.pk)  # serialises commitment updates
    deployment = None
    if source_key:
        deployment = Deployment.objects.select_for_update().filter(source_key=source_key).first()
    if deployment is None:
        deployment = Deployment(source_key=source_key or None)
    if deployment.pk and deployment.expert_id != expert.pk:
        refresh_after = Expert.objects.get(pk=deployment.expert_id)
    else:
        refresh_after = None
    deployment.expert = expert
    deployment.start_date = start_date
    deployment.end_date = end_date
    deployment.description = (description or "")[:300]
    deployment.source = DeploymentSource.MISSION if source_key else DeploymentSource.MANUAL
    deployment.full_clean()
    deployment.save()
    refresh_commitment(expert)
    if refresh_after is not None:
        refresh_commitment(refresh_after)
    return deployment


@transaction.atomic
def deployment_remove(*, by: User | None, source_key: str | None = None, deployment: Deployment | None = None) -> bool:
    """Remove a deployment, by its ``source_key`` (missions) or the row itself. Idempotent: returns
    whether a row was removed."""
    if deployment is None and not source_key:
        raise TypeError("deployment_remove needs a source_key or a deployment")
    queryset = Deployment.objects.select_for_update()
    found = queryset.filter(pk=deployment.pk).first() if deployment else queryset.filter(source_key=source_key).first()
    if found is None:
        return False
    expert = Expert.objects.select_for_update().get(pk=found.expert_id)
    found.delete()
    refresh_commitment(expert)
    return True


@transaction.atomic
def can_manage_unavailability(expert: Expert, user: User) -> bool:
    """The Secretariat, the expert themself and the expert's home administration keep the periods
    in which the expert cannot be deployed."""
    if is_secretariat(user):
        return True
    person = expert.person
    if user.role == Role.EXPERT:
        return person.user_id == user.pk
    return (
        user.role == Role.MEMBER
        and person.administration_id is not None
        and (person.administration_id == user.administration_id)
    )


def _check_unavailability_rights(expert: Expert, by: User) -> None:
    if not can_manage_unavailability(expert, by):
        raise ForbiddenError(
            _("Only the Secretariat, the expert and their home administration keep the expert's unavailability.")
        )


def unavailability_add(
    *, expert: Expert, start_date: datetime.date, end_date: datetime.date, by: User, reason: str = ""
) -> Unavailability:
    _check_unavailability_rights(expert, by)
    unavailability = Unavailability(expert=expert, start_date=start_date, end_date=end_date, reason=reason)
    unavailability.full_clean()
    unavailability.save()
    return unavailability


@transaction.atomic
def unavailability_remove(*, unavailability: Unavailability, by: User) -> None:
    _check_unavailability_rights(unavailability.expert, by)
    unavailability.delete()


# --- candidate lists ---------------------------------------------------------------------------------


@transaction.atomic
def candidate_nominate(
    *, expert: Expert, by: User, region: Region | None = None, motivation: str = ""
) -> CandidateListEntry:
    """A member administration nominates one of its own officers to its region's candidate list
    (the Secretariat may nominate for any administration). The candidate's four requirements and
    topic must be complete: the list is for officials ready to help."""
    expert = Expert.objects.select_for_update(of=("self",)).select_related("person__administration").get(pk=expert.pk)
    administration = expert.person.administration
    if administration is None:
        raise DomainError(_("Only an officer of a member administration can be nominated."))
    if not is_secretariat(by) and not (by.role == Role.MEMBER and by.administration_id == administration.pk):
        raise ForbiddenError(_("An administration may nominate only its own officers."))
    region = region or administration.region
    if not is_secretariat(by) and region.pk != administration.region_id:
        raise ForbiddenError(_("An administration nominates to its own region's candidate list."))
    if expert.kind != ExpertKind.CANDIDATE:
        raise DomainError(_("Only a regional candidate can be nominated to a candidate list."))
    if expert.candidate_topic_id is None:
        raise DomainError(_("Name the candidate's topic before nominating them."))
    if not expert.candidate_checklist_complete:
        raise DomainError(
            _(
                "The candidate does not yet meet the four requirements (expertise in the topic, fluency in "
                "English, experience in capacity building, knowledge of WCO instruments)."
            )
        )
    if CandidateListEntry.objects.filter(
        region=region, expert=expert, status__in=[NominationStatus.NOMINATED, NominationStatus.ACCEPTED]
    ).exists():
        raise ConflictError(_("This candidate is already nominated to or on this region's list."))
    entry = CandidateListEntry(
        region=region, expert=expert, nominated_by=administration, nominated_by_user=by, motivation=motivation
    )
    entry.full_clean()
    entry.save()
    expert.candidate_region = region
    expert.nominated_by = administration
    expert.save(update_fields=["candidate_region", "nominated_by", "updated_at"])
    return entry


def can_decide(entry: CandidateListEntry, user: User) -> bool:
    return entry.status == NominationStatus.NOMINATED and (
        is_secretariat(user) or (user.role == Role.ROCB and user.region_id == entry.region_id)
    )


@transaction.atomic
def candidate_decide(*, entry: CandidateListEntry, accept: bool, by: User, comment: str = "") -> CandidateListEntry:
    """The region's ROCB officer (or the Secretariat) accepts or rejects a nomination."""
    entry = (
        CandidateListEntry.objects.select_for_update(of=("self",)).select_related("expert__person").get(pk=entry.pk)
    )
    if not (is_secretariat(by) or (by.role == Role.ROCB and by.region_id == entry.region_id)):
        raise ForbiddenError(_("Only the ROCB of the region (or the Secretariat) decides on its candidate list."))
    to = NominationStatus.ACCEPTED if accept else NominationStatus.REJECTED
    if to not in NOMINATION_TRANSITIONS[entry.status]:
        raise ConflictError(
            _("This nomination was already decided (%(status)s).") % {"status": entry.get_status_display()}
        )
    if accept and not entry.expert.candidate_checklist_complete:
        raise DomainError(_("The candidate no longer meets the four requirements; they cannot be accepted."))
    if not accept and not (comment or "").strip():
        raise DomainError(_("Give the reason for rejecting the nomination."))
    entry.status = to
    entry.decided_by = by
    entry.decided_at = timezone.now()
    entry.decision_comment = (comment or "").strip()
    entry.full_clean()
    entry.save(update_fields=["status", "decided_by", "decided_at", "decision_comment", "updated_at"])
    return entry
