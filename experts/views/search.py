"""The expert search page (facets, ranked results, htmx) and the search-as-you-type lookup."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import QueryDict
from django.shortcuts import render
from django.views import View
from django_filters.views import FilterView

from experts import selectors
from experts.filters import ExpertFilterSet
from experts.models import Expert
from experts.views.common import SEARCHERS, proposal_context
from wcocb.mixins import RoleRequiredMixin
from wcocb.pagination import RankedPaginator
from wcocb.scoping import scope_queryset

#: The filters drawn as facets: each value a link with its count that sets or clears the filter.
FACETS = ("category", "subcategory", "stage", "kind", "region", "administration", "language", "serving")


#: Facet filters that also keep their form control (any administration, not only the top ones).
FACETS_IN_FORM = frozenset({"administration"})


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    active: bool
    url: str


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[FacetValue]


def facet_links(counts: dict[str, list[tuple[str, str, int]]], query: QueryDict) -> list[Facet]:
    """The sidebar's facets: every value with a count (or the chosen one) as a link that toggles
    that filter and keeps the others."""
    facets = []
    for name in FACETS:
        chosen = query.get(name, "")
        values = []
        for value, label, count in counts.get(name, []):
            active = chosen == value
            if not (count or active):
                continue
            toggled = query.copy()
            toggled.pop("page", None)
            if active:
                toggled.pop(name, None)
            else:
                toggled[name] = value
            values.append(FacetValue(value, str(label), count, active, f"?{toggled.urlencode()}"))
        facets.append(Facet(name, str(ExpertFilterSet.base_filters[name].label), values))
    return facets


class ExpertSearchView(LoginRequiredMixin, RoleRequiredMixin, FilterView):
    """The search page: free-text and date filters in a form, the other filters as facets (each
    value with its count, clickable), ranked results, htmx updates of the results and facets."""

    allowed_roles = SEARCHERS
    filterset_class = ExpertFilterSet
    template_name = "experts/search.html"
    paginate_by = 25
    paginator_class = RankedPaginator

    def get_paginate_by(self, queryset) -> int:
        try:
            return max(1, min(int(self.request.GET.get("page_size", self.paginate_by)), 100))
        except ValueError:
            return self.paginate_by

    def get_queryset(self):
        return selectors.expert_list(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context["filter"]
        if not filterset.is_bound:  # the bare page: every expert in scope, counted with no filter
            counts = selectors.facet_counts(filterset.qs, {})
        elif filterset.is_valid():
            counts = selectors.facet_counts(filterset.qs, filterset.form.cleaned_data)
        else:
            counts = {}
        context["facets"] = facet_links(counts, self.request.GET)
        context["form_fields"] = [field for field in filterset.form if field.name not in FACETS]
        context["facet_form_fields"] = [field for field in filterset.form if field.name in FACETS_IN_FORM]
        context["hidden_facets"] = [
            (name, self.request.GET[name])
            for name in FACETS
            if name not in FACETS_IN_FORM and self.request.GET.get(name)
        ]
        export = self.request.GET.copy()
        for name in ("page", "page_size"):
            export.pop(name, None)
        context["export_query"] = export.urlencode()
        context.update(proposal_context(self.request.user))
        return context

    def get_template_names(self):
        return ["experts/_results.html"] if self.request.htmx else [self.template_name]


class ExpertLookupView(LoginRequiredMixin, RoleRequiredMixin, View):
    """Search-as-you-type: up to 20 experts in the user's scope matching ``q`` (the search page's
    full-text and name matching), as ``<option>`` elements of a datalist, valued by identifier."""

    allowed_roles = SEARCHERS
    limit = 20

    def get(self, request):
        text = (request.GET.get("q") or request.GET.get("expert") or "").strip()
        experts = []
        if len(text) >= 2:
            queryset = scope_queryset(Expert.objects.select_related("person__administration"), request.user)
            exact = list(queryset.filter(external_id__iexact=text)[:1])
            filterset = ExpertFilterSet({"q": text}, queryset=queryset)
            found = list(filterset.qs[: self.limit]) if filterset.is_valid() else []
            experts = exact + [expert for expert in found if expert not in exact]
        return render(request, "experts/_expert_options.html", {"experts": experts[: self.limit]})
