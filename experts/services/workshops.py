"""Accreditation workshops: create, change, register participants, record results."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experts import rules
from experts.choices import Stage, WorkshopResult
from experts.models import AccreditationWorkshop, Expert, WorkshopParticipation
from experts.services.accreditation import accreditation_pass_workshop
from wcocb.errors import ConflictError, DomainError
from wcocb.models import User

WORKSHOP_FIELDS = ("kind", "category", "area", "title", "start_date", "end_date", "venue", "region")


@transaction.atomic
def workshop_create(*, by: User, **fields: Any) -> AccreditationWorkshop:
    """Create an accreditation workshop (Secretariat)."""
    rules.check("manage_workshops", by)
    unknown = set(fields) - set(WORKSHOP_FIELDS)
    if unknown:
        raise TypeError(f"Unknown workshop fields: {', '.join(sorted(unknown))}")
    workshop = AccreditationWorkshop(**fields)
    workshop.full_clean()
    workshop.save()
    return workshop


@transaction.atomic
def workshop_update(*, workshop: AccreditationWorkshop, by: User, **fields: Any) -> AccreditationWorkshop:
    """Change a workshop's kind, category, area, title, dates, venue or region (Secretariat)."""
    rules.check("manage_workshops", by, workshop)
    unknown = set(fields) - set(WORKSHOP_FIELDS)
    if unknown:
        raise TypeError(f"Unknown workshop fields: {', '.join(sorted(unknown))}")
    workshop = AccreditationWorkshop.objects.select_for_update().get(pk=workshop.pk)
    for key, value in fields.items():
        setattr(workshop, key, value)
    workshop.full_clean()
    workshop.save()
    return workshop


@transaction.atomic
def workshop_add_participant(*, workshop: AccreditationWorkshop, expert: Expert, by: User) -> WorkshopParticipation:
    """Register an expert for a workshop, before any result (Secretariat)."""
    rules.check("manage_workshops", by, workshop)
    participation, _created = WorkshopParticipation.objects.get_or_create(workshop=workshop, expert=expert)
    return participation


@transaction.atomic
def workshop_record_result(
    *, workshop: AccreditationWorkshop, expert: Expert, result: str, by: User, comment: str = ""
) -> WorkshopParticipation:
    """Record a participant's result (adding them if needed). A pass moves each of the expert's
    pre-assessed accreditations the workshop covers to 1st step; a pass with no such
    accreditation is refused (pre-assess first)."""
    rules.check("manage_workshops", by, workshop)
    if result not in (WorkshopResult.PASSED, WorkshopResult.FAILED, WorkshopResult.ABSENT):
        raise DomainError(_("Record the result as passed, failed or absent."))
    participation, _created = WorkshopParticipation.objects.select_for_update().get_or_create(
        workshop=workshop, expert=expert
    )
    if participation.result == WorkshopResult.PASSED and result != WorkshopResult.PASSED:
        raise ConflictError(_("A pass already moved the accreditation forward; it cannot be changed to a failure."))
    if result == WorkshopResult.PASSED and participation.result != WorkshopResult.PASSED:
        pre_assessed = expert.accreditations.filter(stage=Stage.PRE_ASSESSED, area__category=workshop.category)
        if workshop.area_id:
            pre_assessed = pre_assessed.filter(area_id=workshop.area_id)
        covered = list(pre_assessed.order_by("pk"))
        if not covered:
            raise DomainError(
                _(
                    "%(expert)s has no pre-assessed accreditation that this workshop covers; "
                    "record the pre-assessment first."
                )
                % {"expert": expert}
            )
        for accreditation in covered:
            accreditation_pass_workshop(
                accreditation=accreditation, workshop=workshop, on=workshop.end_date, by=by, comment=comment
            )
        participation.refresh_from_db()  # the pass recorded it
        return participation
    participation.result = result
    participation.recorded_at = timezone.now()
    participation.save(update_fields=["result", "recorded_at"])
    return participation
