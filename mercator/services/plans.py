"""A plan's life: opened from the written request, its MPAs, its phases (forward one at a time, on hold and
back, withdrawn), and the edits of its own record."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.choices import Category, Stage
from experts.models import Accreditation
from mercator import rules
from mercator.choices import PHASE_ORDER, TRANSITIONS, EventKind, Phase
from mercator.models import Plan
from mercator.services._common import event, lock_plan, required
from wcocb.errors import ConflictError, DomainError, ForbiddenError

if TYPE_CHECKING:
    from experts.models import Expert
    from wcocb.models import FundingSource, MemberAdministration, User

#: Fields of the plan's own record the Secretariat edits (the phase moves through the services below).
PLAN_FIELDS = (
    "title",
    "track",
    "form",
    "request_reference",
    "request_date",
    "request_document",
    "contact_name",
    "contact_email",
    "contact_user",
    "endorsed_on",
)


def holds_current_mpa_accreditation(expert: Expert, *, on: datetime.date | None = None) -> bool:
    """The MPA rule: only an expert fully accredited as Mercator Programme Advisor (not withdrawn, not lapsed)."""
    on = on or timezone.localdate()
    return Accreditation.objects.filter(
        expert=expert, area__category=Category.MPA, stage=Stage.FULLY_ACCREDITED, accredited_on__lte=on
    ).exists()


def _check_mpa(expert: Expert) -> None:
    if not holds_current_mpa_accreditation(expert):
        raise DomainError(
            _("%(expert)s does not hold a current MPA accreditation: only accredited Mercator Programme Advisors can "
              "be assigned to a plan.") % {"expert": expert}
        )  # fmt: skip


@transaction.atomic
def plan_open(
    *,
    by: User,
    administration: MemberAdministration,
    title: str,
    request_reference: str,
    request_date: datetime.date,
    contact_name: str,
    track: str = "tailor_made",
    form: str = "multi_year",
    contact_email: str = "",
    contact_user: User | None = None,
    request_document=None,
    mpas: Iterable[Expert] = (),
    funding: Iterable[FundingSource] = (),
    endorsed_on: datetime.date | None = None,
) -> Plan:
    """The Secretariat opens a plan from a member administration's written request (phase: request received)."""
    if not rules.can_open_plan(by):
        raise ForbiddenError(_("Only the Secretariat opens Mercator plans from a written request."))
    mpas = list(mpas)
    for expert in mpas:
        _check_mpa(expert)
    plan = Plan(
        administration=administration,
        title=title,
        track=track,
        form=form,
        request_reference=request_reference,
        request_date=request_date,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_user=contact_user,
        endorsed_on=endorsed_on,
        created_by=by,
    )
    if request_document is not None:
        plan.request_document = request_document
    plan.full_clean()
    plan.save()
    plan.mpas.set(mpas)
    plan.funding.set(list(funding))
    comment = _("Written request %(ref)s of %(date)s") % {"ref": request_reference, "date": request_date}
    event(plan, by=by, kind=EventKind.OPENED, to_state=plan.phase, comment=comment)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, by: User, funding: Iterable[FundingSource] | None = None, **values) -> Plan:
    """The Secretariat edits the plan's own record (not its phase, not its MPAs)."""
    plan = lock_plan(plan)
    rules.check(rules.can_manage_plan(by, plan), _("Only the Secretariat edits a plan's record."))
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    for name, value in values.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save(update_fields=[*values, "updated_at"])
    if funding is not None:
        plan.funding.set(list(funding))
    return plan


@transaction.atomic
def plan_assign_mpa(*, plan: Plan, expert: Expert, by: User) -> Plan:
    plan = lock_plan(plan)
    rules.check(rules.can_manage_plan(by, plan), _("Only the Secretariat assigns MPAs."))
    _check_mpa(expert)
    if plan.mpas.filter(pk=expert.pk).exists():
        raise ConflictError(_("%(expert)s is already assigned to this plan.") % {"expert": expert})
    plan.mpas.add(expert)
    event(plan, by=by, kind=EventKind.MPA_ASSIGNED, comment=str(expert))
    return plan


@transaction.atomic
def plan_remove_mpa(*, plan: Plan, expert: Expert, by: User) -> Plan:
    plan = lock_plan(plan)
    rules.check(rules.can_manage_plan(by, plan), _("Only the Secretariat removes MPAs."))
    if not plan.mpas.filter(pk=expert.pk).exists():
        raise ConflictError(_("%(expert)s is not assigned to this plan.") % {"expert": expert})
    plan.mpas.remove(expert)
    event(plan, by=by, kind=EventKind.MPA_REMOVED, comment=str(expert))
    return plan


def _move(plan: Plan, *, to: str, by: User, kind: str, comment: str = "", fields: Iterable[str] = ()) -> Plan:
    if to not in TRANSITIONS[plan.phase]:
        raise ConflictError(
            _("A plan in “%(from)s” cannot move to “%(to)s”.")
            % {"from": plan.get_phase_display(), "to": Phase(to).label}
        )
    from_phase = plan.phase
    plan.phase = to
    plan.full_clean()
    plan.save(update_fields=["phase", "updated_at", *fields])
    event(plan, by=by, kind=kind, from_state=from_phase, to_state=to, comment=comment)
    return plan


def next_phase(phase: str) -> str | None:
    if phase not in PHASE_ORDER or phase == Phase.CLOSED:
        return None
    return PHASE_ORDER[PHASE_ORDER.index(phase) + 1]


@transaction.atomic
def plan_advance(*, plan: Plan, by: User, comment: str = "") -> Plan:
    """Forward one phase: request received → validation → diagnostic → planning and delivery → monitoring and
    evaluation → closed (closing: the Secretariat). A plan needs a diagnostic before planning, and
    recommendations before monitoring."""
    plan = lock_plan(plan)
    to = next_phase(plan.phase)
    if to is None:
        raise ConflictError(_("A plan in “%(phase)s” has no next phase.") % {"phase": plan.get_phase_display()})
    rules.check(rules.can_advance(by, plan), _("Only the Secretariat and the plan's MPAs move it forward; only the "
                                               "Secretariat closes it."))  # fmt: skip
    if to == Phase.PLANNING_DELIVERY and not plan.diagnostics.exists():
        raise ConflictError(_("Record the diagnostic before moving to planning and delivery."))
    if to == Phase.MONITORING and not plan.recommendations.exists():
        raise ConflictError(_("The plan has no strategic recommendations yet: plan before monitoring."))
    return _move(plan, to=to, by=by, kind=EventKind.PHASE, comment=comment)


@transaction.atomic
def plan_hold(*, plan: Plan, by: User, reason: str) -> Plan:
    plan = lock_plan(plan)
    reason = required(reason, _("Give the reason for the hold."))
    if plan.phase not in TRANSITIONS or Phase.ON_HOLD not in TRANSITIONS[plan.phase]:
        raise ConflictError(_("A plan in “%(phase)s” cannot be put on hold.") % {"phase": plan.get_phase_display()})
    rules.check(rules.can_hold(by, plan), _("Only the Secretariat puts a plan on hold."))
    plan.held_from = plan.phase
    plan.phase_reason = reason
    return _move(
        plan, to=Phase.ON_HOLD, by=by, kind=EventKind.HELD, comment=reason, fields=["held_from", "phase_reason"]
    )


@transaction.atomic
def plan_resume(*, plan: Plan, by: User, comment: str = "") -> Plan:
    plan = lock_plan(plan)
    if plan.phase != Phase.ON_HOLD:
        raise ConflictError(_("Only a plan on hold can be resumed."))
    rules.check(rules.can_resume(by, plan), _("Only the Secretariat resumes a plan."))
    to = plan.held_from
    plan.held_from = ""
    plan.phase_reason = ""
    return _move(plan, to=to, by=by, kind=EventKind.RESUMED, comment=comment, fields=["held_from", "phase_reason"])


@transaction.atomic
def plan_withdraw(*, plan: Plan, by: User, reason: str) -> Plan:
    plan = lock_plan(plan)
    reason = required(reason, _("Give the reason for the withdrawal."))
    if Phase.WITHDRAWN not in TRANSITIONS[plan.phase]:
        raise ConflictError(_("A plan in “%(phase)s” cannot be withdrawn.") % {"phase": plan.get_phase_display()})
    rules.check(rules.can_withdraw(by, plan), _("Only the Secretariat withdraws a plan."))
    plan.phase_reason = reason
    return _move(plan, to=Phase.WITHDRAWN, by=by, kind=EventKind.WITHDRAWN, comment=reason, fields=["phase_reason"])
