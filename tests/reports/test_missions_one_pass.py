"""The missions section answers every breakdown from one statement over the period's rows (``GROUPING SETS``).
Its figures must be those of the former section, which asked each breakdown as its own ORM aggregate over the
whole missions table: that version is kept here, word for word in what it counted, as the oracle, and both are
compared on crafted data (every kind, several regions, modes, funding sources and statuses, teams, the period
edges) for several scopes and periods."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db.models import Count, F, Func, IntegerField, Q, Sum
from django.db.models.functions import TruncMonth

from missions.choices import DeliveryMode, MissionKind, Status
from missions.models import Assignment, MissionRequest
from reports.sections.base import ReportContext
from reports.sections.missions import DELIVERED, missions_section
from tests import factories as base
from tests.missions.factories import ExpertFactory
from tests.reports.factories import delivered
from wcocb.models import FundingSource, Region

pytestmark = pytest.mark.django_db
D = datetime.date


class _InclusiveDays(Func):
    template = "(%(expressions)s + 1)"
    arg_joiner = " - "
    output_field = IntegerField()


def _label(cell):
    return cell["en"] if isinstance(cell, dict) else cell


def _per_breakdown(context: ReportContext) -> dict:
    """The former section's figures: one ORM aggregate per breakdown, over every delivered mission."""
    delivered_ = context.in_scope(
        MissionRequest.objects.filter(status__in=DELIVERED, start_date__isnull=False),
        region="administration__region",
        administration="administration",
    )
    now, before = context.in_period("start_date"), context.in_previous("start_date")
    strategic = Q(kind=MissionKind.STRATEGIC_ADVISORY)
    totals = delivered_.aggregate(
        missions=Count("pk", filter=now),
        missions_before=Count("pk", filter=before),
        members=Count("administration", distinct=True, filter=now),
        members_before=Count("administration", distinct=True, filter=before),
        strategic=Count("pk", filter=now & strategic),
        strategic_before=Count("pk", filter=before & strategic),
    )
    team = context.in_scope(
        Assignment.objects.filter(selected=True, request__status__in=DELIVERED),
        region="request__administration__region",
        administration="request__administration",
    )
    days = _InclusiveDays(F("end_date"), F("start_date"))
    team_now, team_before = context.in_period("request__start_date"), context.in_previous("request__start_date")
    deployed = team.aggregate(
        experts=Count("expert", distinct=True, filter=team_now),
        experts_before=Count("expert", distinct=True, filter=team_before),
        days=Sum(days, filter=team_now, default=0),
        days_before=Sum(days, filter=team_before, default=0),
    )
    in_period = delivered_.filter(now)
    by_kind = dict(in_period.values_list("kind").annotate(n=Count("pk")).order_by())
    kind_before = dict(delivered_.filter(before).values_list("kind").annotate(n=Count("pk")).order_by())
    regions = Region.objects.order_by("code")
    if context.scope_region_id:
        regions = regions.filter(pk=context.scope_region_id)
    by_region = dict(in_period.values_list("administration__region").annotate(n=Count("pk")).order_by())
    region_before = dict(
        delivered_.filter(before).values_list("administration__region").annotate(n=Count("pk")).order_by()
    )
    members_by_region = dict(
        in_period.values_list("administration__region").annotate(n=Count("administration", distinct=True)).order_by()
    )
    by_mode = dict(in_period.values_list("delivery_mode").annotate(n=Count("pk")).order_by())
    by_funding = dict(in_period.values_list("funding").annotate(n=Count("pk")).order_by())
    monthly = (
        in_period.annotate(month=TruncMonth("start_date"))
        .values_list("month", "administration__region")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_month: dict[str, dict[int, int]] = {}
    for month, region_id, n in monthly:
        per_month.setdefault(month.strftime("%Y-%m"), {})[region_id] = n
    by_member = (
        in_period.values_list("administration__iso_code", "administration__name_en")
        .annotate(n=Count("pk"))
        .order_by("-n", "administration__iso_code")
    )
    return {
        "headline": {
            "missions": (totals["missions"], totals["missions_before"]),
            "members": (totals["members"], totals["members_before"]),
            "strategic": (totals["strategic"], totals["strategic_before"]),
            "experts": (deployed["experts"], deployed["experts_before"]),
            "expert_days": (deployed["days"], deployed["days_before"]),
        },
        "by_kind": [
            [str(label), by_kind.get(value, 0), kind_before.get(value, 0)]
            for value, label in MissionKind.choices
            if by_kind.get(value) or kind_before.get(value)
        ],
        "by_region": [
            [r.code, r.name_en, by_region.get(r.pk, 0), region_before.get(r.pk, 0), members_by_region.get(r.pk, 0)]
            for r in regions
        ],
        "per_month": [[month, *[counts.get(r.pk, 0) for r in regions]] for month, counts in sorted(per_month.items())],
        "by_mode": [[str(label), by_mode.get(value, 0)] for value, label in DeliveryMode.choices],
        "by_funding": [
            [source.code, source.name, by_funding[source.pk]]
            for source in FundingSource.objects.filter(pk__in=list(by_funding)).order_by("kind", "name")
        ],
        "by_member": [[iso, name, n] for iso, name, n in by_member],
    }


HEADLINES = ("missions", "members", "strategic", "experts", "expert_days")
TABLES = ("by_kind", "by_region", "per_month", "by_mode", "by_funding", "by_member")


def _as_compared(section: dict) -> dict:
    figures = {entry["key"]: entry for entry in section["headline"]}
    tables = {table["key"]: table for table in section["tables"]}
    return {
        "headline": {key: (figures[key]["value"], figures[key]["previous"]) for key in HEADLINES},
        **{key: [[_label(cell) for cell in row] for row in tables[key]["rows"]] for key in TABLES},
    }


@pytest.fixture
def crafted():
    """About eighty missions from 2016 to 2018 (both edges of the 2017/18 year and of the year before, the day
    after), of every kind, in five members of three regions, every mode, three funding sources, delivered or
    not; teams of one to three experts drawn from six, an assignment not selected."""
    draw = random.Random(13)
    experts = [ExpertFactory() for _ in range(6)]
    shortlisted = ExpertFactory()  # on the shortlist, never selected: not deployed
    funding = list(FundingSource.objects.order_by("pk")[:3])
    days = [D(2016, 7, 1), D(2017, 6, 30), D(2017, 7, 1), D(2018, 6, 30), D(2018, 7, 1), D(2016, 6, 30)]
    days += [D(2016, 7, 1) + datetime.timedelta(days=draw.randrange(760)) for _ in range(74)]
    statuses = [Status.COMPLETED] * 5 + [Status.CLOSED] * 3 + [Status.DEPLOYED, Status.CANCELLED]
    for index, day in enumerate(days):
        mission = delivered(
            day,
            iso=draw.choice(["TH", "JP", "KE", "BR", "TH"]),
            kind=list(MissionKind.values)[index % len(MissionKind.values)],
            days=draw.randrange(1, 12),
            status=draw.choice(statuses),
            mode=draw.choice(list(DeliveryMode.values)),
            experts=draw.sample(experts, draw.randrange(0, 4)),
        )
        MissionRequest.objects.filter(pk=mission.pk).update(funding=draw.choice(funding))
        if index % 9 == 0:
            Assignment.objects.create(
                request=mission, expert=shortlisted, start_date=day, end_date=day, selected=False
            )
    return days


@pytest.mark.parametrize(
    ("period", "scope"),
    [
        ((D(2017, 7, 1), D(2018, 6, 30)), {}),
        ((D(2017, 7, 1), D(2018, 6, 30)), {"region": "AP"}),
        ((D(2017, 7, 1), D(2018, 6, 30)), {"region": "ESA"}),
        ((D(2017, 7, 1), D(2018, 6, 30)), {"administration": "TH"}),
        ((D(2018, 1, 1), D(2018, 3, 31)), {}),  # a quarter against the quarter before
        ((D(2017, 9, 10), D(2017, 9, 30)), {"region": "AP"}),  # 21 days against the 21 before
        ((D(2030, 1, 1), D(2030, 12, 31)), {}),  # nothing in either period
    ],
)
def test_the_one_pass_figures_are_those_of_one_aggregate_per_breakdown(crafted, period, scope):
    scoped = {}
    if "region" in scope:
        scoped["region"] = base.region(scope["region"])
    if "administration" in scope:
        scoped["administration"] = base.member(scope["administration"])
    context = ReportContext(period_start=period[0], period_end=period[1], as_of=period[1], **scoped)
    expected = _per_breakdown(context)
    assert _as_compared(missions_section(context)) == expected
    if period[0].year == 2017 and not scope:
        assert expected["headline"]["missions"][0] > 20  # the crafted data reaches every breakdown
        assert expected["headline"]["experts"][0] == 6
        assert len(expected["by_funding"]) == 3


def test_the_section_reads_the_missions_once(crafted, django_assert_max_num_queries):
    context = ReportContext(period_start=D(2017, 7, 1), period_end=D(2018, 6, 30), as_of=D(2018, 6, 30))
    # one statement for every breakdown and the team, one for the release commitments, and the names of the
    # regions, funding sources and members it shows
    with django_assert_max_num_queries(5) as captured:
        missions_section(context)
    reading = [q["sql"] for q in captured.captured_queries if '"missions_missionrequest"' in q["sql"]]
    assert len(reading) == 1
    assert "GROUPING SETS" in reading[0]
