"""Missions delivered in the period (a mission counts in the period in which it starts), against the previous
period of the same length; members supported, strategic advisory missions, experts deployed and their working
days, release-commitment use as of the report's date; by kind, region, delivery mode, funding and month.

The delivered missions of the period and of the one before are read once: one statement materialises them
(``WITH delivered AS MATERIALIZED``, the scope's rows from the ORM's own query) and answers every breakdown from
that with ``GROUPING SETS``, and the team figures by joining the assignments to the same rows (see
``bench/README.md``: a million missions)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, F, Min, Q
from django.utils.translation import gettext_lazy as _

from experts.models import Accreditation, Deployment
from experts.selectors.commitment import CAP_DAYS, WINDOW_YEARS
from missions.choices import DeliveryMode, MissionKind, Status
from missions.models import Assignment, MissionRequest
from reports.sections.base import ReportContext, column_sums, headline, names, section, table, text
from reports.sections.experts import stage_conditions
from wcocb.models import FundingSource, MemberAdministration, Region

#: A mission is delivered once it is completed (then closed).
DELIVERED = (Status.COMPLETED, Status.CLOSED)

#: The columns the breakdowns group by, in the order of the ``GROUPING()`` bit mask, and each breakdown's set.
GROUP_COLUMNS = ("kind", "region_id", "delivery_mode", "funding_id", "month", "administration_id")
GROUPING_SETS = {
    "total": (),
    "kind": ("kind",),
    "region": ("region_id",),
    "mode": ("delivery_mode",),
    "funding": ("funding_id",),
    "month": ("month", "region_id"),
    "member": ("administration_id", "region_id"),
}


def _mask(columns: tuple[str, ...]) -> int:
    """What ``GROUPING(<GROUP_COLUMNS>)`` answers for a set grouped by ``columns`` (a bit set per column left out)."""
    width = len(GROUP_COLUMNS)
    return sum(1 << (width - 1 - i) for i, column in enumerate(GROUP_COLUMNS) if column not in columns)


SET_OF_MASK = {_mask(columns): name for name, columns in GROUPING_SETS.items()}

FIGURES_SQL = """
WITH delivered (id, kind, delivery_mode, funding_id, administration_id, region_id, start_date, now)
    AS MATERIALIZED ({rows}),
groups AS MATERIALIZED (
    SELECT GROUPING({columns}) AS grouping, {columns},
        count(*) FILTER (WHERE now) AS now, count(*) FILTER (WHERE NOT now) AS before,
        count(*) FILTER (WHERE now AND kind = %s) AS strategic_now,
        count(*) FILTER (WHERE NOT now AND kind = %s) AS strategic_before
    FROM (SELECT *, to_char(start_date, 'YYYY-MM') AS month FROM delivered) AS d
    GROUP BY GROUPING SETS ({sets})
)
SELECT
    (SELECT json_agg(json_build_array(grouping, {columns}, now, before, strategic_now, strategic_before))
     FROM groups),
    (SELECT json_agg(json_build_array(region_id, is_total, members_now, members_before)) FROM (
        SELECT region_id, GROUPING(region_id) = 1 AS is_total, count(*) FILTER (WHERE now > 0) AS members_now,
            count(*) FILTER (WHERE before > 0) AS members_before
        FROM groups WHERE grouping = %s
        GROUP BY ROLLUP (region_id)) AS members),
    (SELECT json_build_array(
        count(DISTINCT a.expert_id) FILTER (WHERE d.now), count(DISTINCT a.expert_id) FILTER (WHERE NOT d.now),
        coalesce(sum(a.end_date - a.start_date + 1) FILTER (WHERE d.now), 0),
        coalesce(sum(a.end_date - a.start_date + 1) FILTER (WHERE NOT d.now), 0))
     FROM {assignments} AS a JOIN delivered AS d ON d.id = a.request_id
     WHERE a.selected)
"""

#: The release commitment of each expert as of the report's date: the window opens on their first formal full
#: accreditation among those they held on that date, lasts three years (the day before the third anniversary is
#: its last; PostgreSQL's ``+ interval`` moves 29 February to the 28th as ``experts.selectors.commitment`` does),
#: and the days used are the working days (Monday-Friday) of their deployments inside the window up to that
#: date, a day covered twice counted once.
COMMITMENT_SQL = """
WITH firsts (expert_id, window_start) AS ({firsts}),
open_windows AS (
    SELECT expert_id, window_start, (window_start + make_interval(years => %s))::date - 1 AS window_end
    FROM firsts
),
used AS (
    SELECT w.expert_id, (
        SELECT count(DISTINCT day) FILTER (WHERE extract(isodow FROM day) < 6)
        FROM {deployments} AS dep
        CROSS JOIN LATERAL generate_series(
            greatest(dep.start_date, w.window_start)::timestamp, least(dep.end_date, w.window_end, %s)::timestamp,
            interval '1 day'
        ) AS day
        WHERE dep.expert_id = w.expert_id AND dep.end_date >= w.window_start
            AND dep.start_date <= least(w.window_end, %s)
    ) AS days
    FROM open_windows AS w
    WHERE w.window_end >= %s
)
SELECT count(*), coalesce(sum(days), 0), count(*) FILTER (WHERE days >= %s) FROM used
"""


def _regions(context: ReportContext) -> list[Region]:
    regions = Region.objects.order_by("code")
    if context.scope_region_id:
        regions = regions.filter(pk=context.scope_region_id)
    return list(regions)


def delivered_figures(context: ReportContext) -> tuple[dict[str, dict], dict[str, int]]:
    """Every breakdown of the delivered missions of the period and the previous one, in one statement:
    ``({set: {key: (now, before, members_now, members_before, strategic_now, strategic_before)}}, team)``,
    keyed as :data:`GROUPING_SETS` says (one column: its value; the total's key is ``()``), and the team's experts
    and days. Members supported are counted over the member set's groups (a member with a mission in the period),
    so every aggregate over the rows is a plain ``count(*)`` the server hashes in one pass."""
    rows = (
        context.in_scope(
            MissionRequest.objects.filter(
                status__in=DELIVERED, start_date__gte=context.previous_start, start_date__lte=context.period_end
            ),
            region="administration__region",
            administration="administration",
        )
        .order_by()
        .values(
            "id", "kind", "delivery_mode", "funding_id", "administration_id",
            region_id=F("administration__region"), start=F("start_date"),
            now=ExpressionWrapper(Q(start_date__gte=context.period_start), output_field=BooleanField()),
        )
    )  # fmt: skip
    rows_sql, rows_params = rows.query.sql_with_params()
    columns = ", ".join(GROUP_COLUMNS)
    sql = FIGURES_SQL.format(
        rows=rows_sql,
        columns=columns,
        sets=", ".join(f"({', '.join(grouped)})" for grouped in GROUPING_SETS.values()),
        assignments=connection.ops.quote_name(Assignment._meta.db_table),
    )
    strategic = MissionKind.STRATEGIC_ADVISORY.value
    with connection.cursor() as cursor:
        cursor.execute(sql, [*rows_params, strategic, strategic, _mask(GROUPING_SETS["member"])])
        groups, members, team = cursor.fetchone()
    found: dict[str, dict] = {name: {} for name in GROUPING_SETS}
    width = len(GROUP_COLUMNS)
    for cells in groups or []:
        name = SET_OF_MASK[cells[0]]
        values = dict(zip(GROUP_COLUMNS, cells[1 : 1 + width], strict=True))
        key = tuple(values[column] for column in GROUPING_SETS[name])
        now, before, strategic_now, strategic_before = cells[1 + width :]
        found[name][key[0] if len(key) == 1 else key] = (now, before, 0, 0, strategic_now, strategic_before)
    for region_id, is_total, members_now, members_before in members or []:
        name, key = ("total", ()) if is_total else ("region", region_id)
        now, before, _, _, strategic_now, strategic_before = found[name].get(key, (0, 0, 0, 0, 0, 0))
        found[name][key] = (now, before, members_now, members_before, strategic_now, strategic_before)
    experts, experts_before, days, days_before = team
    return found, {"experts": experts, "experts_before": experts_before, "days": days, "days_before": days_before}


def commitment_figures(context: ReportContext) -> dict[str, int]:
    """The release commitments as of ``context.as_of`` (see :data:`COMMITMENT_SQL`): experts whose window covers
    that date, the committed days they had used by then, and how many had reached the twelve-week cap."""
    firsts = (
        context.in_scope(
            Accreditation.objects.filter(stage_conditions(context.as_of)["full"]),
            region="expert__person__administration__region",
            administration="expert__person__administration",
        )
        .order_by()
        .values("expert_id")
        .annotate(window_start=Min("accredited_on"))
        .values_list("expert_id", "window_start")
    )
    firsts_sql, firsts_params = firsts.query.sql_with_params()
    sql = COMMITMENT_SQL.format(firsts=firsts_sql, deployments=connection.ops.quote_name(Deployment._meta.db_table))
    as_of = context.as_of
    with connection.cursor() as cursor:
        cursor.execute(sql, [*firsts_params, WINDOW_YEARS, as_of, as_of, as_of, CAP_DAYS])
        experts, used, at_cap = cursor.fetchone()
    return {"experts": experts, "used": int(used), "at_cap": at_cap}


def missions_section(context: ReportContext) -> dict:
    found, deployed = delivered_figures(context)
    empty = (0, 0, 0, 0, 0, 0)
    missions, missions_before, members, members_before, strategic, strategic_before = found["total"].get((), empty)
    kind_rows = [
        [text(label), counts[0], counts[1]]
        for value, label in MissionKind.choices
        if (counts := found["kind"].get(value, empty))[0] or counts[1]
    ]
    regions = _regions(context)
    region_rows = [
        [region.code, names(region), *(found["region"].get(region.pk, empty)[index] for index in (0, 1, 2))]
        for region in regions
    ]
    mode_rows = [[text(label), found["mode"].get(value, empty)[0]] for value, label in DeliveryMode.choices]
    by_funding = {pk: counts[0] for pk, counts in found["funding"].items() if counts[0]}
    funding_rows = [
        [source.code, source.name, by_funding[source.pk]]
        for source in FundingSource.objects.filter(pk__in=list(by_funding)).order_by("kind", "name")
    ]
    per_month: dict[str, dict[int, int]] = {}
    for (month, region_id), counts in found["month"].items():
        if counts[0]:
            per_month.setdefault(month, {})[region_id] = counts[0]
    month_rows = [
        [month, *[counts.get(region.pk, 0) for region in regions]] for month, counts in sorted(per_month.items())
    ]
    by_member = {pk: counts[0] for (pk, _region), counts in found["member"].items() if counts[0]}
    member_rows = sorted(
        (
            [iso, name, by_member[pk]]
            for pk, iso, name in MemberAdministration.objects.filter(pk__in=list(by_member)).values_list(
                "pk", "iso_code", "name_en"
            )
        ),
        key=lambda row: (-row[2], row[0]),
    )

    commitment = commitment_figures(context)
    capacity = commitment["experts"] * CAP_DAYS
    used_share = round(commitment["used"] * 100.0 / capacity, 1) if capacity else None

    month_total = column_sums(month_rows, 1)
    return section(
        "missions",
        10,
        _("Missions"),
        headline=[
            headline("missions", _("Missions delivered"), missions, missions_before),
            headline("members", _("Members supported"), members, members_before),
            headline("strategic", _("Strategic advisory missions"), strategic, strategic_before),
            headline("experts", _("Experts deployed"), deployed["experts"], deployed["experts_before"]),
            headline("expert_days", _("Experts' working days"), deployed["days"], deployed["days_before"]),
            headline(
                "commitment_experts", _("Experts within a release commitment"), commitment["experts"], compare=False
            ),
            headline("commitment_days", _("Committed days used"), commitment["used"], compare=False),
            headline("commitment_share", _("Share of committed days used (%)"), used_share, compare=False),
            headline("commitment_at_cap", _("Experts at the twelve-week cap"), commitment["at_cap"], compare=False),
        ],
        tables=[
            table(
                "by_kind",
                _("Missions by kind"),
                [_("Kind"), _("This period"), _("Previous period")],
                kind_rows,
                total=column_sums(kind_rows, 1),
                chart={"type": "bar"},
            ),
            table(
                "by_region",
                _("Missions by region"),
                [_("Code"), _("Region"), _("This period"), _("Previous period"), _("Members supported")],
                region_rows,
                total=column_sums(region_rows, 2),
                chart={"type": "bar", "label": 1},
            ),
            table(
                "per_month",
                _("Missions per month by region"),
                [_("Month"), *[names(region) for region in regions]],
                month_rows,
                total=month_total,
                chart={"type": "line"},
            ),
            table(
                "by_mode",
                _("Missions by delivery mode"),
                [_("Delivery mode"), _("Missions")],
                mode_rows,
                total=column_sums(mode_rows, 1),
                chart={"type": "doughnut"},
            ),
            table(
                "by_funding",
                _("Missions by funding"),
                [_("Code"), _("Funding"), _("Missions")],
                funding_rows,
                total=column_sums(funding_rows, 2),
                chart={"type": "bar", "label": 1},
            ),
            table(
                "by_member",
                _("Support by member administration"),
                [_("ISO code"), _("Member administration"), _("Missions")],
                member_rows,
                total=column_sums(member_rows, 2),
                chart={"type": "map"},
            ),
        ],
        notes=[
            _("A mission counts in the period in which it starts; delivered means completed or closed."),
            _("The previous period has the same length and ends the day before this one starts."),
            _(
                "Release commitments as of the as-of date: the experts whose three-year window (from their first "
                "full accreditation held on that date) covers it, and the working days of their deployments in "
                "the window up to that date."
            ),
        ],
    )


def feedback_section(context: ReportContext) -> dict:
    """The beneficiaries' answers to the standard feedback form, for the missions that started in the period."""
    from reports.models import MissionFeedback

    answers = context.in_scope(
        MissionFeedback.objects.filter(context.in_period("mission__start_date")),
        region="mission__administration__region",
        administration="mission__administration",
    )
    means = {"relevance": Avg("relevance"), "expert_quality": Avg("expert_quality"), "usefulness": Avg("usefulness")}
    totals = answers.aggregate(answers=Count("pk"), follow_up=Count("pk", filter=Q(follow_up_needed=True)), **means)
    rounded = {key: round(float(totals[key]), 2) if totals[key] is not None else None for key in means}
    per_kind = answers.values_list("mission__kind").annotate(n=Count("pk"), **means).order_by("mission__kind")
    labels = dict(MissionKind.choices)
    kind_rows = [
        [text(labels.get(kind, kind)), n, round(float(r), 2), round(float(q), 2), round(float(u), 2)]
        for kind, n, r, q, u in per_kind
    ]
    per_region = (
        answers.values_list("mission__administration__region__code")
        .annotate(n=Count("pk"), **means)
        .order_by("mission__administration__region__code")
    )
    region_rows = [
        [code, n, round(float(r), 2), round(float(q), 2), round(float(u), 2)] for code, n, r, q, u in per_region
    ]
    columns = [_("Answers"), _("Relevance"), _("Quality of the experts"), _("Usefulness")]
    return section(
        "feedback",
        15,
        _("Beneficiary feedback"),
        headline=[
            headline("answers", _("Feedback forms answered"), totals["answers"], compare=False),
            headline("relevance", _("Relevance (mean, 1-5)"), rounded["relevance"], compare=False),
            headline(
                "expert_quality", _("Quality of the experts (mean, 1-5)"), rounded["expert_quality"], compare=False
            ),
            headline("usefulness", _("Usefulness (mean, 1-5)"), rounded["usefulness"], compare=False),
            headline("follow_up", _("Asking for follow-up support"), totals["follow_up"], compare=False),
        ],
        tables=[
            table("by_kind", _("Feedback by mission kind"), [_("Kind"), *columns], kind_rows, chart={"type": "bar"}),
            table("by_region", _("Feedback by region"), [_("Region"), *columns], region_rows, chart={"type": "bar"}),
        ],
        notes=[_("Answers of the beneficiary administrations to the standard form, for the missions of the period.")],
    )
