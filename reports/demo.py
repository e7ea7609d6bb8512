"""Demo data of the reports app (``manage.py seed_demo``), idempotent.

- **Historic missions** of the 2016/17 and 2017/18 reporting years (July-June), loaded through the historic
  missions import (:mod:`reports.importing.history`), in the figures of the annual reports: 330 missions in
  2016/17 of which 45 strategic advisory missions, and 492 in 2017/18, "a 49% increase on the previous year"
  (492 / 330 = +49.1%). Spread over the six regions, the months, the kinds, the delivery modes and the funding
  sources, some with experts of the demo ACE database on their team.
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


def seed(stdout=None) -> int:
    by = User.objects.filter(username="secretariat").first()
    if by is None:
        return 0
    if not MissionRequest.objects.filter(origin_reference__startswith=PREFIX).exists():
        rows = historic_rows()
        report = import_table(SPEC, list(enumerate(rows, start=2)), filename="demo history", dry_run=False, by=by)
        if not report.ok:
            raise RuntimeError("Demo history refused: " + "; ".join(str(e.as_dict()) for e in report.errors[:5]))
    made = 0
    for title, start, end, _iso, region_code in RUNS:
        if ReportRun.objects.filter(title=title).exists():
            continue
        region = Region.objects.get(code=region_code) if region_code else None
        run = services.run_start(by=by, period_start=start, period_end=end, region=region, title=title, queue=False)
        services.run_execute(run.pk)
        made += 1
    return made
