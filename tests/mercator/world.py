"""The Mercator rows of the isolation and query-count world: per tenant a plan (its MPA is the tenant's expert,
who is given an MPA accreditation), with a diagnostic, a finding, a recommendation, an activity served by the
tenant's mission, a milestone, a KPI, a risk, a period report, and a TFA commitment of the tenant."""

from __future__ import annotations

import datetime
from decimal import Decimal

from tests import world as w

#: A plan and what hangs off it: the ROCB of its region, its administration, its MPAs.
PLAN_RECORD = w.Rule(rocb="region")
#: A member's TFA commitments: the ROCB of its region and the member; no expert.
COMMITMENT_RECORD = w.Rule(rocb="region", expert="none")

w.VISIBILITY.update(
    {
        "mercator.TfaArticle": w.PUBLIC,
        "mercator.TfaMeasure": w.PUBLIC,
        "mercator.TfaCommitment": COMMITMENT_RECORD,
        "mercator.Plan": PLAN_RECORD,
        "mercator.Diagnostic": PLAN_RECORD,
        "mercator.Finding": PLAN_RECORD,
        "mercator.Recommendation": PLAN_RECORD,
        "mercator.Activity": PLAN_RECORD,
        "mercator.Milestone": PLAN_RECORD,
        "mercator.Kpi": PLAN_RECORD,
        "mercator.Risk": PLAN_RECORD,
        "mercator.PeriodReport": PLAN_RECORD,
    }
)
w.PAGE_PK_MODELS.update(
    {
        "mercator/plans/": "mercator.Plan",
        "mercator/reports/": "mercator.PeriodReport",
        "mercator/activities/": "mercator.Activity",
        "mercator/diagnostics/": "mercator.Diagnostic",
        "mercator/findings/": "mercator.Finding",
        "mercator/recommendations/": "mercator.Recommendation",
        "mercator/milestones/": "mercator.Milestone",
        "mercator/kpis/": "mercator.Kpi",
        "mercator/risks/": "mercator.Risk",
        "mercator/commitments/": "mercator.TfaCommitment",
    }
)
w.PAGE_ARGUMENTS.setdefault("action", {})["mercator/plans/"] = "advance"
w.PAGE_ARGUMENTS.setdefault("kind", {})["mercator/plans/"] = "risk"


@w.builder
def _mercator_records(tenant: str, clerk, copy: int = 0) -> list[w.Record]:
    from experts.models import Expert
    from mercator import services
    from mercator.choices import ImplementationStatus, TfaCategory
    from mercator.models import TfaCommitment, TfaMeasure
    from missions.models import MissionRequest
    from tests import factories
    from tests.mercator import factories as f

    iso, _region = w.TENANTS[tenant]
    suffix = f"-{copy}" if copy else ""
    mark = w.MISSION_MARK[tenant]
    expert = Expert.objects.get(person__user__username=f"world-expert-{tenant.lower()}{suffix}")
    f.give_mpa_accreditation(expert)
    plan = f.make_plan(clerk, administration=iso, title=f"{mark} implementation plan{suffix}", mpas=[expert])
    plan = f.advance_to(plan, "planning_delivery", clerk)
    diagnostic = plan.diagnostics.get()
    finding = f.add_finding(diagnostic, clerk, text=f"{mark} finding")
    recommendation = f.add_recommendation(plan, clerk, title=f"{mark} recommendation", finding=finding)
    activity = f.add_activity(plan, clerk, title=f"{mark} activity", recommendation=recommendation)
    mission = (
        MissionRequest.objects.filter(title__startswith=mark, administration__iso_code=iso).order_by("-pk").first()
    )
    activity.missions.add(mission)
    milestone = f.add_milestone(plan, clerk, due=datetime.date(2026, 6, 30), title=f"{mark} milestone")
    kpi = f.add_kpi(plan, clerk, name=f"{mark} release time", recommendation=recommendation)
    risk = f.add_risk(plan, clerk, title=f"{mark} risk")
    report = f.approved_report(plan, clerk, actuals={kpi: Decimal(12)}, narrative=f"{mark} narrative")
    commitment = services.commitment_save(
        commitment=TfaCommitment(
            administration=factories.member(iso),
            measure=TfaMeasure.objects.order_by("position")[copy],
            category=TfaCategory.B,
            definitive_date=datetime.date(2025, 12, 31),
            status=ImplementationStatus.IN_PROGRESS,
        ),
        by=clerk,
    )
    own = {"tenant": tenant, "expert_owner": tenant}
    records = [
        w.Record(plan, **own),
        w.Record(diagnostic, **own),
        w.Record(finding, **own),
        w.Record(recommendation, **own),
        w.Record(activity, **own),
        w.Record(milestone, **own),
        w.Record(kpi, **own),
        w.Record(risk, **own),
        w.Record(report, **own),
        w.Record(commitment, tenant),
    ]
    if tenant == "A" and not copy:
        from mercator.models import TfaArticle

        records += [
            w.Record(TfaArticle.objects.order_by("position").first(), None),
            w.Record(TfaMeasure.objects.order_by("position").first(), None),
        ]
    return records
