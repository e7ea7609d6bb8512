"""The tiered dashboard (global → region → member, each a click from the one above) and the comparison of two
snapshots. The dashboard shows the newest succeeded run of its scope (the monthly schedule keeps one fresh;
anyone who may report on the scope can start a newer one from it)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import get_language
from django.views.generic import TemplateView

from reports import exporting, rules, selectors
from reports.sections.base import first_number
from reports.views.charts import sections_for_page
from reports.views.runs import ReportPageMixin
from wcocb.models import MemberAdministration, Region


def _scope(request) -> tuple[Region | None, MemberAdministration | None]:
    user = request.user
    region_code, iso = request.GET.get("region", ""), request.GET.get("administration", "")
    if not region_code and not iso:
        scope = rules.default_scope(user)
        return scope["region"], scope["administration"]
    if iso:
        administration = MemberAdministration.objects.select_related("region").filter(iso_code=iso[:2].upper()).first()
        if administration is None:
            raise Http404
        return None, administration
    region = Region.objects.filter(code=region_code[:8].upper()).first()
    if region is None:
        raise Http404
    return region, None


class DashboardView(ReportPageMixin, TemplateView):
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        region, administration = _scope(self.request)
        if not rules.may_report_on(user, region=region, administration=administration):
            raise PermissionDenied
        language = exporting.language_of((get_language() or "en")[:2])
        run = selectors.latest_run(user, region=region, administration=administration)
        context.update(
            region=region,
            administration=administration,
            run=run,
            sections=sections_for_page(run.snapshot, language, prefix="dash") if run else [],
            may_global=rules.may_report_on(user),
            parent_region=administration.region if administration else region,
            may_parent_region=bool(administration) and rules.may_report_on(user, region=administration.region),
        )
        if administration is None and region is None:
            context["children"] = [("region", r.code, r.name) for r in Region.objects.order_by("code")]
        elif administration is None:
            context["children"] = [
                ("administration", m.iso_code, m.name)
                for m in MemberAdministration.objects.filter(region=region).order_by("name_en")
            ]
        else:
            context["children"] = []
        if administration is not None:
            context["start_query"] = f"administration={administration.iso_code}"
        else:
            context["start_query"] = f"region={region.code}" if region else ""
        return context


def _label(row: list) -> str:
    first = next((cell for cell in row if isinstance(cell, dict)), None)
    if first is not None:
        return first.get("en", "")
    return str(row[0])


def compare(a: dict, b: dict, language: str) -> list[dict]:
    """The two snapshots side by side: every headline figure, and each table's rows (matched by their label)
    in the first numeric column; ``None`` where one snapshot lacks the figure."""
    b_sections = {section["key"]: section for section in b.get("sections", [])}
    out = []
    for section in a.get("sections", []):
        other = b_sections.get(section["key"], {})
        other_headline = {entry["key"]: entry for entry in other.get("headline", [])}
        rows = []
        for entry in section.get("headline", []):
            value_b = other_headline.get(entry["key"], {}).get("value")
            rows.append(_diff(exporting.localized(entry["label"], language), entry["value"], value_b))
        other_tables = {table["key"]: table for table in other.get("tables", [])}
        tables = []
        for table in section.get("tables", []):
            if not table["rows"]:
                continue
            numeric = first_number(table["rows"][0])
            if numeric is None:
                continue
            other_rows = {_label(row): row for row in other_tables.get(table["key"], {}).get("rows", [])}
            lines = []
            for row in table["rows"]:
                label = _label(row)
                match = other_rows.get(label)
                shown = next((exporting.localized(cell, language) for cell in row if isinstance(cell, dict)), row[0])
                lines.append(_diff(shown, row[numeric], match[numeric] if match else None))
            tables.append(
                {"title": exporting.localized(table["title"], language),
                 "column": exporting.localized(table["columns"][numeric], language), "rows": lines}
            )  # fmt: skip
        out.append({"title": exporting.localized(section["title"], language), "headline": rows, "tables": tables})
    return out


def _diff(label, a, b) -> dict:
    difference = (a - b) if isinstance(a, int | float) and isinstance(b, int | float) else None
    if isinstance(difference, float):
        difference = round(difference, 1)
    return {"label": label, "a": a, "b": b, "difference": difference}


class CompareView(ReportPageMixin, TemplateView):
    """Two succeeded runs the user may see, side by side (``?a=<id>&b=<id>``): the first against the second."""

    template_name = "reports/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = selectors.runs_for(self.request.user).filter(status="succeeded")
        context["choices"] = list(runs[:200])
        picked = {}
        for name in ("a", "b"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                picked[name] = runs.defer(None).filter(pk=int(value)).first()
        context["a"], context["b"] = picked.get("a"), picked.get("b")
        if context["a"] and context["b"]:
            language = exporting.language_of((get_language() or "en")[:2])
            context["comparison"] = compare(context["a"].snapshot, context["b"].snapshot, language)
        return context
