"""The figures of a run, computed on crafted data and checked against counts made independently here: the period
edges (a mission counts in the period in which it starts), the previous period of the same length, as-of dates."""

from __future__ import annotations

import datetime

import pytest

from experts.choices import ExpertKind
from missions.choices import MissionKind, Status
from reports.sections.base import ReportContext, previous_period
from reports.sections.experts import experts_section, gap_section
from reports.sections.missions import missions_section
from tests import factories as base
from tests.missions.factories import ExpertFactory
from tests.reports.factories import accreditation, delivered

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = (D(2017, 7, 1), D(2018, 6, 30))


def _context(start=YEAR[0], end=YEAR[1], as_of=None, **scope) -> ReportContext:
    return ReportContext(period_start=start, period_end=end, as_of=as_of or end, **scope)


def _headline(section: dict) -> dict:
    return {entry["key"]: entry for entry in section["headline"]}


def _table(section: dict, key: str) -> dict:
    return next(table for table in section["tables"] if table["key"] == key)


def _label(cell):
    return cell["en"] if isinstance(cell, dict) else cell


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2017, 7, 1), D(2018, 6, 30), (D(2016, 7, 1), D(2017, 6, 30))),  # a July-June year, 365 days
        (D(2019, 7, 1), D(2020, 6, 30), (D(2018, 7, 1), D(2019, 6, 30))),  # 366 days (leap), still a year before
        (D(2024, 3, 1), D(2024, 3, 31), (D(2024, 2, 1), D(2024, 2, 29))),  # a month: the month before
        (D(2024, 1, 10), D(2024, 1, 19), (D(2023, 12, 31), D(2024, 1, 9))),  # ten days: the ten days before
    ],
)
def test_previous_period_has_the_same_length_and_ends_the_day_before(start, end, expected):
    assert previous_period(start, end) == expected


def test_missions_count_in_the_period_in_which_they_start_against_the_previous_period():
    # given missions on both edges of the 2017/18 year and of the year before
    in_period = [D(2017, 7, 1), D(2018, 6, 30), D(2018, 1, 15)]
    before = [D(2016, 7, 1), D(2017, 6, 30)]
    for day in in_period + before:
        delivered(day)
    delivered(D(2017, 6, 28), days=10)  # starts before, ends inside: the previous period's
    delivered(D(2018, 7, 1))  # the day after
    delivered(D(2018, 1, 10), status=Status.DEPLOYED)  # not delivered yet
    delivered(D(2018, 1, 11), status=Status.CANCELLED)
    # when
    figures = _headline(missions_section(_context()))
    # then
    assert figures["missions"]["value"] == 3
    assert figures["missions"]["previous"] == 3
    assert figures["missions"]["change"] == 0.0


def test_the_change_is_the_increase_on_the_previous_period():
    for day in range(3):
        delivered(D(2016, 9, 1 + day))
    for day in range(5):
        delivered(D(2017, 9, 1 + day), kind=MissionKind.STRATEGIC_ADVISORY)
    figures = _headline(missions_section(_context()))
    assert (figures["missions"]["value"], figures["missions"]["previous"]) == (5, 3)
    assert figures["missions"]["change"] == round(2 * 100 / 3, 1)
    assert figures["strategic"]["value"] == 5
    assert figures["strategic"]["previous"] == 0
    assert figures["strategic"]["change"] is None  # no base to compare with


def test_members_experts_and_working_days_of_the_period():
    one, two = ExpertFactory(), ExpertFactory()
    delivered(D(2017, 8, 1), iso="TH", days=5, experts=[one, two])
    delivered(D(2017, 9, 1), iso="TH", days=3, experts=[one])
    delivered(D(2017, 10, 1), iso="KE", days=2)
    delivered(D(2016, 10, 1), iso="KE", days=4, experts=[two])
    figures = _headline(missions_section(_context()))
    assert figures["members"]["value"] == 2
    assert figures["members"]["previous"] == 1
    assert figures["experts"]["value"] == 2
    assert figures["expert_days"]["value"] == 5 + 5 + 3
    assert figures["expert_days"]["previous"] == 4


def test_missions_by_kind_region_mode_and_month_follow_the_scope():
    delivered(D(2017, 8, 1), iso="TH", kind=MissionKind.TRAINING)
    delivered(D(2017, 8, 20), iso="JP", kind=MissionKind.TRAINING, mode="remote")
    delivered(D(2017, 9, 1), iso="KE", kind=MissionKind.DIAGNOSTIC)
    everything = missions_section(_context())
    by_kind = {_label(row[0]): row[1] for row in _table(everything, "by_kind")["rows"]}
    assert by_kind == {"Diagnostic": 1, "Training / workshop": 2}
    by_region = {row[0]: row[2] for row in _table(everything, "by_region")["rows"]}
    assert by_region["AP"] == 2
    assert by_region["ESA"] == 1
    assert sum(by_region.values()) == 3
    by_mode = {_label(row[0]): row[1] for row in _table(everything, "by_mode")["rows"]}
    assert by_mode["Remote"] == 1
    assert by_mode["In-country"] == 2
    months = _table(everything, "per_month")
    assert [row[0] for row in months["rows"]] == ["2017-08", "2017-09"]
    codes = [_label(column) for column in months["columns"][1:]]
    assert dict(zip(codes, months["total"], strict=True)) == {
        "Americas and the Caribbean": 0, "Asia/Pacific": 2, "East and Southern Africa": 1, "Europe": 0,
        "North of Africa, Near and Middle East": 0, "West and Central Africa": 0,
    }  # fmt: skip
    # the region of A/P only; then one member
    region = missions_section(_context(region=base.region("AP")))
    assert _headline(region)["missions"]["value"] == 2
    assert [row[0] for row in _table(region, "by_region")["rows"]] == ["AP"]
    member = missions_section(_context(administration=base.member("TH")))
    assert _headline(member)["missions"]["value"] == 1
    assert [row[0] for row in _table(member, "by_member")["rows"]] == ["TH"]


def test_experts_table_counts_each_area_and_reads_the_stage_as_of_the_date():
    # given two A/P experts and one in ESA, with pipelines over time
    thai = ExpertFactory(person__administration=base.member("TH"))
    japanese = ExpertFactory(person__administration=base.member("JP"))
    kenyan = ExpertFactory(person__administration=base.member("KE"))
    accreditation(thai, "DF", pre=D(2010, 1, 1), first=D(2010, 6, 1), full=D(2011, 1, 1))
    accreditation(thai, "CMA", pre=D(2010, 1, 1), first=D(2011, 6, 1), full=D(2012, 6, 1))
    accreditation(japanese, "ET-HS", pre=D(2010, 1, 1), first=D(2010, 6, 1), full=D(2010, 9, 1), ended=D(2012, 1, 1))
    accreditation(japanese, "ET-VAL", pre=D(2010, 1, 1), first=D(2010, 6, 1), full=D(2011, 3, 1))
    accreditation(kenyan, "DF", pre=D(2010, 1, 1), first=D(2010, 6, 1), full=D(2011, 1, 1))
    # when: A/P as of 31 March 2012
    section = experts_section(_context(as_of=D(2012, 3, 31), region=base.region("AP")))
    rows = {row[1]: row[3:] for row in _table(section, "by_area")["rows"]}
    # then: CMA is 1st step on that day, ET-HS had lapsed, the Kenyan DF is another region's
    assert rows == {"DF": [1, 0, 1], "CMA": [0, 1, 1], "ET-VAL": [1, 0, 1]}
    assert _table(section, "by_area")["total"] == [2, 1, 3]
    categories = {row[0]: row[2] for row in _table(section, "by_category")["rows"]}
    assert categories["DF"] == 1
    assert categories["ET"] == 1
    assert categories["CMA"] == 0
    # and a year earlier, ET-HS still counted
    earlier = experts_section(_context(as_of=D(2011, 3, 31), region=base.region("AP")))
    rows = {row[1]: row[3:] for row in _table(earlier, "by_area")["rows"]}
    assert rows["ET-HS"] == [1, 0, 1]
    assert "CMA" not in rows  # only pre-assessed then: no row in the table (the funnel counts it)


def test_category_counts_count_an_expert_once_per_category():
    expert = ExpertFactory(person__administration=base.member("TH"))
    accreditation(expert, "ET-HS", pre=D(2019, 1, 1), first=D(2019, 2, 1), full=D(2019, 3, 1))
    accreditation(expert, "ET-VAL", pre=D(2019, 1, 1), first=D(2019, 2, 1), full=D(2019, 3, 1))
    accreditation(expert, "TOA-AEO", pre=D(2019, 1, 1), first=D(2019, 2, 1), full=D(2019, 3, 1))
    section = experts_section(_context(as_of=D(2021, 12, 31)))
    categories = {row[0]: row[2] for row in _table(section, "by_category")["rows"]}
    assert categories["ET"] == 1  # two ET areas, one expert
    assert categories["TOA"] == 1
    areas = {row[1]: row[3] for row in _table(section, "by_area")["rows"]}
    assert areas["ET-HS"] == areas["ET-VAL"] == 1  # counted in each area
    assert section["notes"][1]["en"] == "As of 2021-12-31: 0 LMDA, 0 MPA, 0 DF, 0 CMA, 1 ET, 1 TOA."


def test_pipeline_funnel_and_kinds_as_of_the_date():
    expert = ExpertFactory(person__administration=base.member("TH"))
    ExpertFactory(person__administration=base.member("TH"), kind=ExpertKind.RECOGNIZED)
    accreditation(expert, "DF", pre=D(2020, 1, 1), first=D(2020, 3, 1), full=D(2020, 9, 1))
    funnel = lambda day: [row[1] for row in _table(experts_section(_context(as_of=day)), "pipeline")["rows"]]  # noqa: E731
    assert funnel(D(2020, 2, 1)) == [1, 0, 0]
    assert funnel(D(2020, 4, 1)) == [0, 1, 0]
    assert funnel(D(2020, 10, 1)) == [0, 0, 1]
    assert funnel(D(2019, 12, 31)) == [0, 0, 0]
    section = experts_section(_context(as_of=D(2030, 1, 1)))
    kinds = {_label(row[0]): row[1] for row in _table(section, "by_kind")["rows"]}
    assert kinds["Accredited expert"] >= 1
    assert kinds["Recognized Expert (RE)"] == 1


def test_gap_section_lists_areas_under_three_available_experts():
    for _ in range(3):
        expert = ExpertFactory(person__administration=base.member("TH"))
        accreditation(expert, "DF", pre=D(2020, 1, 1), first=D(2020, 2, 1), full=D(2020, 3, 1))
    section = gap_section(_context(as_of=D(2026, 1, 1), region=base.region("AP")))
    gaps = {(row[0], row[1]) for row in _table(section, "gaps")["rows"]}
    assert ("AP", "DF") not in gaps
    assert ("AP", "CMA") in gaps
    assert {row[0] for row in _table(section, "gaps")["rows"]} == {"AP"}


def test_release_commitments_are_read_as_of_the_report_date_not_as_kept_today():
    from experts.models import Deployment
    from experts.services.commitment import refresh_commitment

    # given: a Thai expert accredited in March 2016 (window to 28 February 2019), deployed 5 working days in
    # September 2017 and 10 in March 2018
    thai = ExpertFactory(person__administration=base.member("TH"))
    accreditation(thai, "DF", pre=D(2015, 1, 1), first=D(2015, 6, 1), full=D(2016, 3, 1))
    for start, end in [(D(2017, 9, 4), D(2017, 9, 8)), (D(2018, 3, 5), D(2018, 3, 16))]:
        Deployment.objects.create(expert=thai, start_date=start, end_date=end)
    # a Japanese expert accredited in January 2017 whose accreditation lapsed in 2019 (no commitment today), who
    # used 13 weeks in spring 2017 (at the cap) and then two overlapping deployments (2-13 and 9-20 October)
    japanese = ExpertFactory(person__administration=base.member("JP"))
    accreditation(japanese, "CMA", pre=D(2016, 1, 1), first=D(2016, 6, 1), full=D(2017, 1, 10), ended=D(2019, 5, 1))
    spring = (D(2017, 4, 3), D(2017, 6, 30))
    october = [(D(2017, 10, 2), D(2017, 10, 13)), (D(2017, 10, 9), D(2017, 10, 20))]
    for start, end in [spring, *october]:
        Deployment.objects.create(expert=japanese, start_date=start, end_date=end)
    # one accredited after the report date (no deployment), one of another region
    later = ExpertFactory(person__administration=base.member("TH"))
    accreditation(later, "DF", pre=D(2016, 1, 1), first=D(2016, 6, 1), full=D(2018, 2, 1))
    kenyan = ExpertFactory(person__administration=base.member("KE"))
    accreditation(kenyan, "DF", pre=D(2016, 1, 1), first=D(2016, 6, 1), full=D(2016, 9, 1))
    Deployment.objects.create(expert=kenyan, start_date=D(2017, 5, 1), end_date=D(2017, 5, 5))
    for expert in (thai, japanese, later, kenyan):
        refresh_commitment(expert)  # what the services keep on the expert row: the commitment as of today
    thai.refresh_from_db()
    assert thai.commitment_used_days == 15  # today: every deployment of the window
    japanese.refresh_from_db()
    assert japanese.commitment_window_start is None  # today: lapsed, no commitment

    # when: the Asia/Pacific report as of 31 December 2017
    figures = _headline(missions_section(_context(D(2017, 1, 1), D(2017, 12, 31), region=base.region("AP"))))
    # then: both experts were within their window that day; the Thai had used 5 days by then (not 15), the
    # Japanese 65 + 15 (the overlap once) and was at the cap
    assert figures["commitment_experts"]["value"] == 2
    assert figures["commitment_days"]["value"] == 5 + 80
    assert figures["commitment_at_cap"]["value"] == 1
    assert figures["commitment_share"]["value"] == round(85 * 100 / 120, 1)
    # and as of 30 June 2018: the Thai's March days count, the expert accredited in February joins with none
    mid_2018 = _headline(missions_section(_context(D(2017, 7, 1), D(2018, 6, 30), region=base.region("AP"))))
    assert mid_2018["commitment_experts"]["value"] == 3
    assert mid_2018["commitment_days"]["value"] == 15 + 80
    # the whole world adds the Kenyan's week; in 2020 only the expert accredited in 2018 is still in a window
    world = _headline(missions_section(_context(D(2017, 1, 1), D(2017, 12, 31))))
    assert (world["commitment_experts"]["value"], world["commitment_days"]["value"]) == (3, 90)
    late = _headline(missions_section(_context(D(2020, 1, 1), D(2020, 12, 31))))
    assert (late["commitment_experts"]["value"], late["commitment_days"]["value"]) == (1, 0)
