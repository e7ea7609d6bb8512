"""The gap analysis heatmap (Secretariat, ROCB)."""

from __future__ import annotations

from django.utils import timezone
from django.views.generic import TemplateView

from experts import forms, selectors
from experts.choices import Category
from wcocb.choices import Role
from wcocb.mixins import RoleRequiredMixin


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
