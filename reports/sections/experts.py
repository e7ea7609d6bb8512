"""Experts as of a date: the table of the March 2012 Asia/Pacific report (fully accredited, 1st step, total
per category and area, an expert counted in each of their areas), the category counts ("11 LMDA, 74 MPA, ...":
an expert counted once per category held), the pipeline funnel, experts by kind and region, the accreditation
workshops held in the period; and the gap analysis (region x area shortfalls against the 3-to-5 threshold)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from experts.choices import ACCREDITATION_CATEGORIES, Category, ExpertKind
from experts.models import Accreditation, AccreditationWorkshop, Expert, ExpertiseArea
from experts.selectors.gap import GAP_BELOW, GREEN_FROM, gap_analysis
from reports.sections.base import ReportContext, column_sums, headline, names, section, table, text
from wcocb.models import Region

#: The order of the categories in the tables (the 2012 report's: DF, CMA, trainers, TOA; then MPA, LMDA).
CATEGORY_ORDER = ["DF", "CMA", "ET", "TOA", "MPA", "LMDA"]
SUMMARY_ORDER = ["LMDA", "MPA", "DF", "CMA", "ET", "TOA"]


def stage_conditions(as_of) -> dict[str, Q]:
    """The stage of an accreditation on ``as_of``, from its dates (not from today's stage)."""
    live = Q(pre_assessed_on__lte=as_of) & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=as_of))
    full = live & Q(accredited_on__lte=as_of)
    first = live & Q(workshop_passed_on__lte=as_of) & (Q(accredited_on__isnull=True) | Q(accredited_on__gt=as_of))
    pre = live & (Q(workshop_passed_on__isnull=True) | Q(workshop_passed_on__gt=as_of))
    return {"live": live, "full": full, "first": first, "pre": pre}


def _scoped_accreditations(context: ReportContext):
    return context.in_scope(
        Accreditation.objects.filter(area__category__in=sorted(ACCREDITATION_CATEGORIES)),
        region="expert__person__administration__region",
        administration="expert__person__administration",
    )


def experts_section(context: ReportContext) -> dict:
    stage = stage_conditions(context.as_of)
    accreditations = _scoped_accreditations(context)
    per_area = {
        area: (full, first)
        for area, full, first in accreditations.values_list("area")
        .annotate(
            full=Count("expert", distinct=True, filter=stage["full"]),
            first=Count("expert", distinct=True, filter=stage["first"]),
        )
        .order_by()
    }
    areas = sorted(
        ExpertiseArea.objects.filter(pk__in=[pk for pk, counts in per_area.items() if any(counts)]),
        key=lambda area: (CATEGORY_ORDER.index(area.category), area.pk),
    )
    area_rows = [
        [area.category, area.code, names(area), per_area[area.pk][0], per_area[area.pk][1], sum(per_area[area.pk])]
        for area in areas
    ]
    per_category = dict(
        accreditations.values_list("area__category")
        .annotate(n=Count("expert", distinct=True, filter=stage["full"]))
        .order_by()
    )
    category_rows = [[code, text(Category(code).label), per_category.get(code, 0)] for code in CATEGORY_ORDER]
    funnel = accreditations.aggregate(
        pre=Count("pk", filter=stage["pre"]),
        first=Count("pk", filter=stage["first"]),
        full=Count("pk", filter=stage["full"]),
        experts=Count("expert", distinct=True, filter=stage["full"]),
        experts_live=Count("expert", distinct=True, filter=stage["live"]),
    )
    funnel_rows = [
        [text(_("Pre-assessed")), funnel["pre"]],
        [text(_("1st step (workshop passed)")), funnel["first"]],
        [text(_("Fully accredited")), funnel["full"]],
    ]

    experts = context.in_scope(
        Expert.objects.filter(
            Q(created_at__date__lte=context.as_of) | Q(accreditations__pre_assessed_on__lte=context.as_of)
        ),
        region="person__administration__region",
        administration="person__administration",
    )
    by_kind = dict(experts.values_list("kind").annotate(n=Count("pk", distinct=True)).order_by())
    kind_rows = [[text(label), by_kind.get(value, 0)] for value, label in ExpertKind.choices]
    regions = Region.objects.order_by("code")
    if context.scope_region_id:
        regions = regions.filter(pk=context.scope_region_id)
    by_region = dict(
        accreditations.values_list("expert__person__administration__region")
        .annotate(
            n=Count("expert", distinct=True, filter=stage["full"]),
        )
        .order_by()
    )
    first_by_region = dict(
        accreditations.values_list("expert__person__administration__region")
        .annotate(n=Count("expert", distinct=True, filter=stage["first"]))
        .order_by()
    )
    region_rows = [
        [region.code, names(region), by_region.get(region.pk, 0), first_by_region.get(region.pk, 0)]
        for region in regions
    ]
    workshops = AccreditationWorkshop.objects.filter(context.in_period("start_date"))
    if context.scope_region_id:
        workshops = workshops.filter(region_id=context.scope_region_id)
    held = dict(workshops.values_list("category").annotate(n=Count("pk")).order_by())
    workshop_rows = [[code, text(Category(code).label), held.get(code, 0)] for code in CATEGORY_ORDER]
    workshops_held = sum(held.values())
    as_of = context.as_of.isoformat()
    # In the order of the Secretariat's own sentence: "11 LMDA, 74 MPA, 38 DF, 63 CMA, 145 ET, 217 TOA".
    summary = ", ".join(f"{per_category.get(code, 0)} {code}" for code in SUMMARY_ORDER)

    return section(
        "experts",
        20,
        _("Experts"),
        headline=[
            headline("accredited", _("Fully accredited experts"), funnel["experts"], compare=False),
            headline("in_pipeline", _("Experts in the accreditation pipeline"), funnel["experts_live"], compare=False),
            headline("workshops", _("Accreditation workshops held"), workshops_held, compare=False),
        ],
        tables=[
            table(
                "by_area",
                _("Accredited experts by category and area (each expert counted in each area)"),
                [_("Category"), _("Area"), _("Name"), _("Fully accredited"), _("1st step"), _("Total")],
                area_rows,
                total=column_sums(area_rows, 3),
                chart=None,
            ),
            table(
                "by_category",
                _("Experts by category (each expert counted once per category held)"),
                [_("Code"), _("Category"), _("Fully accredited")],
                category_rows,
                total=None,
                chart={"type": "bar", "label": 0},
            ),
            table(
                "pipeline",
                _("The accreditation pipeline (accreditations)"),
                [_("Stage"), _("Accreditations")],
                funnel_rows,
                chart={"type": "funnel"},
            ),
            table(
                "by_kind",
                _("Experts by kind"),
                [_("Kind"), _("Experts")],
                kind_rows,
                total=column_sums(kind_rows, 1),
                chart={"type": "doughnut"},
            ),
            table(
                "by_region",
                _("Experts by home region"),
                [_("Code"), _("Region"), _("Fully accredited"), _("1st step")],
                region_rows,
                chart={"type": "bar", "label": 1},
            ),
            table(
                "workshops",
                _("Accreditation workshops held in the period"),
                [_("Code"), _("Category"), _("Workshops")],
                workshop_rows,
                total=column_sums(workshop_rows, 2),
                chart=None,
            ),
        ],
        notes=[
            (_("Experts are counted as of %(date)s, from the dates of each accreditation."), {"date": as_of}),
            (_("As of %(date)s: %(counts)s."), {"date": as_of, "counts": summary}),
        ],
    )


def gap_section(context: ReportContext) -> dict:
    """The gap analysis of :mod:`experts.selectors.gap` on the as-of date, the scope's region(s) only."""
    matrix = gap_analysis(as_of=context.as_of)
    region_id = context.scope_region_id
    rows = []
    for region, cells in matrix.rows:
        if region_id and region.pk != region_id:
            continue
        for area, cell in cells:
            if cell.status == "gap":
                rows.append(
                    [region.code, area.code, names(area), cell.fully_accredited, cell.need, cell.shortfall]
                )  # fmt: skip
    per_region: dict[str, int] = {}
    for row in rows:
        per_region[row[0]] = per_region.get(row[0], 0) + 1
    return section(
        "gaps",
        30,
        _("Gap analysis"),
        headline=[headline("gaps", _("Region x area gaps"), len(rows), compare=False)],
        tables=[
            table(
                "gaps",
                _("Areas under the threshold of available experts"),
                [_("Region"), _("Area code"), _("Area"), _("Available"), _("Need"), _("Shortfall")],
                rows,
                total=column_sums(rows, 3) if rows else None,
                chart=None,
            ),
            table(
                "gaps_by_region",
                _("Gaps per region"),
                [_("Region"), _("Gaps")],
                [[code, n] for code, n in sorted(per_region.items())],
                chart={"type": "bar", "label": 0},
            ),
        ],
        notes=[
            (
                _(
                    "A region should pool at least %(low)s to %(high)s available experts per area; "
                    "under %(low)s is a gap."
                ),
                {"low": GAP_BELOW, "high": GREEN_FROM},
            )
        ],
    )
