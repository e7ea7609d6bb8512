"""Missions delivered before the platform existed (the historic import): written as finished missions, keyed on
their old reference (``origin_reference = "historic:<reference>"``), so a re-import changes nothing."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from missions.choices import Origin, Status
from missions.models import Assignment, MissionRequest
from reports import rules
from wcocb.errors import ForbiddenError
from wcocb.models import Language

HISTORIC_STATUSES = (Status.CLOSED, Status.COMPLETED, Status.CANCELLED)
PREFIX = "historic:"
FIELDS = ("administration", "kind", "delivery_mode", "funding", "start_date", "end_date", "status", "title")


@transaction.atomic
def historic_mission_save(*, by, reference: str, experts=(), **values) -> str:
    """Create or update the historic mission ``reference``; returns created / updated / unchanged."""
    if not rules.can_import_history(by):
        raise ForbiddenError(_("Only the Secretariat imports historic missions."))
    key = f"{PREFIX}{reference}"
    mission = MissionRequest.objects.select_for_update().filter(origin_reference=key).first()
    created = mission is None
    if created:
        mission = MissionRequest(origin_reference=key, origin=Origin.AD_HOC, created_by=by)
        mission.language = Language.objects.get(code="en")
        mission.objectives = str(_("Imported from the records of past missions."))
    values["title"] = values.get("title") or f"{values['kind']} {reference}"
    changed = created or any(getattr(mission, name) != values[name] for name in FIELDS)
    for name in FIELDS:
        setattr(mission, name, values[name])
    mission.preferred_start, mission.preferred_end = values["start_date"], values["end_date"]
    mission.duration_days = (values["end_date"] - values["start_date"]).days + 1
    mission.plan_year = values["start_date"].year
    if changed:
        mission.full_clean()
        mission.save()
    team = set(mission.assignments.values_list("expert_id", flat=True)) if not created else set()
    wanted = {expert.pk: expert for expert in experts}
    if team != set(wanted):
        mission.assignments.exclude(expert_id__in=list(wanted)).delete()
        for expert_id, expert in wanted.items():
            if expert_id not in team:
                assignment = Assignment(
                    request=mission, expert=expert, start_date=mission.start_date, end_date=mission.end_date,
                    selected=True,
                )  # fmt: skip
                assignment.full_clean()
                assignment.save()
        changed = True
    if created:
        return "created"
    return "updated" if changed else "unchanged"
