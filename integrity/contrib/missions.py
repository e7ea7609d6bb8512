"""What the integrity app plugs into the missions app: on the page of an integrity assessment mission, the
assessment it follows and the action plans it led to, as far as the viewer may see them (confidential to the
administration; a read from outside it is logged like any other)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integrity import services
from integrity.choices import ReadDoor
from integrity.models import ActionPlan, Assessment
from missions.choices import MissionKind
from missions.hooks import DetailSection, detail_sections
from wcocb.scoping import scope_queryset


@detail_sections.add
def integrity_links(mission, user) -> DetailSection | None:
    if mission.kind != MissionKind.INTEGRITY_ASSESSMENT:
        return None
    assessments = list(scope_queryset(Assessment.objects.filter(mission=mission), user).order_by("assessed_on"))
    plans = list(scope_queryset(ActionPlan.objects.filter(mission=mission), user).order_by("created_at"))
    if not assessments and not plans:
        return None
    services.log_reads(user=user, records=[*assessments, *plans], door=ReadDoor.PAGE, path=mission.get_absolute_url())
    return DetailSection(
        _("Integrity"),
        "integrity/_mission_links.html",
        {"assessments": assessments, "plans": plans},
        order=60,
    )
