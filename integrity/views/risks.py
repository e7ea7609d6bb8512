"""The corruption risk map: the 5 x 5 matrix (likelihood x impact) over the list, adding and changing risks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView
from django_filters.views import FilterView

from integrity import forms, rules, selectors, services
from integrity.filters import RiskFilterSet
from integrity.models import Risk
from integrity.views._common import LoggedListMixin, OwnersPage, errors_of, logged, seen_or_404
from wcocb.errors import DomainError


class RiskMapView(OwnersPage, LoggedListMixin, FilterView):
    filterset_class = RiskFilterSet
    paginate_by = 50
    template_name = "integrity/risk_map.html"

    def get_queryset(self):
        return selectors.risk_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["matrix"] = selectors.risk_matrix(context["filter"].qs)
        user = self.request.user
        context["can_add"] = rules.can_manage_risks(user, user.administration)
        return context


class RiskCreateView(OwnersPage, FormView):
    form_class = forms.RiskForm
    template_name = "integrity/risk_form.html"

    def test_func(self) -> bool:
        user = self.request.user
        return super().test_func() and rules.can_manage_risks(user, user.administration)

    def form_valid(self, form):
        try:
            services.risk_create(
                administration=self.request.user.administration, by=self.request.user, **form.cleaned_data
            )
        except (DomainError, ValidationError) as exc:
            form.add_error(None, exc.message if isinstance(exc, DomainError) else errors_of(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("The risk is on the map."))
        return redirect("integrity:risk-map")


class RiskEditView(OwnersPage, FormView):
    form_class = forms.RiskForm
    template_name = "integrity/risk_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.test_func():
            self.risk = seen_or_404(request.user, Risk.objects.select_related("administration"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Risk.objects.get(pk=self.risk.pk)}

    def get_context_data(self, **kwargs):
        if self.request.method == "GET":
            logged(self.request, [self.risk])
        return super().get_context_data(
            risk=self.risk, can_edit=rules.can_edit_risk(self.request.user, self.risk), **kwargs
        )

    def form_valid(self, form):
        try:
            services.risk_update(risk=self.risk, by=self.request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            form.add_error(None, exc.message if isinstance(exc, DomainError) else errors_of(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("The risk is saved."))
        return redirect("integrity:risk-map")


class RiskDeleteView(OwnersPage, View):
    def post(self, request, pk: int):
        risk = seen_or_404(request.user, Risk.objects.all(), pk=pk)
        try:
            services.risk_delete(risk=risk, by=request.user)
            messages.success(request, _("The risk is removed from the map."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("integrity:risk-map")
