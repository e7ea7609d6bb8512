"""Who may do what in the training app: ``can_<action>(user, obj)`` predicates, one table.

The services call :func:`check` before anything else (a refusal is a :class:`wcocb.errors.ForbiddenError`
with the rule's reason); pages, templates and the API ask the same predicates to offer only what the viewer
may do. The state a move needs (the participant path) is checked by the services against
:data:`training.choices.TRANSITIONS`. An inactive or anonymous user may do nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from training.choices import OPEN_STATUSES, TRANSITIONS, ParticipantStatus
from wcocb.errors import ForbiddenError
from wcocb.rules import is_expert, is_member, is_rocb, is_secretariat

if TYPE_CHECKING:
    from training.models import Certificate, Participant, Session
    from wcocb.models import Person, User


def can_manage_catalogue(user: User | None, obj: Any = None) -> bool:
    """The Secretariat keeps the programmes and their sessions."""
    return is_secretariat(user)


def can_nominate(user: User | None, session: Session | None = None, person: Person | None = None) -> bool:
    """A member administration nominates its own officers (the Secretariat any officer)."""
    if is_secretariat(user):
        return True
    if not is_member(user) or user.administration_id is None:
        return False
    return person is None or person.administration_id == user.administration_id


def can_decide(user: User | None, participant: Participant | None = None) -> bool:
    """The Secretariat selects (or not), enrols, marks completed and certifies."""
    return is_secretariat(user)


def can_withdraw(user: User | None, participant: Participant) -> bool:
    """The Secretariat, or the participant's own administration while the participant is still on the path."""
    if is_secretariat(user):
        return True
    return (
        is_member(user)
        and participant.administration_id == user.administration_id
        and participant.status in OPEN_STATUSES
    )


def can_give_reviewers(user: User | None, participant: Participant) -> bool:
    """The participant themself or their administration gives the 360° reviewers' addresses (and the Secretariat)."""
    if is_secretariat(user):
        return True
    if is_member(user):
        return participant.administration_id == user.administration_id
    return is_expert(user) and participant.person.user_id is not None and participant.person.user_id == user.pk


def can_revoke(user: User | None, certificate: Certificate | None = None) -> bool:
    """Only the Secretariat revokes a certificate, with a reason."""
    return is_secretariat(user)


def can_import(user: User | None) -> bool:
    """Only the Secretariat imports the e-learning platform's completions."""
    return is_secretariat(user)


def can_see_statistics(user: User | None, session: Session | None = None) -> bool:
    """The session's figures (participants, administrations, results, gender split, feedback, impact)."""
    return is_secretariat(user) or is_rocb(user)


# --- the table ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    predicate: Callable[..., bool]
    refusal: str | Promise


RULES: dict[str, Rule] = {
    "manage_catalogue": Rule(can_manage_catalogue, _("Only the Secretariat keeps the programmes and sessions.")),
    "nominate": Rule(can_nominate, _("A member administration nominates only its own officers.")),
    "decide": Rule(can_decide, _("Only the Secretariat selects, enrols, completes and certifies participants.")),
    "withdraw": Rule(
        can_withdraw,
        _("Only the Secretariat, or the participant's administration while they are on the path, withdraws."),
    ),
    "give_reviewers": Rule(
        can_give_reviewers, _("Only the participant or their administration gives the 360° reviewers.")
    ),
    "revoke": Rule(can_revoke, _("Only the Secretariat revokes a certificate.")),
    "import": Rule(can_import, _("Only the Secretariat imports e-learning completions.")),
}


def check(action: str, user: User | None, *args: Any, **kwargs: Any) -> None:
    """Raise :class:`ForbiddenError` with the rule's reason unless ``user`` may take ``action``."""
    rule = RULES[action]
    if not rule.predicate(user, *args, **kwargs):
        raise ForbiddenError(rule.refusal)


#: The path's moves a viewer may offer, by the rule that allows them.
MOVE_RULES = {
    "select": "decide",
    "not_select": "decide",
    "enrol": "decide",
    "complete": "decide",
    "certify": "decide",
    "withdraw": "withdraw",
}
#: The status each move leaves from (enrol may end on the waiting list).
MOVE_TARGET = {
    "select": ParticipantStatus.SELECTED,
    "not_select": ParticipantStatus.NOT_SELECTED,
    "enrol": ParticipantStatus.ENROLLED,
    "complete": ParticipantStatus.COMPLETED,
    "certify": ParticipantStatus.CERTIFIED,
    "withdraw": ParticipantStatus.WITHDRAWN,
}


def allowed_moves(user: User | None, participant: Participant) -> list[str]:
    """The moves ``user`` may make on ``participant`` now, in path order (for buttons)."""
    return [
        move
        for move, rule in MOVE_RULES.items()
        if MOVE_TARGET[move] in TRANSITIONS[participant.status] and RULES[rule].predicate(user, participant)
    ]
