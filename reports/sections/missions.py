"""Missions delivered in the period (a mission counts in the period in which it starts), against the previous
period of the same length; members supported, strategic advisory missions, experts deployed and their working
days, release-commitment use; by kind, region, delivery mode, funding and month."""

from __future__ import annotations

from django.db.models import Avg, Count, F, Func, IntegerField, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from experts.models import Expert
from experts.selectors.commitment import CAP_DAYS
from missions.choices import DeliveryMode, MissionKind, Status
from missions.models import Assignment, MissionRequest
from reports.sections.base import ReportContext, column_sums, headline, names, section, table, text
from wcocb.models import FundingSource, Region

#: A mission is delivered once it is completed (then closed).
DELIVERED = (Status.COMPLETED, Status.CLOSED)


class InclusiveDays(Func):
    """``end - start + 1``: the days of a date range, both ends included (PostgreSQL date arithmetic)."""

    template = "(%(expressions)s + 1)"
    arg_joiner = " - "
    output_field = IntegerField()


def _regions(context: ReportContext) -> list[Region]:
    regions = Region.objects.order_by("code")
    if context.scope_region_id:
        regions = regions.filter(pk=context.scope_region_id)
    return list(regions)


def missions_section(context: ReportContext) -> dict:
    delivered = context.in_scope(
        MissionRequest.objects.filter(status__in=DELIVERED, start_date__isnull=False),
        region="administration__region",
        administration="administration",
    )
    now, before = context.in_period("start_date"), context.in_previous("start_date")
    strategic = Q(kind=MissionKind.STRATEGIC_ADVISORY)
    totals = delivered.aggregate(
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
    days = InclusiveDays(F("end_date"), F("start_date"))
    team_now, team_before = context.in_period("request__start_date"), context.in_previous("request__start_date")
    deployed = team.aggregate(
        experts=Count("expert", distinct=True, filter=team_now),
        experts_before=Count("expert", distinct=True, filter=team_before),
        days=Sum(days, filter=team_now, default=0),
        days_before=Sum(days, filter=team_before, default=0),
    )

    in_period = delivered.filter(now)
    by_kind = dict(in_period.values_list("kind").annotate(n=Count("pk")).order_by())
    kind_before = dict(delivered.filter(before).values_list("kind").annotate(n=Count("pk")).order_by())
    kind_rows = [
        [text(label), by_kind.get(value, 0), kind_before.get(value, 0)]
        for value, label in MissionKind.choices
        if by_kind.get(value) or kind_before.get(value)
    ]
    regions = _regions(context)
    by_region = dict(in_period.values_list("administration__region").annotate(n=Count("pk")).order_by())
    region_before = dict(
        delivered.filter(before).values_list("administration__region").annotate(n=Count("pk")).order_by()
    )
    members_by_region = dict(
        in_period.values_list("administration__region").annotate(n=Count("administration", distinct=True)).order_by()
    )
    region_rows = [
        [region.code, names(region), by_region.get(region.pk, 0), region_before.get(region.pk, 0),
         members_by_region.get(region.pk, 0)]
        for region in regions
    ]  # fmt: skip
    by_mode = dict(in_period.values_list("delivery_mode").annotate(n=Count("pk")).order_by())
    mode_rows = [[text(label), by_mode.get(value, 0)] for value, label in DeliveryMode.choices]
    by_funding = dict(in_period.values_list("funding").annotate(n=Count("pk")).order_by())
    funding_rows = [
        [source.code, source.name, by_funding[source.pk]]
        for source in FundingSource.objects.filter(pk__in=list(by_funding)).order_by("kind", "name")
    ]
    monthly = (
        in_period.annotate(month=TruncMonth("start_date"))
        .values_list("month", "administration__region")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_month: dict[str, dict[int, int]] = {}
    for month, region_id, n in monthly:
        per_month.setdefault(month.strftime("%Y-%m"), {})[region_id] = n
    month_rows = [
        [month, *[counts.get(region.pk, 0) for region in regions]] for month, counts in sorted(per_month.items())
    ]
    by_member = (
        in_period.values_list("administration__iso_code", "administration__name_en")
        .annotate(n=Count("pk"))
        .order_by("-n", "administration__iso_code")
    )
    member_rows = [[iso, name, n] for iso, name, n in by_member]

    experts = context.in_scope(
        Expert.objects.filter(
            commitment_window_start__isnull=False,
            commitment_window_start__lte=context.as_of,
            commitment_window_end__gte=context.as_of,
        ),
        region="person__administration__region",
        administration="person__administration",
    )
    commitment = experts.aggregate(
        experts=Count("pk"),
        used=Sum("commitment_used_days", default=0),
        at_cap=Count("pk", filter=Q(commitment_used_days__gte=CAP_DAYS)),
    )
    capacity = commitment["experts"] * CAP_DAYS
    used_share = round(commitment["used"] * 100.0 / capacity, 1) if capacity else None

    month_total = column_sums(month_rows, 1)
    return section(
        "missions",
        10,
        _("Missions"),
        headline=[
            headline("missions", _("Missions delivered"), totals["missions"], totals["missions_before"]),
            headline("members", _("Members supported"), totals["members"], totals["members_before"]),
            headline("strategic", _("Strategic advisory missions"), totals["strategic"], totals["strategic_before"]),
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
            _("Release commitments as kept today for the experts whose window covers the as-of date."),
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
