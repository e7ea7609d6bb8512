"""What the Mercator services share: the plan's row lock and the timeline entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from mercator.models import Finding, Plan, PlanTimelineEvent
from wcocb.errors import DomainError

if TYPE_CHECKING:
    from wcocb.models import User


def lock_plan(plan: Plan | int) -> Plan:
    """Re-read the plan under a row lock: whoever comes second sees the first one's change."""
    pk = plan if isinstance(plan, int) else plan.pk
    return Plan.objects.select_for_update(of=("self",)).select_related("administration").get(pk=pk)


def plan_of(instance) -> Plan:
    if isinstance(instance, Finding):
        return instance.diagnostic.plan
    return instance.plan


def event(plan: Plan, *, by: User | None, kind: str, from_state: str = "", to_state: str = "", comment: str = "",
          recommendation=None, report=None) -> PlanTimelineEvent:  # fmt: skip
    return PlanTimelineEvent.objects.create(
        plan=plan,
        actor=by,
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        recommendation=recommendation,
        report=report,
    )


def required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(message)
    return text


def no_reason() -> str:
    return _("Give the reason.")
