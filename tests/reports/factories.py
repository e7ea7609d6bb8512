"""Factories of the reports app: delivered missions with their teams, accreditations on given dates."""

from __future__ import annotations

import datetime

from experts.choices import Stage
from experts.models import Accreditation
from missions.choices import DeliveryMode, MissionKind, Status
from missions.models import Assignment, MissionRequest
from tests import factories as base
from tests.missions.factories import ExpertFactory, MissionRequestFactory, area


def delivered(
    start: datetime.date,
    *,
    iso: str = "TH",
    kind: str = MissionKind.DIAGNOSTIC,
    days: int = 5,
    status: str = Status.COMPLETED,
    mode: str = DeliveryMode.IN_COUNTRY,
    experts=(),
) -> MissionRequest:
    """A mission that started on ``start`` and is ``status`` (completed by default), with ``experts`` on its team."""
    end = start + datetime.timedelta(days=days - 1)
    mission = MissionRequestFactory(
        administration=base.member(iso),
        kind=kind,
        preferred_start=start,
        preferred_end=end,
        start_date=start,
        end_date=end,
        duration_days=days,
        status=status,
        delivery_mode=mode,
    )
    for expert in experts:
        Assignment.objects.create(request=mission, expert=expert, start_date=start, end_date=end, selected=True)
    return mission


def accreditation(
    expert,
    code: str,
    *,
    pre: datetime.date,
    first: datetime.date | None = None,
    full: datetime.date | None = None,
    ended: datetime.date | None = None,
) -> Accreditation:
    """An accreditation with the dates of its pipeline (its stage today follows from them)."""
    stage = Stage.FULLY_ACCREDITED if full else Stage.FIRST_STEP if first else Stage.PRE_ASSESSED
    values = {"expert": expert, "area": area(code), "stage": stage, "pre_assessed_on": pre}
    values["workshop_passed_on"] = first
    if full:
        values.update(evaluator=ExpertFactory(), evaluated_on=full, accredited_on=full)
    if ended:
        values.update(stage=Stage.LAPSED, withdrawn_on=ended)
    return Accreditation.objects.create(**values)
