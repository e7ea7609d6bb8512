"""The cost tables (per diem rates, flight costs), their CSV import, and the estimate on the mission page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from missions import filters, rules, selectors, services
from missions.forms import FlightCostForm, ImportForm, PerDiemRateForm
from missions.importing.rates import rates_import_csv
from missions.models import (
    FlightCost,
    PerDiemRate,
)
from missions.views._common import mission_or_404
from wcocb.errors import DomainError
from wcocb.mixins import RoleRequiredMixin

FORMS = {"per-diem": (PerDiemRateForm, PerDiemRate), "flight": (FlightCostForm, FlightCost)}


class RatesView(LoginRequiredMixin, RoleRequiredMixin, TemplateView):
    """The Secretariat's cost tables, filtered with the same FilterSets as the API."""

    template_name = "missions/rates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["per_diem_filter"] = filters.PerDiemRateFilterSet(
            self.request.GET or None, queryset=PerDiemRate.objects.select_related("country")
        )
        context["flight_filter"] = filters.FlightCostFilterSet(
            self.request.GET or None,
            queryset=FlightCost.objects.select_related("origin", "destination", "origin_region", "destination_region"),
            prefix="flight",
        )
        return context


class CostRowEditView(LoginRequiredMixin, RoleRequiredMixin, View):
    template_name = "missions/rates_form.html"

    def _form(self, kind: str, pk: int | None, data=None):
        if kind not in FORMS:
            raise Http404
        form_class, model = FORMS[kind]
        instance = get_object_or_404(model, pk=pk) if pk else None
        return form_class(data, instance=instance)

    def get(self, request, kind: str, pk: int | None = None):
        return render(request, self.template_name, {"form": self._form(kind, pk), "kind": kind})

    def post(self, request, kind: str, pk: int | None = None):
        form = self._form(kind, pk, request.POST)
        if form.is_valid():
            try:
                services.cost_row_save(instance=form.instance, by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Saved: %(row)s") % {"row": form.instance})
                return redirect("missions:rates")
        return render(request, self.template_name, {"form": form, "kind": kind}, status=400)


class CostRowDeleteView(LoginRequiredMixin, RoleRequiredMixin, View):
    def post(self, request, kind: str, pk: int):
        if kind not in FORMS:
            raise Http404
        instance = get_object_or_404(FORMS[kind][1], pk=pk)
        services.cost_row_delete(instance=instance, by=request.user)
        messages.success(request, _("Deleted."))
        return redirect("missions:rates")


class RatesImportView(LoginRequiredMixin, RoleRequiredMixin, View):
    """Preview a CSV (dry run with row-numbered errors), then import it all or nothing."""

    template_name = "missions/rates_import.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ImportForm()})

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        data = form.cleaned_data
        content = data["file"].read() if data.get("file") else data["content"]
        try:
            result = rates_import_csv(kind=data["kind"], content=content, by=request.user, dry_run=data["dry_run"])
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            return render(request, self.template_name, {"form": form}, status=400)
        if result.written:
            messages.success(
                request,
                _("Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect("missions:rates")
        # A preview, or a refused import: show the rows and errors; the content is kept for the real run.
        retry = ImportForm(
            initial={
                "kind": data["kind"],
                "dry_run": False,
                "content": content if isinstance(content, str) else content.decode("utf-8-sig", "replace"),
            }
        )
        return render(request, self.template_name, {"form": retry, "result": result})


class CostEstimatePartialView(LoginRequiredMixin, View):
    """The estimate block of the mission page (loaded into ``_costs.html`` by htmx)."""

    def get(self, request, pk: int):
        mission = mission_or_404(request.user, pk)
        context = {
            "mission": mission,
            "estimate": selectors.estimate_request(mission),
            "can_manage_costs": rules.can_manage_costs(request.user),
        }
        return render(request, "missions/_costs.html", context)
