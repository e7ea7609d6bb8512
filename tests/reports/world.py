"""The reports app's records in the isolation world: per tenant, a succeeded report run scoped to the tenant's
administration (its title carries the tenant's mission mark, so a run shown to another tenant is caught)."""

from __future__ import annotations

import datetime

from tests import world as w

#: A report run concerns its scope: the Secretariat and API clients read every run, the ROCB of the run's
#: region its region's runs, a member administration the runs about itself; experts see no report.
w.VISIBILITY["reports.ReportRun"] = w.Rule(rocb="region", member="own", expert="none")
w.PAGE_PK_MODELS["reports/runs/"] = "reports.ReportRun"


@w.builder
def _report_records(tenant: str, clerk, copy: int = 0) -> list[w.Record]:
    from django.utils import timezone

    from reports.choices import RunStatus
    from reports.models import ReportRun, ReportRunEvent
    from reports.services import compute
    from tests import factories

    administration = factories.member(w.TENANTS[tenant][0])
    suffix = f" {copy}" if copy else ""
    run = ReportRun.objects.create(
        title=f"{w.MISSION_MARK[tenant]} report{suffix}",
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2026, 6, 30),
        as_of=datetime.date(2026, 6, 30),
        scope_administration=administration,
        requested_by=clerk,
    )
    run.snapshot = compute(run)
    run.status, run.progress, run.finished_at = RunStatus.SUCCEEDED, 100, timezone.now()
    run.save()
    ReportRunEvent.objects.create(run=run, actor=clerk, from_status="", to_status=RunStatus.SUCCEEDED)
    return [w.Record(run, tenant)]


#: The beneficiary's feedback on a mission: the beneficiary administration, its region's ROCB, the Secretariat.
w.VISIBILITY["reports.MissionFeedback"] = w.Rule(rocb="region", member="own", expert="none")
w.PAGE_PK_MODELS["reports/feedback/"] = "missions.MissionRequest"


@w.builder
def _feedback_records(tenant: str, clerk, copy: int = 0) -> list[w.Record]:
    from missions.models import MissionRequest
    from reports.models import MissionFeedback

    mission = MissionRequest.objects.filter(title__startswith=w.MISSION_MARK[tenant]).order_by("-pk").first()
    feedback = MissionFeedback.objects.create(
        mission=mission, relevance=4, expert_quality=5, usefulness=4, comments="Useful", submitted_by=clerk
    )
    return [w.Record(feedback, tenant)]
