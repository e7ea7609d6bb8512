"""An activity's page: its progress (the member's fields), its full edit (the Secretariat and the MPAs), and a
mission request raised from it."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from mercator import forms, rules, selectors, services
from mercator.views._common import errors_of
from mercator.views.plans import READERS
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
