"""The manual shortlist's search-as-you-type picker: experts matching what was typed (the expert search's
typo-tolerant matching), each with their administration, live areas and availability on the mission's dates,
and a warning when their areas do not cover the request's or when they work for the beneficiary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from experts.choices import ACTIVE_STAGES, Stage
from experts.filters import ExpertFilterSet
from experts.models import Accreditation, Deployment, Expert, Unavailability
from missions import rules
from missions.choices import Status
from missions.models import Assignment, MissionRequest
from wcocb.scoping import scope_queryset

if TYPE_CHECKING:
    from wcocb.models import User

PICKER_LIMIT = 20


@dataclass
class PickerRow:
    expert: Expert
    areas: list[str]
    available: bool
    availability: str
    warnings: list[str] = field(default_factory=list)


def shortlist_warnings(
    request: MissionRequest, expert: Expert, live_area_ids: set[int], request_areas: list | None = None
) -> list[str]:
    """Why shortlisting ``expert`` for ``request`` deserves a second look (empty: nothing to say)."""
    warnings = []
    areas = request_areas if request_areas is not None else list(request.areas.all())
    missing = [area.code for area in areas if area.pk not in live_area_ids]
    if missing:
        warnings.append(_("Does not cover the requested areas: %(areas)s") % {"areas": ", ".join(missing)})
    if expert.person.administration_id and expert.person.administration_id == request.administration_id:
        warnings.append(_("Works for the beneficiary administration (%(name)s)") % {"name": request.administration})
    return warnings


def shortlist_picker(request: MissionRequest, *, by: User, text: str, limit: int = PICKER_LIMIT) -> list[PickerRow]:
    """Up to ``limit`` experts not yet on ``request`` matching ``text`` (two characters at least), best match
    first. Refused (``ForbiddenError``) to anyone who may not search experts for the request."""
    error = rules.suggestions_refusal(by, request)
    if error is not None:
        raise error
    text = (text or "").strip()
    if len(text) < 2:
        return []
    queryset = (
        scope_queryset(Expert.objects.all(), by)
        .select_related("person__administration")
        .prefetch_related(
            Prefetch(
                "accreditations",
                queryset=Accreditation.objects.filter(stage__in=sorted(ACTIVE_STAGES)).select_related("area"),
            )
        )
        .exclude(pk__in=request.assignments.values("expert_id"))
    )
    filterset = ExpertFilterSet({"q": text}, queryset=queryset)
    if not filterset.is_valid():
        return []
    experts = list(filterset.qs[:limit])
    ids = [expert.pk for expert in experts]
    start = request.start_date or request.preferred_start
    end = request.end_date or request.preferred_end
    overlapping = {"expert_id__in": ids, "start_date__lte": end, "end_date__gte": start}
    unavailable = set(Unavailability.objects.filter(**overlapping).values_list("expert_id", flat=True))
    booked = set(Deployment.objects.filter(**overlapping).values_list("expert_id", flat=True)) | set(
        Assignment.objects.filter(is_booked=True, **overlapping)
        .exclude(request__status=Status.CANCELLED)
        .values_list("expert_id", flat=True)
    )
    request_areas = list(request.areas.all())
    rows = []
    for expert in experts:
        accreditations = list(expert.accreditations.all())
        live = {acc.area_id for acc in accreditations}
        areas = sorted(
            {f"{acc.area.code}{'' if acc.stage == Stage.FULLY_ACCREDITED else ' (' + _('1st step') + ')'}"
             for acc in accreditations}
        )  # fmt: skip
        if expert.pk in booked:
            available, availability = False, _("Already on a mission on these dates")
        elif expert.pk in unavailable:
            available, availability = False, _("Unavailable on these dates")
        else:
            available, availability = True, _("Free on the dates")
        warnings = shortlist_warnings(request, expert, live, request_areas)
        rows.append(PickerRow(expert, areas, available, availability, warnings))
    return rows
