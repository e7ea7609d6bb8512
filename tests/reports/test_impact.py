"""Impact before and after: for the missions that served a Mercator plan activity, the plan's KPI baselines and the
actuals reported after the mission, in a report run (the ``impact`` section) and on the mission's page; on crafted
data, with the expected figures worked out here."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest

from mercator.models import Activity, Kpi, KpiActual, PeriodReport, Plan
from missions.choices import Status
from missions.models import Assignment
from reports.sections.base import ReportContext
from reports.sections.programmes import impact_section
from tests import factories as base
from tests.missions.factories import make_expert
from tests.reports.factories import delivered

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = (D(2017, 7, 1), D(2018, 6, 30))


def _plan(iso: str, clerk, title: str) -> Plan:
    return Plan.objects.create(
        administration=base.member(iso), title=title, request_reference="REQ", request_date=D(2016, 5, 2),
        contact_name="Contact point", created_by=clerk,
    )  # fmt: skip


def _activity(plan: Plan, missions, title="Risk management workshop") -> Activity:
    activity = Activity.objects.create(plan=plan, title=title, planned_start=D(2017, 9, 1), planned_end=D(2018, 3, 1))
    activity.missions.set(missions)
    return activity


def _kpi(plan: Plan, name: str, baseline: str, target: str, activity=None) -> Kpi:
    return Kpi.objects.create(
        plan=plan, activity=activity, name=name, unit="hours", baseline_value=Decimal(baseline),
        baseline_date=D(2017, 1, 1), target_value=Decimal(target), target_date=D(2019, 12, 31),
    )  # fmt: skip


def _report(plan: Plan, clerk, start: datetime.date, actuals: dict, status="approved") -> PeriodReport:
    end = (start.replace(day=28) + datetime.timedelta(days=70)).replace(day=1) - datetime.timedelta(days=1)
    report = PeriodReport.objects.create(
        plan=plan, kind="quarter", period_start=start, period_end=end, status=status, drafted_by=clerk
    )
    for kpi, value in actuals.items():
        KpiActual.objects.create(report=report, kpi=kpi, value=Decimal(str(value)))
    return report


@pytest.fixture
def plans(secretariat):
    """A Thai plan served by two delivered missions of 2017/18 (its KPIs: release time 48 -> 24 hours, a flat one,
    one that rose from 5 toward 20 but fell to 4), approved actuals before and after the first mission and a
    submitted one (not counted); a Kenyan plan served in the year; a Thai plan served only the year before, one
    served only by a mission not delivered yet."""
    first = delivered(D(2017, 9, 4), iso="TH", days=5)  # ends 8 September 2017
    second = delivered(D(2018, 2, 5), iso="TH", days=5)
    thai = _plan("TH", secretariat, "Thai implementation plan")
    activity = _activity(thai, [first, second])
    release = _kpi(thai, "Average release time", "48", "24", activity=activity)
    flat = _kpi(thai, "Declarations lodged electronically", "10", "10")
    audits = _kpi(thai, "Post-clearance audits", "5", "20")
    _report(thai, secretariat, D(2017, 4, 1), {release: 47})  # ends 30 June 2017: before
    _report(thai, secretariat, D(2017, 7, 1), {release: 40})  # ends 30 September: after the first mission
    _report(thai, secretariat, D(2017, 10, 1), {release: 30, audits: 4})  # ends 31 December
    _report(thai, secretariat, D(2018, 1, 1), {release: 20}, status="submitted")  # not approved: not counted

    kenya = _plan("KE", secretariat, "Kenyan implementation plan")
    _activity(kenya, [delivered(D(2017, 11, 6), iso="KE")])
    kenyan_kpi = _kpi(kenya, "Transit time", "72", "36")
    _report(kenya, secretariat, D(2018, 1, 1), {kenyan_kpi: 60})

    earlier = _plan("TH", secretariat, "Earlier Thai plan")
    _activity(earlier, [delivered(D(2016, 9, 5), iso="TH")])
    _kpi(earlier, "Earlier KPI", "1", "2")
    pending = _plan("TH", secretariat, "Pending Thai plan")
    _activity(pending, [delivered(D(2018, 1, 8), iso="TH", status=Status.DEPLOYED)])
    _kpi(pending, "Pending KPI", "1", "2")
    return {"first": first, "thai": thai, "release": release, "flat": flat, "audits": audits, "kenya": kenya}


def _figures(section: dict) -> dict:
    return {entry["key"]: entry["value"] for entry in section["headline"]}


def test_a_run_shows_the_baselines_and_later_actuals_of_the_plans_its_missions_served(plans):
    # when: the Asia/Pacific report of 2017/18
    section = impact_section(ReportContext(*YEAR, as_of=YEAR[1], region=base.region("AP")))
    # then: one plan served, three KPIs, two with an approved actual after 8 September 2017, one moved toward target
    assert _figures(section) == {"plans": 1, "kpis": 3, "measured": 2, "toward": 1}
    plan = f"MP-{plans['thai'].pk}"
    assert section["tables"][0]["rows"] == [
        [plan, "TH", "Average release time (hours)", 2, 48.0, "2017-01-01", 30.0, "2017-12-31", 24.0, "2019-12-31"],
        [plan, "TH", "Declarations lodged electronically (hours)", 2, 10.0, "2017-01-01", None, None, 10.0,
         "2019-12-31"],
        [plan, "TH", "Post-clearance audits (hours)", 2, 5.0, "2017-01-01", 4.0, "2017-12-31", 20.0, "2019-12-31"],
    ]  # fmt: skip
    # every region: the Kenyan plan too (72 -> 60 toward 36)
    world = impact_section(ReportContext(*YEAR, as_of=YEAR[1]))
    assert _figures(world) == {"plans": 2, "kpis": 4, "measured": 3, "toward": 2}
    # a member's own report; the year before served only the earlier plan, which has no actual
    assert _figures(impact_section(ReportContext(*YEAR, as_of=YEAR[1], administration=base.member("KE"))))["kpis"] == 1
    before = impact_section(ReportContext(D(2016, 7, 1), D(2017, 6, 30), as_of=D(2017, 6, 30)))
    assert _figures(before) == {"plans": 1, "kpis": 1, "measured": 0, "toward": 0}
    assert [row[2] for row in before["tables"][0]["rows"]] == ["Earlier KPI (hours)"]


def test_a_run_registers_the_impact_section(plans, secretariat):
    from reports.models import ReportRun
    from reports.services import compute

    run = ReportRun(period_start=YEAR[0], period_end=YEAR[1], as_of=YEAR[1], requested_by=secretariat)
    keys = [found["key"] for found in compute(run)["sections"]]
    assert keys.index("impact") == keys.index("feedback") + 1


def test_the_mission_page_shows_the_kpis_with_the_actuals_after_the_mission(plans, client_as, member_user):
    html = client_as(member_user).get(plans["first"].get_absolute_url()).content.decode()
    assert 'id="impact"' in html
    assert "Thai implementation plan" in html
    row = html.split(f'id="impact-kpi-{plans["release"].pk}"')[1].split("</tr>")[0]
    assert "48.00" in row  # the baseline
    assert "24.00" in row  # the target
    assert "40.00" in row  # to 30 September 2017
    assert "30.00" in row  # to 31 December 2017
    assert "47.00" not in row  # reported for a period before the mission ended
    assert "20.00" not in row  # submitted, not approved
    assert "this mission&#x27;s activity" in row or "this mission's activity" in row
    flat = html.split(f'id="impact-kpi-{plans["flat"].pk}"')[1].split("</tr>")[0]
    assert "No approved actual after the mission yet." in flat


def test_the_impact_section_shows_only_plans_the_viewer_may_see(plans, client_as, secretariat):
    # an expert on the mission's team sees the mission, not the member's plan
    user = base.ExpertUserFactory(username="team-expert")
    expert = make_expert(administration="JP", user=user)
    mission = plans["first"]
    Assignment.objects.create(
        request=mission, expert=expert, start_date=mission.start_date, end_date=mission.end_date, selected=True
    )
    response = client_as(user).get(mission.get_absolute_url())
    assert response.status_code == 200
    assert 'id="impact"' not in response.content.decode()
    # a mission that served no plan has no section
    plain = delivered(D(2017, 9, 18), iso="TH")
    assert 'id="impact"' not in client_as(secretariat).get(plain.get_absolute_url()).content.decode()
    assert 'id="impact"' in client_as(secretariat).get(mission.get_absolute_url()).content.decode()


def test_the_printed_kpi_table_keeps_dates_and_codes_whole_inside_the_page(plans, secretariat):
    from pdfminer.high_level import extract_text

    from reports.documents import run_pdf
    from reports.models import ReportRun
    from reports.services import compute
    from tests.pdf import glyphs, keep

    run = ReportRun.objects.create(
        period_start=YEAR[0], period_end=YEAR[1], as_of=YEAR[1], requested_by=secretariat, title="Impact"
    )
    run.snapshot = compute(run)
    for language in ("es",):  # the longest headings
        content = run_pdf(run, language)
        keep(content, f"report-impact-{language}")
        assert [
            g for g in glyphs(content) if g.x0 < 0 or g.y0 < 0 or g.x1 > g.page_width or g.y1 > g.page_height
        ] == []
        words = extract_text(io.BytesIO(content)).split()
        # a text column asks for the width of what it holds: a date, a plan's code are never cut across lines
        assert "2017-12-31" in words
        assert f"MP-{plans['thai'].pk}" in words
