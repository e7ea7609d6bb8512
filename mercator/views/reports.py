"""Period report pages: drafting, editing (narrative, KPI actuals, notes per activity), submitting, and the
Secretariat's approval or return."""

from __future__ import annotations

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
from wcocb.errors import DomainError
from wcocb.mixins import RoleRequiredMixin


class ReportCreateView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    allowed_roles = READERS
    form_class = forms.ReportForm
    template_name = "mercator/report_form.html"

    @cached_property
    def plan(self):
        return get_object_or_404(selectors.plan_list(user=self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)

    def form_valid(self, form):
        try:
            report = services.report_draft(plan=self.plan, by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, errors_of(exc))
            return self.form_invalid(form)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            return self.form_invalid(form)
        messages.success(self.request, _("Report drafted."))
        return redirect("mercator:report-detail", pk=report.pk)


class ReportDetailView(LoginRequiredMixin, RoleRequiredMixin, DetailView):
    allowed_roles = READERS
    template_name = "mercator/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return selectors.report_list(user=self.request.user).prefetch_related("plan__kpis", "plan__activities")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        context["can_edit"] = rules.can_edit_report(user, report)
        context["can_decide"] = rules.can_decide_report(user, report)
        context["form"] = kwargs.get("form") or (forms.ReportEditForm(report=report) if context["can_edit"] else None)
        context["timeline"] = report.timeline.select_related("actor")
        return context

    def post(self, request, *args, **kwargs):
        self.object = report = self.get_object()
        action = request.POST.get("action", "save")
        try:
            if action in ("save", "submit"):
                form = forms.ReportEditForm(request.POST, report=report)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(form=form))
                services.report_update(report=report, by=request.user, **form.values())
                if action == "submit":
                    services.report_submit(report=report, by=request.user)
                    messages.success(request, _("Report submitted to the Secretariat."))
                else:
                    messages.success(request, _("Report saved."))
            elif action == "approve":
                services.report_approve(report=report, by=request.user, comment=request.POST.get("comment", ""))
                messages.success(request, _("Report approved."))
            elif action == "return":
                services.report_return(report=report, by=request.user, comment=request.POST.get("comment", ""))
                messages.success(request, _("Report returned."))
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, errors_of(exc))
        except DomainError as exc:
            messages.error(request, str(exc.message))
        return redirect("mercator:report-detail", pk=report.pk)
