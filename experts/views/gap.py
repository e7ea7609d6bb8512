"""The gap analysis heatmap (Secretariat, ROCB)."""

from __future__ import annotations

from django.http import Http404, QueryDict
from django.utils import timezone
from django.views.generic import TemplateView

from experts import forms, selectors
from experts.choices import Category
from experts.models import Expert
from wcocb.choices import Role
from wcocb.mixins import RoleRequiredMixin
from wcocb.scoping import scope_queryset


class GapAnalysisView(RoleRequiredMixin, TemplateView):
    """The region-by-area heatmap of available experts against the need (Secretariat, ROCB)."""

    template_name = "experts/gap_analysis.html"
    allowed_roles = frozenset({Role.SECRETARIAT, Role.ROCB})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = forms.GapForm(self.request.GET or None)
        as_of, category = timezone.localdate(), ""
        if form.is_valid():
            as_of = form.cleaned_data["as_of"] or as_of
            category = form.cleaned_data["category"] or ""
        context["form"] = form
        context["matrix"] = selectors.gap_analysis(as_of=as_of, category=category or None)
        context["own_region"] = getattr(self.request.user, "region_id", None)
        context["categories"] = Category
        return context


class GapCellView(RoleRequiredMixin, TemplateView):
    """The experts one cell of the gap analysis counts (``?region=AP&area=DF&as_of=2027-01-04``)."""

    template_name = "experts/gap_cell.html"
    allowed_roles = frozenset({Role.SECRETARIAT, Role.ROCB})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = forms.GapCellForm(self.request.GET)
        if not form.is_valid():
            raise Http404
        as_of = form.cleaned_data["as_of"] or timezone.localdate()
        region, area = form.cleaned_data["region"], form.cleaned_data["area"]
        full, first = selectors.cell_experts(
            as_of=as_of,
            region_code=region.code,
            area=area,
            experts=scope_queryset(Expert.objects.all(), self.request.user),
        )
        back = QueryDict(mutable=True)
        back.update({"as_of": as_of.isoformat(), "category": area.category})
        context.update(region=region, area=area, as_of=as_of, full=full, first=first, back_query=back.urlencode())
        return context
