"""Every write of the Mercator app, by sub-domain, each checking its caller through :mod:`mercator.rules`:

- :mod:`~mercator.services.plans`: the plan opened from its written request, its MPAs (the MPA rule), its phases
- :mod:`~mercator.services.content`: diagnostics, findings, recommendations and their status, activities,
  milestones, KPIs, risks (members: progress fields only)
- :mod:`~mercator.services.reports`: period reports, submitted, approved or returned
- :mod:`~mercator.services.tfa`: the TFA reference data and the members' commitments
- :mod:`~mercator.services.missions`: mission requests raised from activities; completed missions brought back

``recorded_at(moment)`` dates the timeline entries written inside it (a plan's past entered after the fact).
"""

from mercator.services._common import recorded_at
from mercator.services.content import content_delete, content_save, recommendation_move
from mercator.services.missions import activity_raise_mission, mission_completed
from mercator.services.plans import (
    holds_current_mpa_accreditation,
    next_phase,
    plan_advance,
    plan_assign_mpa,
    plan_hold,
    plan_open,
    plan_remove_mpa,
    plan_resume,
    plan_update,
    plan_withdraw,
)
from mercator.services.reports import report_approve, report_draft, report_return, report_submit, report_update
from mercator.services.tfa import commitment_save, reference_save

__all__ = [
    "activity_raise_mission",
    "commitment_save",
    "content_delete",
    "content_save",
    "holds_current_mpa_accreditation",
    "mission_completed",
    "next_phase",
    "plan_advance",
    "plan_assign_mpa",
    "plan_hold",
    "plan_open",
    "plan_remove_mpa",
    "plan_resume",
    "plan_update",
    "plan_withdraw",
    "recommendation_move",
    "recorded_at",
    "reference_save",
    "report_approve",
    "report_draft",
    "report_return",
    "report_submit",
    "report_update",
]
