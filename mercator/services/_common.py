"""What the Mercator services share: the plan's row lock and the timeline entry (and the moment it records)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.utils import timezone
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


_RECORDED_AT: ContextVar[datetime.datetime | None] = ContextVar("mercator_recorded_at", default=None)


@contextmanager
def recorded_at(moment: datetime.datetime) -> Iterator[None]:
    """Date the timeline entries written inside the block at ``moment`` instead of now: a plan's past entered
    after the fact (the demo's history of the plans endorsed in 2016/17). Only a past moment is accepted."""
    if timezone.is_naive(moment):
        raise ValueError("recorded_at needs an aware datetime")
    if moment > timezone.now():
        raise DomainError(_("A plan's history cannot be dated in the future."))
    token = _RECORDED_AT.set(moment)
    try:
        yield
    finally:
        _RECORDED_AT.reset(token)


def event(plan: Plan, *, by: User | None, kind: str, from_state: str = "", to_state: str = "", comment: str = "",
          recommendation=None, report=None) -> PlanTimelineEvent:  # fmt: skip
    return PlanTimelineEvent.objects.create(
        at=_RECORDED_AT.get() or timezone.now(),
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
