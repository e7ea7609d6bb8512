"""Who may do what in the experts app: ``can_<action>(user, obj)`` predicates, one table.

The services call them (through :func:`check`) before anything else and raise
:class:`wcocb.errors.ForbiddenError` with the rule's reason; pages, templates and the API call the
same predicates to offer only what the viewer may do, so the buttons shown and the rules enforced
cannot disagree. Predicates only read: they never write and never open a transaction.

An inactive or anonymous user (or ``None``) may do nothing (:mod:`wcocb.rules`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from experts.choices import ExpertKind, NominationStatus
from wcocb.errors import ForbiddenError
from wcocb.rules import is_expert as is_expert_login
from wcocb.rules import is_member, is_rocb, is_secretariat

if TYPE_CHECKING:
    from experts.models import CandidateListEntry, Deployment, Expert
    from wcocb.models import MemberAdministration, Region, User


def _active(user: Any) -> TypeGuard[User]:
    return bool(user is not None and user.is_authenticated and user.is_active)


# --- experts ---------------------------------------------------------------------------------------
def can_create_expert(user: User | None, kind: str | None = None) -> bool:
    """The Secretariat creates any expert; a member administration proposes regional candidates
    (among its own officers: the service files them under the member's administration)."""
    if is_secretariat(user):
        return True
    return is_member(user) and user.administration_id is not None and kind in (None, ExpertKind.CANDIDATE)


def can_edit_expert(user: User | None, expert: Expert | None = None) -> bool:
    """Only the Secretariat changes an expert record (the expert edits their own profile)."""
    return is_secretariat(user)


def can_edit_own_profile(user: User | None, expert: Expert) -> bool:
    """An expert edits their own contact details, languages and biography."""
    return _active(user) and expert.person.user_id is not None and expert.person.user_id == user.pk


# --- the accreditation pipeline, workshops --------------------------------------------------------
def can_manage_accreditations(user: User | None, expert: Expert | None = None) -> bool:
    """The Secretariat records pre-assessments, workshop passes, withdrawals and lapses."""
    return is_secretariat(user)


def can_record_field_evaluation(user: User | None, evaluator: Expert) -> bool:
    """The Secretariat, or the evaluator themself (a field-evaluation mission: the evaluator on the
    team signs the evaluation)."""
    return is_secretariat(user) or (
        is_expert_login(user) and evaluator.person.user_id is not None and evaluator.person.user_id == user.pk
    )


def can_manage_workshops(user: User | None, workshop: Any = None) -> bool:
    """The Secretariat creates and changes workshops, registers participants and records results."""
    return is_secretariat(user)


# --- deployments and unavailability ---------------------------------------------------------------
def can_record_deployment(user: User | None, expert: Expert | None = None, *, source_key: str | None = None) -> bool:
    """The Secretariat records days on missions by hand. A deployment keyed by its source (a mission's
    ``assignment:42``) is kept by the app that owns the source, whose service checks the caller
    (e.g. the home administration approving a release): any active user acting through it."""
    if source_key:
        return _active(user)
    return is_secretariat(user)


def can_delete_deployment(user: User | None, deployment: Deployment) -> bool:
    """The Secretariat removes a deployment recorded by hand; one that came from a mission cannot be
    deleted (change it through the mission)."""
    return is_secretariat(user) and not deployment.source_key


def can_manage_unavailability(user: User | None, expert: Expert) -> bool:
    """The Secretariat, the expert themself and the expert's home administration keep the periods
    in which the expert cannot be deployed."""
    if is_secretariat(user):
        return True
    person = expert.person
    if is_expert_login(user):
        return person.user_id == user.pk
    return (
        is_member(user) and person.administration_id is not None and person.administration_id == user.administration_id
    )


# --- candidate lists, needs, import ----------------------------------------------------------------
def can_propose_candidate(user: User | None, administration: MemberAdministration | None = None) -> bool:
    """A member proposes candidates only for its own administration (the Secretariat for any)."""
    if is_secretariat(user):
        return True
    return (
        is_member(user)
        and user.administration_id is not None
        and (administration is None or administration.pk == user.administration_id)
    )


def can_nominate(user: User | None, expert: Expert, region: Region | None = None) -> bool:
    """A member administration nominates one of its own officers, to its own region's list (the
    Secretariat any officer, to any region)."""
    if is_secretariat(user):
        return True
    administration = expert.person.administration
    if administration is None or not can_propose_candidate(user, administration):
        return False
    return region is None or region.pk == administration.region_id


def can_decide_candidate(user: User | None, entry: CandidateListEntry) -> bool:
    """The ROCB of the list's region (or the Secretariat) accepts or rejects a nomination."""
    return is_secretariat(user) or (is_rocb(user) and user.region_id == entry.region_id)


def can_decide_now(user: User | None, entry: CandidateListEntry) -> bool:
    """Whether to offer the decision buttons: allowed, and the nomination still waits."""
    return entry.status == NominationStatus.NOMINATED and can_decide_candidate(user, entry)


def can_record_needs(user: User | None, administration: MemberAdministration) -> bool:
    """The Secretariat records any administration's needs; an ROCB officer those of its region."""
    return is_secretariat(user) or (is_rocb(user) and user.region_id == administration.region_id)


def can_import(user: User | None) -> bool:
    """Only the Secretariat imports experts."""
    return is_secretariat(user)


# --- the table ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    predicate: Callable[..., bool]
    refusal: str | Promise


RULES: dict[str, Rule] = {
    "create_expert": Rule(
        can_create_expert,
        _("Only the Secretariat creates experts; a member administration may only propose regional candidates."),
    ),
    "edit_expert": Rule(can_edit_expert, _("Only the Secretariat changes an expert record.")),
    "edit_own_profile": Rule(can_edit_own_profile, _("You can only edit your own profile.")),
    "manage_accreditations": Rule(
        can_manage_accreditations, _("Only the Secretariat moves accreditations through the pipeline.")
    ),
    "record_field_evaluation": Rule(
        can_record_field_evaluation, _("Only the Secretariat or the evaluator records a field evaluation.")
    ),
    "manage_workshops": Rule(can_manage_workshops, _("Only the Secretariat keeps the accreditation workshops.")),
    "record_deployment": Rule(can_record_deployment, _("Only the Secretariat records deployments.")),
    "delete_deployment": Rule(
        can_delete_deployment,
        _("Only the Secretariat removes a deployment by hand; one that came from a mission changes through it."),
    ),
    "manage_unavailability": Rule(
        can_manage_unavailability,
        _("Only the Secretariat, the expert and their home administration keep the expert's unavailability."),
    ),
    "propose_candidate": Rule(
        can_propose_candidate, _("A member administration proposes candidates only for its own administration.")
    ),
    "nominate": Rule(can_nominate, _("An administration nominates only its own officers, to its own region's list.")),
    "decide_candidate": Rule(
        can_decide_candidate, _("Only the ROCB of the region (or the Secretariat) decides on its candidate list.")
    ),
    "record_needs": Rule(
        can_record_needs, _("Only the Secretariat, or the ROCB of the administration's region, records its needs.")
    ),
    "import": Rule(can_import, _("Only the Secretariat imports experts.")),
}


def check(action: str, user: User | None, *args: Any, **kwargs: Any) -> None:
    """Raise :class:`ForbiddenError` with the rule's reason unless ``user`` may take ``action``."""
    rule = RULES[action]
    if not rule.predicate(user, *args, **kwargs):
        raise ForbiddenError(rule.refusal)
