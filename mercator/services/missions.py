"""Between plans and missions: a mission request raised from an activity (or a diagnostic) with origin
"Mercator implementation plan", and a completed mission bringing its dates and cost estimate back."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from mercator import rules
from mercator.choices import EventKind
from mercator.models import Activity
from mercator.services._common import event, lock_plan
from missions import services as mission_services
from missions.choices import Origin
from missions.selectors import estimate_request

if TYPE_CHECKING:
    from missions.models import MissionRequest
    from wcocb.models import FundingSource, Language, User


@transaction.atomic
def activity_raise_mission(
    *,
    activity: Activity,
    by: User,
    kind: str,
    title: str,
    objectives: str,
    preferred_start: datetime.date,
    preferred_end: datetime.date,
    duration_days: int,
    language: Language,
    funding: FundingSource,
    delivery_mode: str = "in_country",
) -> MissionRequest:
    """Raise a mission request for the activity: the plan's administration asks for it, its origin is the plan."""
    plan = lock_plan(activity.plan)
    rules.check(rules.can_raise_mission(by, plan), _("Only the Secretariat and the plan's administration raise "
                                                     "mission requests from an open plan."))  # fmt: skip
    request = mission_services.request_submit(
        by=by,
        administration=plan.administration,
        kind=kind,
        title=title,
        objectives=objectives,
        preferred_start=preferred_start,
        preferred_end=preferred_end,
        duration_days=duration_days,
        language=language,
        funding=funding,
        delivery_mode=delivery_mode,
        origin=Origin.MERCATOR_PLAN,
        origin_reference=plan.reference,
    )
    activity.missions.add(request)
    event(plan, by=by, kind=EventKind.MISSION_RAISED, comment=f"{request.reference} — {activity.title}")
    return request


def _usd(request: MissionRequest) -> Decimal:
    return estimate_request(request).totals.get("USD", Decimal(0))


def mission_completed(*, request: MissionRequest, by: User | None) -> None:
    """A completed mission's dates widen its activities' actual dates and its cost estimate (USD) adds to their
    actual cost (``missions.hooks.completed``)."""
    activities = list(Activity.objects.filter(missions=request).select_related("plan"))
    if not activities or not request.has_dates:
        return
    cost = _usd(request)
    for activity in activities:
        lock_plan(activity.plan)
        activity = Activity.objects.select_for_update(of=("self",)).get(pk=activity.pk)
        activity.actual_start = min(filter(None, [activity.actual_start, request.start_date]))
        activity.actual_end = max(filter(None, [activity.actual_end, request.end_date]))
        activity.actual_cost = (activity.actual_cost or Decimal(0)) + cost
        activity.full_clean()
        activity.save(update_fields=["actual_start", "actual_end", "actual_cost", "updated_at"])
        event(activity.plan, by=by, kind=EventKind.MISSION_COMPLETED,
              comment=_("%(mission)s: %(start)s to %(end)s, USD %(cost)s added to “%(activity)s”")
              % {"mission": request.reference, "start": request.start_date, "end": request.end_date, "cost": cost,
                 "activity": activity.title})  # fmt: skip
