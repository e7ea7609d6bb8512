"""Who may take which workflow action on a mission request, and in which statuses.

The services call :func:`check_action` before anything else; pages and the API call
:func:`allowed_actions` to offer only what the viewer may do now. One table, so the buttons shown
and the rules enforced cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from missions.choices import OPEN_STATUSES, Action, MissionKind, Status
from wcocb.choices import Role
from wcocb.errors import ConflictError, DomainError, ForbiddenError
from wcocb.rules import is_secretariat

if TYPE_CHECKING:
    from missions.models import MissionRequest
    from wcocb.models import User


def _secretariat(user: User, request: MissionRequest) -> bool:
    return is_secretariat(user)


def _rocb_of_region(user: User, request: MissionRequest) -> bool:
    return user.role == Role.ROCB and user.region_id == request.administration.region_id


def _secretariat_or_rocb(user: User, request: MissionRequest) -> bool:
    return _secretariat(user, request) or _rocb_of_region(user, request)


def _requesting_member(user: User, request: MissionRequest) -> bool:
    return user.role == Role.MEMBER and user.administration_id == request.administration_id


def _team_expert(role: str | None = None) -> Callable[[User, MissionRequest], bool]:
    def check(user: User, request: MissionRequest) -> bool:
        if user.role != Role.EXPERT:
            return False
        team = request.assignments.filter(selected=True, expert__person__user=user)
        if role:
            team = team.filter(role=role)
        return team.exists()

    return check


def rocb_has_commented(request: MissionRequest) -> bool:
    """Whether the ROCB's comment on the request is on its timeline (from the prefetch when there is one)."""
    cached = getattr(request, "_prefetched_objects_cache", {}).get("timeline")
    if cached is not None:
        return any(event.action == Action.ROCB_COMMENTED for event in cached)
    return request.timeline.filter(action=Action.ROCB_COMMENTED).exists()


def _any(*checks: Callable[[User, MissionRequest], bool]) -> Callable[[User, MissionRequest], bool]:
    return lambda user, request: any(check(user, request) for check in checks)


@dataclass(frozen=True)
class ActionRule:
    name: str
    label: str | Promise
    sources: frozenset[str]
    allowed: Callable[[User, MissionRequest], bool]
    #: statuses in which only some of the allowed roles may act (e.g. a member cancelling early)
    narrower: Callable[[User, MissionRequest], bool] | None = None
    #: whether the action applies to this kind of request at all (e.g. field evaluations only)
    applies: Callable[[MissionRequest], bool] | None = None
    not_applicable: str | Promise = ""


RULES: dict[str, ActionRule] = {
    rule.name: rule
    for rule in [
        ActionRule(
            "rocb_comment",
            _("Record the ROCB's comment"),
            frozenset({Status.RECEIVED}),
            _secretariat_or_rocb,
        ),
        ActionRule(
            "plan",
            _("Accept into the annual plan"),
            frozenset({Status.RECEIVED}),
            _secretariat,
            applies=rocb_has_commented,
            not_applicable=_(
                "The ROCB has not commented on this request yet: record its comment before accepting the "
                "request into the annual plan."
            ),
        ),
        ActionRule(
            "set_dates",
            _("Set the mission dates"),
            frozenset({Status.PLANNED, Status.EXPERT_SEARCH, Status.AVAILABILITY_CHECK}),
            _secretariat,
        ),
        ActionRule("start_search", _("Start the expert search"), frozenset({Status.PLANNED}), _secretariat_or_rocb),
        ActionRule(
            "shortlist",
            _("Shortlist experts"),
            frozenset({Status.EXPERT_SEARCH, Status.AVAILABILITY_CHECK}),
            _secretariat_or_rocb,
        ),
        ActionRule(
            "deliver_by_secretariat",
            _("Deliver with Secretariat staff"),
            frozenset({Status.EXPERT_SEARCH}),
            _secretariat,
        ),
        ActionRule(
            "record_availability",
            _("Record availability"),
            frozenset({Status.AVAILABILITY_CHECK}),
            _secretariat_or_rocb,
        ),
        ActionRule("request_release", _("Send release letters"), frozenset({Status.AVAILABILITY_CHECK}), _secretariat),
        ActionRule(
            "reopen_selection",
            _("Reopen the selection"),
            frozenset({Status.RELEASE_REQUESTED}),
            _secretariat,
        ),
        ActionRule("form_team", _("Form the team"), frozenset({Status.RELEASED}), _secretariat),
        ActionRule(
            "brief",
            _("Record a briefing"),
            frozenset({Status.TEAM_FORMED}),
            _secretariat_or_rocb,
            applies=lambda request: not request.delivered_by_secretariat,
            not_applicable=_("Secretariat staff deliver this mission: there is no team to brief."),
        ),
        ActionRule(
            "upload_document",
            _("Upload a document"),
            frozenset({Status.TEAM_FORMED, Status.DEPLOYED}),
            _any(_secretariat_or_rocb, _team_expert()),
        ),
        ActionRule("deploy", _("Mark as deployed"), frozenset({Status.TEAM_FORMED}), _secretariat),
        ActionRule(
            "complete",
            _("Mark as completed"),
            frozenset({Status.DEPLOYED}),
            _any(_secretariat, _team_expert("lead")),
        ),
        ActionRule(
            "record_evaluation",
            _("Record the field evaluation"),
            frozenset({Status.DEPLOYED, Status.COMPLETED}),
            _any(_secretariat, _team_expert("evaluator")),
            applies=lambda request: request.kind == MissionKind.FIELD_EVALUATION,
            not_applicable=_("Only an accreditation field-evaluation mission records a field evaluation."),
        ),
        ActionRule("close", _("Close"), frozenset({Status.COMPLETED}), _secretariat),
        ActionRule("hold", _("Put on hold"), OPEN_STATUSES, _secretariat),
        ActionRule("resume", _("Resume"), frozenset({Status.ON_HOLD}), _secretariat),
        ActionRule(
            "cancel",
            _("Cancel"),
            OPEN_STATUSES | {Status.ON_HOLD},
            _any(_secretariat, _requesting_member),
            narrower=lambda user, request: (
                _secretariat(user, request) or request.status in {Status.RECEIVED, Status.PLANNED}
            ),
        ),
    ]
}


def refusal(action: str, request: MissionRequest, user: User) -> DomainError | None:
    """Why ``user`` may not take ``action`` on ``request`` now (role, then state), or ``None``."""
    rule = RULES[action]
    if not (user.is_authenticated and user.is_active and rule.allowed(user, request)):
        return ForbiddenError(_("Your role may not do this on this request: %(action)s.") % {"action": rule.label})
    if request.status not in rule.sources:
        return ConflictError(
            _("“%(action)s” is not possible while the request is “%(status)s”.")
            % {"action": rule.label, "status": request.get_status_display()}
        )
    if rule.applies and not rule.applies(request):
        return DomainError(rule.not_applicable)
    if rule.narrower and not rule.narrower(user, request):
        return ForbiddenError(
            _("Only the Secretariat may do this once the expert search has started: %(action)s.")
            % {"action": rule.label}
        )
    return None


def check_action(action: str, request: MissionRequest, user: User) -> None:
    error = refusal(action, request, user)
    if error is not None:
        raise error


def can(action: str, request: MissionRequest, user: User) -> bool:
    return refusal(action, request, user) is None


def allowed_actions(request: MissionRequest, user: User) -> list[str]:
    """The actions ``user`` may take on ``request`` now, in workflow order."""
    return [name for name in RULES if can(name, request, user)]
