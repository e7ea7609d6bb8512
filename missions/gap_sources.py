"""The missions app's contribution to the experts gap analysis: open requests are a need."""

from __future__ import annotations

import datetime

from django.db.models import Count

from missions.choices import OPEN_STATUSES, Status
from missions.models import MissionRequest


def open_request_needs(*, as_of: datetime.date) -> dict[tuple[str, int], int]:
    """Open mission requests (received up to the step-7 deployment, or on hold) submitted on or
    before ``as_of``, counted per requesting administration's region and per requested area.
    A request is counted by its current status: a request closed since ``as_of`` no longer counts."""
    rows = (
        MissionRequest.objects.filter(
            status__in=[*OPEN_STATUSES, Status.ON_HOLD],
            created_at__date__lte=as_of,
            areas__isnull=False,
        )
        .values_list("administration__region__code", "areas")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return {(region, area): n for region, area, n in rows}
