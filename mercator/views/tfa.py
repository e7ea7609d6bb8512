"""The TFA implementation matrix and a member's commitment form."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, UpdateView

from mercator import forms, rules, selectors, services
from mercator.models import TfaCommitment
from mercator.views._common import errors_of
from wcocb.choices import Role
from wcocb.errors import DomainError
from wcocb.mixins import RoleRequiredMixin
from wcocb.models import Region
from wcocb.scoping import scope_queryset


class MatrixView(LoginRequiredMixin, RoleRequiredMixin, TemplateView):
    """Members of a region by TFA measures, coloured by category and status; each cell lists what serves it."""

    allowed_roles = frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER})
    template_name = "mercator/matrix.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        regions = list(Region.objects.order_by("code"))
        code = self.request.GET.get("region") or (user.region.code if user.role == Role.ROCB and user.region else "")
        region = next((r for r in regions if r.code == code), None)
        if region is None and user.role == Role.SECRETARIAT and regions:
            region = regions[0]
        context["regions"] = regions
        context["region"] = region
        context["matrix"] = selectors.matrix(user=user, region=region)
        return context


class CommitmentEditView(LoginRequiredMixin, RoleRequiredMixin, UpdateView):
    allowed_roles = frozenset({Role.SECRETARIAT, Role.MEMBER})
    form_class = forms.CommitmentForm
    template_name = "mercator/commitment_form.html"
    context_object_name = "commitment"

    def get_queryset(self):
        return scope_queryset(
            TfaCommitment.objects.select_related("administration__region", "measure"), self.request.user
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = rules.can_edit_commitment(self.request.user, self.object.administration)
        return context

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = copy.copy(self.object)
        return kwargs

    def form_valid(self, form):
        try:
            services.commitment_save(commitment=form.instance, by=self.request.user)
        except ValidationError as exc:
            form.add_error(None, errors_of(exc))
            return self.form_invalid(form)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            return self.form_invalid(form)
        messages.success(self.request, _("Commitment saved."))
        region = self.object.administration.region.code
        return redirect(f"{self._matrix_url()}?region={region}")

    def _matrix_url(self) -> str:
        from django.urls import reverse

        return reverse("mercator:matrix")
