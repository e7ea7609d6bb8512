"""The beneficiary's feedback form on a completed mission (its administration's members)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from missions.models import MissionRequest
from reports import rules, services
from reports.forms import FeedbackForm
from reports.models import MissionFeedback
from wcocb.errors import DomainError
from wcocb.mixins import RoleRequiredMixin
from wcocb.scoping import scope_queryset


class FeedbackView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    allowed_roles = rules.REPORT_ROLES
    form_class = FeedbackForm
    template_name = "reports/feedback_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not self.test_func():
            return super().dispatch(request, *args, **kwargs)
        self.mission = get_object_or_404(
            scope_queryset(MissionRequest.objects.select_related("administration"), request.user), pk=kwargs["pk"]
        )
        self.answer = MissionFeedback.objects.filter(mission=self.mission).first()
        if self.answer is None and not rules.can_give_feedback(request.user, self.mission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "mission": self.mission, "answer": self.answer}

    def form_valid(self, form):
        try:
            services.feedback_submit(mission=self.mission, by=self.request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(self.request, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you: your feedback is recorded."))
        return redirect("reports:feedback", pk=self.mission.pk)
