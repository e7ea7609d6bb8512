"""Who may do what on a Mercator plan, in which phase: the ``can_*`` predicates the services check and the
pages, templates and API read.

- The Secretariat manages everything (opens plans from written requests, assigns MPAs, approves reports,
  closes, holds and withdraws plans, keeps the TFA reference data).
- An MPA (an expert assigned to the plan) edits the plan's content (diagnostics, findings, recommendations,
  activities, milestones, KPIs, risks), moves it forward through its phases, and drafts its period reports.
- The member administration sees its own plans; it edits only their progress fields (actual dates, costs and
  statuses of activities, milestones achieved, risks' mitigation and status), drafts and submits the period
  reports, and keeps its own TFA commitments.
- ROCB officers and read-only API clients read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from mercator.choices import OPEN_PHASES, Phase, ReportStatus
from wcocb.choices import Role
from wcocb.errors import ConflictError, ForbiddenError
from wcocb.rules import is_secretariat

if TYPE_CHECKING:
    from mercator.models import PeriodReport, Plan
    from wcocb.models import MemberAdministration, User


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_plan_mpa(user: User, plan: Plan) -> bool:
    """An expert assigned to the plan as its MPA (from the prefetch when there is one)."""
    if not _active(user) or user.role != Role.EXPERT:
        return False
    cached = getattr(plan, "_prefetched_objects_cache", {}).get("mpas")
    if cached is not None:
        return any(expert.person.user_id == user.pk for expert in cached)
    return plan.mpas.filter(person__user=user).exists()


def is_plan_member(user: User, plan: Plan) -> bool:
    return _active(user) and user.role == Role.MEMBER and user.administration_id == plan.administration_id


def can_open_plan(user: User) -> bool:
    return is_secretariat(user)


def can_manage_plan(user: User, plan: Plan) -> bool:
    """MPAs, hold, withdrawal, closure, the plan's own record."""
    return is_secretariat(user)


def can_edit_content(user: User, plan: Plan) -> bool:
    """Diagnostics, findings, recommendations, activities, milestones, KPIs, risks (open plans only)."""
    return plan.phase in OPEN_PHASES and (is_secretariat(user) or is_plan_mpa(user, plan))


def can_edit_progress(user: User, plan: Plan) -> bool:
    """The progress fields of activities, milestones and risks (open plans only)."""
    return can_edit_content(user, plan) or (plan.phase in OPEN_PHASES and is_plan_member(user, plan))


def can_advance(user: User, plan: Plan) -> bool:
    """Move the plan to its next phase; closing it is the Secretariat's."""
    if plan.phase not in OPEN_PHASES:
        return False
    if plan.phase == Phase.MONITORING:
        return is_secretariat(user)
    return is_secretariat(user) or is_plan_mpa(user, plan)


def can_hold(user: User, plan: Plan) -> bool:
    return plan.phase in OPEN_PHASES and is_secretariat(user)


def can_resume(user: User, plan: Plan) -> bool:
    return plan.phase == Phase.ON_HOLD and is_secretariat(user)


def can_withdraw(user: User, plan: Plan) -> bool:
    return plan.phase in (OPEN_PHASES | {Phase.ON_HOLD}) and is_secretariat(user)


def can_raise_mission(user: User, plan: Plan) -> bool:
    return plan.phase in OPEN_PHASES and (is_secretariat(user) or is_plan_member(user, plan))


def can_draft_report(user: User, plan: Plan) -> bool:
    return plan.phase in OPEN_PHASES and (
        is_secretariat(user) or is_plan_mpa(user, plan) or is_plan_member(user, plan)
    )


def can_edit_report(user: User, report: PeriodReport) -> bool:
    return report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED) and can_draft_report(user, report.plan)


def can_submit_report(user: User, report: PeriodReport) -> bool:
    return can_edit_report(user, report)


def can_decide_report(user: User, report: PeriodReport) -> bool:
    return report.status == ReportStatus.SUBMITTED and is_secretariat(user)


def can_edit_commitment(user: User, administration: MemberAdministration) -> bool:
    """A member keeps its own TFA rows; the Secretariat keeps everyone's."""
    return is_secretariat(user) or (
        _active(user) and user.role == Role.MEMBER and user.administration_id == administration.pk
    )


def can_import_commitments(user: User | None) -> bool:
    return is_secretariat(user)


def can_edit_reference(user: User) -> bool:
    return is_secretariat(user)


def check(allowed: bool, message=None, *, conflict: bool = False) -> None:
    """Raise the refusal when ``allowed`` is false: ``ConflictError`` when the record's state forbids it."""
    if allowed:
        return
    if conflict:
        raise ConflictError(message or _("The plan's phase does not allow this."))
    raise ForbiddenError(message or _("You may not do this on this plan."))
