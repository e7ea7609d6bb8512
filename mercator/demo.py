"""Demo Mercator data: the 17 plans endorsed in 2016/17 (Afghanistan, Bangladesh, Burundi, Cuba, Dominican Republic,
Ethiopia, Guinea, Lesotho, Malawi, Namibia, Rwanda, Sierra Leone, South Africa, Sudan, Swaziland, Uganda, Zimbabwe)
with plausible diagnostics, findings, recommendations tied to TFA measures, activities, milestones, KPIs, risks,
a few period reports, and TFA commitments; and one ad-hoc engagement for the demo member administration
(Thailand). Everything is written through the services; idempotent (keyed on the plan's request reference)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from experts.choices import Category, Stage
from experts.models import Expert
from mercator import services
from mercator.choices import ImplementationStatus, OrgArea, Phase, PlanForm, RecommendationStatus
from mercator.models import (
    Activity,
    Diagnostic,
    Finding,
    Kpi,
    Milestone,
    Plan,
    Recommendation,
    Risk,
    TfaCommitment,
    TfaMeasure,
)
from missions.choices import MissionKind
from wcocb.models import FundingSource, Language, MemberAdministration, User

#: (ISO code, written request date, endorsement date, phase reached, donor project)
PLANS_2016_17 = [
    ("AF", "2016-03-14", "2016-09-20", Phase.MONITORING, "SIDA-MERCATOR"),
    ("BD", "2016-04-04", "2016-11-08", Phase.MONITORING, "SIDA-MERCATOR"),
    ("BI", "2016-05-09", "2017-01-24", Phase.PLANNING_DELIVERY, "SIDA-MERCATOR"),
    ("CU", "2016-06-01", "2017-03-15", Phase.PLANNING_DELIVERY, "WCO"),
    ("DO", "2016-06-20", "2017-02-07", Phase.MONITORING, "WCO"),
    ("ET", "2016-02-15", "2016-10-11", Phase.CLOSED, "SIDA-MERCATOR"),
    ("GN", "2016-09-05", "2017-04-25", Phase.PLANNING_DELIVERY, "WCO"),
    ("LS", "2016-03-28", "2016-12-06", Phase.MONITORING, "SIDA-MERCATOR"),
    ("MW", "2016-04-18", "2016-12-13", Phase.MONITORING, "SIDA-MERCATOR"),
    ("NA", "2016-05-23", "2017-01-17", Phase.MONITORING, "SIDA-MERCATOR"),
    ("RW", "2016-02-01", "2016-09-27", Phase.CLOSED, "SIDA-MERCATOR"),
    ("SL", "2016-10-03", "2017-05-16", Phase.PLANNING_DELIVERY, "WCO"),
    ("ZA", "2016-07-11", "2017-03-07", Phase.MONITORING, "WCO"),
    ("SD", "2016-11-07", "2017-06-13", Phase.ON_HOLD, "WCO"),
    ("SZ", "2016-08-15", "2017-02-28", Phase.MONITORING, "SIDA-MERCATOR"),
    ("UG", "2016-03-07", "2016-10-25", Phase.MONITORING, "SIDA-MERCATOR"),
    ("ZW", "2016-09-19", "2017-04-11", Phase.PLANNING_DELIVERY, "SIDA-MERCATOR"),
]

#: (finding, organizational area, recommendation, TFA measures, activity, KPI (name, unit, baseline, target))
THEMES = [
    ("Risk management is not automated: most declarations are physically inspected.", OrgArea.TECHNICAL,
     "Set up a risk management unit and automated selectivity", ("7.4",),
     "Risk management workshop and selectivity rules", ("Physical inspection rate", "%", "70", "30")),
    ("No post-clearance audit function exists.", OrgArea.TECHNICAL,
     "Create a post-clearance audit unit with trained auditors", ("7.5",),
     "Post-clearance audit training", ("Audits completed per year", "audits", "0", "120")),
    ("Release times are not measured.", OrgArea.TECHNICAL,
     "Run a Time Release Study and publish average release times", ("7.6",),
     "Time Release Study", ("Average release time", "hours", "96", "48")),
    ("Traders cannot lodge declarations before arrival.", OrgArea.TECHNICAL,
     "Introduce pre-arrival processing", ("7.1", "10.4"),
     "Pre-arrival processing pilot", ("Declarations lodged before arrival", "%", "5", "60")),
    ("There is no national committee on trade facilitation.", OrgArea.PARTNERSHIPS,
     "Establish the national committee on trade facilitation", ("23.2",),
     "NCTF launch meeting", ("NCTF meetings held per year", "meetings", "0", "4")),
    ("Senior management commitment to reform is not visible to staff.", OrgArea.POLITICAL_WILL,
     "Adopt and communicate a strategic plan endorsed by the Director General", ("1.1",),
     "Strategic planning workshop", ("Staff aware of the strategic plan", "%", "20", "80")),
    ("Training is ad hoc and not linked to competencies.", OrgArea.PEOPLE,
     "Build a competency-based training plan", ("7.7",),
     "Training needs analysis", ("Officers trained in TFA topics", "officers", "15", "200")),
]  # fmt: skip

BRUSSELS = ZoneInfo("Europe/Brussels")
COMMITMENT_MEASURES = ("1.1", "1.3", "3", "7.1", "7.4", "7.5", "7.6", "7.7", "10.4", "23.2")


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _mpas() -> list[Expert]:
    return list(
        Expert.objects.filter(
            accreditations__area__category=Category.MPA,
            accreditations__stage=Stage.FULLY_ACCREDITED,
            accreditations__accredited_on__isnull=False,
        )
        .distinct()
        .order_by("pk")[:12]
    )


def _save(instance, by, **m2m):
    return services.content_save(instance=instance, by=by, m2m=m2m or None)


def _on(day: datetime.date):
    """The plan's timeline entries written in the block are dated ``day`` (10:00 in Brussels), not the seed time."""
    return services.recorded_at(datetime.datetime.combine(day, datetime.time(10), tzinfo=BRUSSELS))


def _plan(iso: str, requested: str, endorsed: str, target: str, funding: str, *, by: User, mpas: list[Expert],
          index: int, form: str = PlanForm.MULTI_YEAR) -> Plan:  # fmt: skip
    """One plan carried through its story: each phase move, recommendation move and report decision is dated when it
    happened (the request received a week after its date, validation and priorities within two months, the
    diagnostic two months after the request, the plan endorsed on its date, reports decided after their quarter)."""
    rng = random.Random(f"mercator-{iso}")  # noqa: S311 - reproducible demo data
    administration = MemberAdministration.objects.get(iso_code=iso)
    request_date, endorsed_on = _date(requested), _date(endorsed)
    days = datetime.timedelta
    with _on(request_date + days(7)):
        plan = services.plan_open(
            by=by, administration=administration, form=form,
            title=f"{administration.name_en}: Mercator implementation plan"
            if form == PlanForm.MULTI_YEAR else f"{administration.name_en}: TFA articles 7 and 10",
            request_reference=f"MERCATOR/{iso}/{request_date.year}", request_date=request_date,
            contact_name=f"TFA focal point, {administration.name_en} Customs",
            mpas=[mpas[index % len(mpas)]] if mpas else [], funding=FundingSource.objects.filter(code=funding),
            endorsed_on=endorsed_on,
        )  # fmt: skip
    with _on(request_date + days(28)):
        plan = services.plan_advance(plan=plan, by=by, comment="Request validated with the administration")
    with _on(request_date + days(49)):
        plan = services.plan_advance(plan=plan, by=by, comment="Supporting structures and priorities agreed")
    start = request_date + days(60)
    diagnostic = _save(Diagnostic(plan=plan, title="Mercator diagnostic", start_date=start,
                                  end_date=start + days(4),
                                  summary="Needs assessment against the TFA and WCO instruments."), by)  # fmt: skip
    if target == Phase.DIAGNOSTIC:
        return plan
    with _on(start + days(25)):
        plan = services.plan_advance(plan=plan, by=by, comment="Diagnostic report and strategic recommendations "
                                                               "presented to the administration")  # fmt: skip
    themes = rng.sample(THEMES, 4)
    kpis: list[Kpi] = []
    activities: list[Activity] = []
    #: how many of the four activities were delivered by today in the plan's story
    delivered = {Phase.PLANNING_DELIVERY: 2}.get(target, 3)
    for number, (finding_text, area, title, measures, activity_title, kpi) in enumerate(themes):
        finding = _save(Finding(diagnostic=diagnostic, text=finding_text, area=area), by)
        recommendation = _save(
            Recommendation(plan=plan, finding=finding, title=title, area=area,
                           priority=("high", "medium", "medium", "low")[number]),
            by, measures=list(TfaMeasure.objects.filter(number__in=measures)),
        )  # fmt: skip
        planned_start = endorsed_on + days(90 + 120 * number)
        planned_cost = Decimal(rng.randrange(8, 40) * 1000)
        done = number < delivered
        actual_start = planned_start + days(rng.randrange(0, 40)) if done else None
        activity = _save(Activity(
            plan=plan, recommendation=recommendation, title=activity_title, owner="Customs modernization unit",
            planned_start=planned_start, planned_end=planned_start + days(4),
            planned_cost=planned_cost, status="completed" if done else "planned",
            actual_start=actual_start, actual_end=actual_start + days(4) if done else None,
            actual_cost=(planned_cost * Decimal(rng.choice(["0.9", "1.0", "1.05", "1.2", "1.35"]))).quantize(
                Decimal(1)) if done else None,
        ), by)  # fmt: skip
        activities.append(activity)
        due = planned_start + days(30)
        late = rng.random() < 0.3
        achieved = (due + days(rng.randrange(10, 60) if late else -rng.randrange(0, 10))) if done else None
        _save(Milestone(plan=plan, activity=activity, title=f"{activity_title}: delivered", due_date=due,
                        achieved_on=achieved, status="achieved" if achieved else "pending"), by)  # fmt: skip
        name, unit, baseline, goal = kpi
        kpis.append(_save(Kpi(plan=plan, recommendation=recommendation, activity=activity, name=name, unit=unit,
                              baseline_value=Decimal(baseline), baseline_date=start,
                              target_value=Decimal(goal), target_date=endorsed_on.replace(year=endorsed_on.year + 3)),
                          by))  # fmt: skip
        if done:
            with _on(actual_start):
                moved = services.recommendation_move(recommendation=recommendation,
                                                     to=RecommendationStatus.IN_PROGRESS, by=by,
                                                     comment=f"{activity_title} under way")  # fmt: skip
            if number == 0:
                with _on(actual_start + days(75)):
                    services.recommendation_move(recommendation=moved, to=RecommendationStatus.IMPLEMENTED, by=by,
                                                 comment="Confirmed at the MPA's follow-up visit")  # fmt: skip
    _save(Risk(plan=plan, title="Turnover of trained staff", likelihood=rng.randint(2, 5), impact=4,
               owner="Human resources", mitigation="Retention plan and training of trainers"), by)  # fmt: skip
    _save(Risk(plan=plan, title="Donor funding delayed", likelihood=rng.randint(1, 4), impact=rng.randint(2, 5),
               owner="WCO Secretariat", mitigation="Donor-funding assistance by the MPA"), by)  # fmt: skip
    if target == Phase.PLANNING_DELIVERY:
        return plan
    report_start = datetime.date(endorsed_on.year + 1, 1, 1)
    with _on(report_start - days(14)):
        plan = services.plan_advance(plan=plan, by=by, comment="Implementation under way; monitoring begins")
    period_end = report_start
    for quarter in range(2):
        period_start = report_start.replace(month=1 + 3 * quarter)
        period_end = period_start.replace(month=period_start.month + 3) - days(1)
        report = services.report_draft(plan=plan, by=by, kind="quarter", period_start=period_start,
                                       period_end=period_end,
                                       narrative="Activities delivered as planned; see the notes per activity.",
                                       risks_review="Staff turnover remains the main risk.")  # fmt: skip
        actuals = {}
        for kpi in kpis:
            share = Decimal(rng.choice(["0.2", "0.35", "0.5", "0.65"])) * (quarter + 1) / 2
            actuals[kpi] = (kpi.baseline_value + (kpi.target_value - kpi.baseline_value) * share).quantize(Decimal(1))
        services.report_update(report=report, by=by, actuals=actuals,
                               notes={activities[0]: "Delivered with the national team."})  # fmt: skip
        with _on(period_end + days(15)):
            services.report_submit(report=report, by=by)
        if quarter == 0 or target != Phase.MONITORING or index % 3:
            with _on(period_end + days(32)):
                services.report_approve(report=report, by=by, comment="Approved")
    if target == Phase.CLOSED:
        with _on(endorsed_on.replace(year=endorsed_on.year + 3) + days(45)):
            plan = services.plan_advance(plan=plan, by=by, comment="Plan completed and evaluated")
    if target == Phase.ON_HOLD:
        with _on(period_end + days(75)):
            plan = services.plan_hold(plan=plan, by=by, reason="Security situation: missions suspended")
    return plan


def _commitments(iso: str, by: User) -> None:
    rng = random.Random(f"tfa-{iso}")  # noqa: S311 - reproducible demo data
    administration = MemberAdministration.objects.get(iso_code=iso)
    for number in COMMITMENT_MEASURES:
        if TfaCommitment.objects.filter(administration=administration, measure__number=number).exists():
            continue
        category = rng.choice("ABBCC")
        definitive = None if category == "A" else datetime.date(rng.choice([2020, 2022, 2024, 2026, 2028]), 2, 22)
        due = definitive or datetime.date(2017, 2, 22)
        status = rng.choice([ImplementationStatus.IMPLEMENTED, ImplementationStatus.IN_PROGRESS,
                             ImplementationStatus.NOT_STARTED])  # fmt: skip
        if category == "A":
            status = ImplementationStatus.IMPLEMENTED
        reached = None
        if status == ImplementationStatus.IMPLEMENTED:
            reached = min(due + datetime.timedelta(days=rng.randrange(-200, 300)), datetime.date(2026, 11, 1))
        services.commitment_save(
            commitment=TfaCommitment(administration=administration, measure=TfaMeasure.objects.get(number=number),
                                     category=category, indicative_date=definitive and definitive.replace(
                                         year=definitive.year - 2), definitive_date=definitive, status=status,
                                     status_date=reached),
            by=by,
        )  # fmt: skip


def _raise_mission(plan: Plan, *, by: User) -> None:
    """Today's request: the plan's next planned activity asks for a training mission (the mission page then shows
    the plan and the activity it serves)."""
    activity = plan.activities.filter(status="planned").order_by("planned_start").first()
    if activity is None:
        return
    start = timezone.localdate() + datetime.timedelta(days=90)
    services.activity_raise_mission(
        activity=activity, by=by, kind=MissionKind.TRAINING, title=activity.title,
        objectives=f"Deliver “{activity.title}” for the plan {plan.reference}: national workshop and coaching.",
        preferred_start=start, preferred_end=start + datetime.timedelta(days=14), duration_days=5,
        language=Language.objects.get(code="en"), funding=FundingSource.objects.get(code="WCO"),
    )  # fmt: skip


def seed(stdout=None) -> int:
    by = User.objects.filter(username="secretariat").first() or User.objects.filter(username="admin").first()
    if by is None:
        return 0
    mpas = _mpas()
    created = 0
    for index, (iso, requested, endorsed, target, funding) in enumerate(PLANS_2016_17):
        _commitments(iso, by)
        if Plan.objects.filter(request_reference=f"MERCATOR/{iso}/{requested[:4]}").exists():
            continue
        _plan(iso, requested, endorsed, target, funding, by=by, mpas=mpas, index=index)
        created += 1
    _commitments("TH", by)
    if not Plan.objects.filter(request_reference="MERCATOR/TH/2025").exists():
        plan = _plan("TH", "2025-03-03", "2025-06-10", Phase.PLANNING_DELIVERY, "WCO", by=by, mpas=mpas, index=0,
                     form=PlanForm.AD_HOC)  # fmt: skip
        _raise_mission(plan, by=by)
        created += 1
    _say(stdout, f"mercator demo: {created} plans")
    return created
