"""Who may do what on a mission, in which state: the workflow's action table and the ``can_*`` predicates.

The services call :func:`check_action` (or the ``*_refusal`` functions) before anything else; pages, templates
and the API call :func:`allowed_actions` and the ``can_*`` predicates to offer only what the viewer may do
now. One table (:data:`RULES`), so the buttons shown and the rules enforced cannot disagree; the page and
the API run the same actions through :data:`missions.services.ACTIONS`, keyed like this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from missions.choices import OPEN_STATUSES, Action, LetterAnswer, MissionKind, ReportStatus, Status, TeamRole
from wcocb.choices import Role
from wcocb.errors import ConflictError, DomainError, ForbiddenError
from wcocb.rules import is_secretariat

if TYPE_CHECKING:
    from missions.models import MissionReport, MissionRequest, ReleaseLetter
    from wcocb.models import MemberAdministration, User


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _secretariat(user: User, request: MissionRequest) -> bool:
    return is_secretariat(user)


def _rocb_of_region(user: User, request: MissionRequest) -> bool:
    return _active(user) and user.role == Role.ROCB and user.region_id == request.administration.region_id


def _secretariat_or_rocb(user: User, request: MissionRequest) -> bool:
    return _secretariat(user, request) or _rocb_of_region(user, request)


def _requesting_member(user: User, request: MissionRequest) -> bool:
    return _active(user) and user.role == Role.MEMBER and user.administration_id == request.administration_id


def _team_expert(role: str | None = None) -> Callable[[User, MissionRequest], bool]:
    def check(user: User, request: MissionRequest) -> bool:
        if not _active(user) or user.role != Role.EXPERT:
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


def has_documents(request: MissionRequest) -> bool:
    """Whether the mission has preparation documents (from the prefetch when there is one)."""
    cached = getattr(request, "_prefetched_objects_cache", {}).get("documents")
    if cached is not None:
        return bool(cached)
    return request.documents.exists()


def _any(*checks: Callable[[User, MissionRequest], bool]) -> Callable[[User, MissionRequest], bool]:
    return lambda user, request: any(check(user, request) for check in checks)


def _close_blocker(request: MissionRequest) -> str | None:
    """The first reason a completed mission cannot close yet (its report is not accepted ...): the checks of
    :data:`missions.hooks.close_checks`, so "Close" is offered only when it would succeed."""
    from missions.hooks import close_checks

    for check in close_checks:
        reason = check(request)
        if reason:
            return str(reason)
    return None


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
    #: why the action cannot be taken yet although the state allows it (e.g. close before the report), or None
    blocker: Callable[[MissionRequest], str | None] | None = None


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
        ActionRule(
            "replace_document",
            _("Replace a document"),
            frozenset({Status.TEAM_FORMED, Status.DEPLOYED}),
            _any(_secretariat_or_rocb, _team_expert()),
            applies=has_documents,
            not_applicable=_("The mission has no document yet."),
        ),
        ActionRule(
            "remove_document",
            _("Remove a document"),
            frozenset({Status.TEAM_FORMED, Status.DEPLOYED}),
            _any(_secretariat_or_rocb, _team_expert()),
            applies=has_documents,
            not_applicable=_("The mission has no document yet."),
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
        ActionRule("close", _("Close"), frozenset({Status.COMPLETED}), _secretariat, blocker=_close_blocker),
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
    reason = rule.blocker(request) if rule.blocker else None
    if reason:
        return DomainError(reason)
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


# --- the request itself ----------------------------------------------------------------------------
def can_submit_request(user: User, administration: MemberAdministration) -> bool:
    """A member submits for its own administration; the Secretariat for any, on its behalf."""
    return is_secretariat(user) or (
        _active(user) and user.role == Role.MEMBER and user.administration_id == administration.pk
    )


def oversees(user: User, request: MissionRequest) -> bool:
    """The Secretariat, and the ROCB of the requesting administration's region."""
    return _secretariat_or_rocb(user, request)


def can_suggest_experts(user: User, request: MissionRequest) -> bool:
    """Ranked expert suggestions (the page's shortlist panel and ``GET .../suggestions/``): those who
    search experts for the mission, the Secretariat and the region's ROCB."""
    return oversees(user, request)


def suggestions_refusal(user: User, request: MissionRequest) -> ForbiddenError | None:
    if can_suggest_experts(user, request):
        return None
    return ForbiddenError(_("Only the Secretariat and the ROCB search experts for a mission."))


def can_override_commitment(user: User) -> bool:
    return is_secretariat(user)


# --- release letters ------------------------------------------------------------------------------
def is_home_administration(user: User, letter: ReleaseLetter) -> bool:
    """A user of the expert's home administration, to whom the release letter is addressed."""
    home = letter.assignment.expert.person.administration_id
    return _active(user) and user.role == Role.MEMBER and home is not None and user.administration_id == home


def letter_answer_refusal(user: User, letter: ReleaseLetter) -> DomainError | None:
    """Why ``user`` may not answer ``letter`` now (role, then state), or ``None``."""
    if not (is_secretariat(user) or is_home_administration(user, letter)):
        return ForbiddenError(_("Only the expert's home administration may answer this release request."))
    request = letter.assignment.request
    if request.status != Status.RELEASE_REQUESTED:
        return ConflictError(
            _("The request is “%(status)s”: release letters cannot be answered now.")
            % {"status": request.get_status_display()}
        )
    if letter.answer != LetterAnswer.PENDING:
        return ConflictError(
            _("This release request was already answered: %(answer)s.") % {"answer": letter.get_answer_display()}
        )
    return None


def can_answer_letter(user: User, letter: ReleaseLetter) -> bool:
    return letter_answer_refusal(user, letter) is None


# --- the mission report ---------------------------------------------------------------------------
#: Report statuses in which the team leader may still change it.
REPORT_EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


#: Mission statuses in which a report exists or is being written (the mission page shows its panel).
REPORT_STAGES = frozenset({Status.DEPLOYED, Status.COMPLETED, Status.CLOSED})


def has_report_stage(request: MissionRequest) -> bool:
    return request.status in REPORT_STAGES


def is_team_leader(user: User, request: MissionRequest) -> bool:
    return bool(
        _active(user)
        and user.role == Role.EXPERT
        and request.assignments.filter(selected=True, role=TeamRole.LEAD, expert__person__user=user).exists()
    )


def report_write_refusal(user: User, request: MissionRequest, report: MissionReport | None) -> DomainError | None:
    """Why ``user`` may not save the report of ``request`` now, or ``None``."""
    if not is_team_leader(user, request):
        return ForbiddenError(_("Only the mission's team leader may write its report."))
    if report is not None and report.status not in REPORT_EDITABLE:  # the report's state is the reason
        return ConflictError(
            _("The report is “%(status)s” and cannot be changed now.") % {"status": report.get_status_display()}
        )
    if request.status not in {Status.DEPLOYED, Status.COMPLETED}:
        return ConflictError(_("The report can be written once the mission is deployed."))
    return None


def report_submit_refusal(user: User, request: MissionRequest, report: MissionReport | None) -> DomainError | None:
    """Why ``user`` may not submit the report of ``request`` now, or ``None``."""
    if not is_team_leader(user, request):
        return ForbiddenError(_("Only the mission's team leader may write its report."))
    if report is not None and report.status not in REPORT_EDITABLE:
        return ConflictError(
            _("The report is “%(status)s” and cannot be submitted again.") % {"status": report.get_status_display()}
        )
    if request.status != Status.COMPLETED:
        return ConflictError(_("The report can be submitted once the mission is completed."))
    return None


def report_review_refusal(user: User, report: MissionReport) -> DomainError | None:
    if not is_secretariat(user):
        return ForbiddenError(_("Only the Secretariat may review mission reports."))
    if report.status != ReportStatus.SUBMITTED:
        return ConflictError(
            _("Only a submitted report can be reviewed; this one is “%(status)s”.")
            % {"status": report.get_status_display()}
        )
    return None


def can_write_report(user: User, request: MissionRequest, report: MissionReport | None = None) -> bool:
    return report_write_refusal(user, request, report) is None


def can_submit_report(user: User, request: MissionRequest, report: MissionReport | None = None) -> bool:
    return report_submit_refusal(user, request, report) is None


def can_review_report(user: User, report: MissionReport) -> bool:
    return report_review_refusal(user, report) is None


# --- cost tables ----------------------------------------------------------------------------------
def can_manage_costs(user: User) -> bool:
    return is_secretariat(user)


def can_manage_calendar_feed(user: User, expert) -> bool:
    """An expert makes, replaces and revokes their own calendar subscription address; nobody else does."""
    return bool(_active(user) and user.role == Role.EXPERT and expert.person.user_id == user.pk)
