"""An activity's page: its progress (the member's fields), its full edit (the Secretariat and the MPAs), and a
mission request raised from it."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView

from mercator import forms, rules, selectors, services
from mercator.views._common import errors_of
from mercator.views.plans import READERS
from wcocb.choices import Role
from wcocb.errors import DomainError
from wcocb.mixins import RoleRequiredMixin


class ActivityDetailView(LoginRequiredMixin, RoleRequiredMixin, DetailView):
    allowed_roles = READERS
    template_name = "mercator/activity_detail.html"
    context_object_name = "activity"

    def get_queryset(self):
        return selectors.activity_list(user=self.request.user).select_related("plan__administration")

    def _form(self, data=None):
        activity, user = self.object, self.request.user
        if rules.can_edit_content(user, activity.plan):
            return forms.ActivityForm(data, instance=copy.copy(activity), plan=activity.plan)
        if rules.can_edit_progress(user, activity.plan):
            return forms.ActivityProgressForm(data, instance=copy.copy(activity))
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object.plan
        context["plan"] = plan
        context["form"] = kwargs.get("form", self._form())
        context["mission_form"] = kwargs.get("mission_form") or (
            forms.RaiseMissionForm(initial={"title": self.object.title, "duration_days": 5})
            if rules.can_raise_mission(self.request.user, plan)
            else None
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = activity = self.get_object()
        try:
            if request.POST.get("action") == "raise-mission":
                form = forms.RaiseMissionForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(mission_form=form))
                mission = services.activity_raise_mission(activity=activity, by=request.user, **form.cleaned_data)
                messages.success(request, _("Mission request %(ref)s raised.") % {"ref": mission.reference})
            else:
                form = self._form(request.POST)
                if form is None:
                    raise Http404
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(form=form))
                services.content_save(instance=form.instance, by=request.user)
                messages.success(request, _("Activity saved."))
        except ValidationError as exc:
            messages.error(request, errors_of(exc))
        except DomainError as exc:
            messages.error(request, str(exc.message))
        return redirect("mercator:activity-detail", pk=activity.pk)


class ContentCreateView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    """Add a diagnostic, finding, recommendation, activity, milestone, KPI or risk to a plan (the Secretariat and
    the plan's MPAs: :func:`mercator.services.content_save` checks)."""

    allowed_roles = frozenset({Role.SECRETARIAT, Role.EXPERT})
    template_name = "mercator/content_form.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in forms.CONTENT_FORMS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def plan(self):
        return get_object_or_404(selectors.plan_list(user=self.request.user), pk=self.kwargs["pk"])

    def get_form_class(self):
        return forms.CONTENT_FORMS[self.kwargs["kind"]][0]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["plan"] = self.plan
        model = self.get_form_class()._meta.model
        kwargs["instance"] = model(plan=self.plan) if "plan" in {f.name for f in model._meta.fields} else model()
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, heading=forms.CONTENT_FORMS[self.kwargs["kind"]][1], **kwargs)

    def form_valid(self, form):
        m2m = {name: form.cleaned_data[name] for name in ("measures",) if name in form.cleaned_data}
        try:
            services.content_save(instance=form.instance, by=self.request.user, m2m=m2m)
        except ValidationError as exc:
            form.add_error(None, errors_of(exc))
            return self.form_invalid(form)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.plan)
