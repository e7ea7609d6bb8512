"""Demo data of the reports app (``manage.py seed_demo``), idempotent.

- **Historic missions** of the 2016/17 and 2017/18 reporting years (July-June), loaded through the historic
  missions import (:mod:`reports.importing.history`), in the figures of the annual reports: 330 missions in
  2016/17 of which 45 strategic advisory missions, and 492 in 2017/18, "a 49% increase on the previous year"
  (492 / 330 = +49.1%). Spread over the six regions, the months, the kinds, the delivery modes and the funding
  sources, some with experts of the demo ACE database on their team.
- **Feedback** of the beneficiary administrations that have a demo member account (Thailand, Kenya, Malaysia,
  Viet Nam, France) on about two thirds of their historic missions, through the feedback service.
- **Missions serving Mercator plans**: each demo plan activity planned in those two years is served by the
  historic mission of the plan's administration that starts nearest to it (within 120 days), linked through the
  Mercator content service, so the impact section and the mission pages show KPI baselines and later actuals.
- **Two finished runs**, computed in this process: the Committee report 2017/18 (all regions), and the
  Asia/Pacific experts as of 31 March 2012, which reproduces the ROCB A/P reference table (99 fully
  accredited, 19 first step, 118 in all).
"""

from __future__ import annotations

import datetime
import random

from experts.models import Expert
from missions.choices import DeliveryMode, MissionKind
from missions.models import MissionRequest
from reports import services
from reports.importing.history import SPEC
from reports.models import ReportRun
from reports.services.history import PREFIX
from wcocb.importing import import_table
from wcocb.models import FundingSource, MemberAdministration, Region, User

YEARS = {2016: (330, 45), 2017: (492, 61)}  # start year of the July-June period: (missions, strategic advisory)
OTHER_KINDS = [
    MissionKind.DIAGNOSTIC, MissionKind.TFA_SCOPING, MissionKind.RISK_DIAGNOSTIC, MissionKind.HR_DIAGNOSTIC,
    MissionKind.INSTITUTIONAL_ASSESSMENT, MissionKind.INTEGRITY_ASSESSMENT, MissionKind.TRAINING,
    MissionKind.TRAINING, MissionKind.TRAINING, MissionKind.FIELD_EVALUATION,
]  # fmt: skip
MODES = [DeliveryMode.IN_COUNTRY] * 8 + [DeliveryMode.REMOTE, DeliveryMode.HYBRID]
RUNS = [
    ("Annual Committee report 2017/18", datetime.date(2017, 7, 1), datetime.date(2018, 6, 30), None, None),
    ("Asia/Pacific experts, March 2012", datetime.date(2011, 4, 1), datetime.date(2012, 3, 31), None, "AP"),
]


def historic_rows() -> list[dict[str, str]]:
    rng = random.Random(2018)  # noqa: S311 - demo data, not secrets
    members = list(MemberAdministration.objects.filter(is_active=True).values_list("iso_code", flat=True))
    funding = list(FundingSource.objects.filter(is_active=True).values_list("code", flat=True)) or ["WCO"]
    experts = list(Expert.objects.filter(kind="accredited").order_by("pk").values_list("external_id", flat=True)[:300])
    rows = []
    for year, (total, strategic) in YEARS.items():
        start = datetime.date(year, 7, 1)
        for n in range(total):
            day = start + datetime.timedelta(days=rng.randrange(365))
            kind = MissionKind.STRATEGIC_ADVISORY if n < strategic else rng.choice(OTHER_KINDS)
            team = rng.sample(experts, k=min(len(experts), rng.choice([0, 1, 1, 2]))) if experts else []
            rows.append(
                {
                    "reference": f"CB-{year % 100:02d}{(year + 1) % 100:02d}-{n + 1:03d}",
                    "administration": rng.choice(members),
                    "kind": kind,
                    "delivery_mode": rng.choice(MODES),
                    "funding": rng.choice(funding),
                    "start_date": day.isoformat(),
                    "end_date": (day + datetime.timedelta(days=rng.choice([2, 4, 4, 9]))).isoformat(),
                    "status": "closed",
                    "experts": ";".join(team),
                }
            )
    return rows


def answer_feedback() -> int:
    """Feedback on the historic missions of the administrations with a demo member account (idempotent)."""
    rng = random.Random(2019)  # noqa: S311 - demo data, not secrets
    answered = 0
    for user in User.objects.filter(role="member", is_active=True, administration__isnull=False).order_by("pk"):
        missions = MissionRequest.objects.filter(
            origin_reference__startswith=PREFIX, administration=user.administration, feedback__isnull=True
        ).order_by("start_date", "pk")
        for mission in missions:
            if rng.random() > 0.67:
                continue
            follow_up = rng.random() < 0.4
            services.feedback_submit(
                mission=mission, by=user, relevance=rng.choice([3, 4, 4, 5, 5]),
                expert_quality=rng.choice([3, 4, 5, 5]), usefulness=rng.choice([2, 3, 4, 4, 5]),
                follow_up_needed=follow_up,
                follow_up_needs="Coaching of the new unit over the next year" if follow_up else "",
            )  # fmt: skip
            answered += 1
    return answered


def link_mercator_missions(by) -> int:
    """Each demo Mercator activity planned in the historic years served by the historic mission of its plan's
    administration starting nearest to it, within 120 days (each mission serves one activity; idempotent)."""
    from django.conf import settings

    if "mercator" not in settings.DOMAIN_APPS:
        return 0
    from mercator.models import Activity
    from mercator.services import content_save
    from wcocb.errors import DomainError

    window = datetime.timedelta(days=120)
    first, last = datetime.date(min(YEARS), 7, 1), datetime.date(max(YEARS) + 1, 6, 30)
    linked = 0
    activities = Activity.objects.filter(missions__isnull=True, planned_start__range=(first, last)).select_related(
        "plan"
    )
    for activity in activities.order_by("planned_start", "pk"):
        candidates = MissionRequest.objects.filter(
            origin_reference__startswith=PREFIX,
            administration=activity.plan.administration_id,
            start_date__range=(activity.planned_start - window, activity.planned_start + window),
            mercator_activities__isnull=True,
        )
        distance = lambda mission: (abs((mission.start_date - activity.planned_start).days), mission.pk)  # noqa: B023, E731
        nearest = min(candidates, key=distance, default=None)
        if nearest is None:
            continue
        try:
            content_save(instance=activity, by=by, m2m={"missions": [nearest]})
        except DomainError:  # a plan closed meanwhile: its content no longer changes
            continue
        linked += 1
    return linked


def seed(stdout=None) -> int:
    by = User.objects.filter(username="secretariat").first()
    if by is None:
        return 0
    if not MissionRequest.objects.filter(origin_reference__startswith=PREFIX).exists():
        rows = historic_rows()
        report = import_table(SPEC, list(enumerate(rows, start=2)), filename="demo history", dry_run=False, by=by)
        if not report.ok:
            raise RuntimeError("Demo history refused: " + "; ".join(str(e.as_dict()) for e in report.errors[:5]))
    answer_feedback()
    link_mercator_missions(by)
    made = 0
    for title, start, end, _iso, region_code in RUNS:
        if ReportRun.objects.filter(title=title).exists():
            continue
        region = Region.objects.get(code=region_code) if region_code else None
        run = services.run_start(by=by, period_start=start, period_end=end, region=region, title=title, queue=False)
        services.run_execute(run.pk)
        made += 1
    return made
