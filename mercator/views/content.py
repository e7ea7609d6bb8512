"""The pages of a plan's rows: an activity's page (its progress for the member, its full edit for the Secretariat
and the MPAs, a mission request raised from it); the pages of a diagnostic, finding, recommendation (its status
moves and their history), milestone, KPI (its actual per reporting period) and risk; and the form that adds a row.
Every write goes through :mod:`mercator.services`, which checks the caller."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView

from mercator import forms, rules, selectors, services
from mercator.views._common import errors_of
from mercator.views.plans import READERS
from wcocb.choices import Role
from wcocb.errors import DomainError
from wcocb.mixins import RoleRequiredMixin
from wcocb.models import history_url


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
        kwargs["user"] = self.request.user
        model = self.get_form_class()._meta.model
        kwargs["instance"] = model(plan=self.plan) if "plan" in {f.name for f in model._meta.fields} else model()
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, heading=forms.CONTENT_FORMS[self.kwargs["kind"]][1], **kwargs)

    def form_valid(self, form):
        m2m = _m2m(form)
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


def _m2m(form) -> dict:
    """The many-to-many values of a row's form (a recommendation's measures, a diagnostic's team)."""
    names = {field.name for field in form._meta.model._meta.many_to_many}
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


HIDDEN_FIELDS = {"id", "plan", "created_at", "updated_at"}


def _shown_fields(row) -> list[tuple[str, object]]:
    """``(label, value)`` of the row's fields, choices by their label, related rows by their name."""
    shown = []
    for field in [*row._meta.concrete_fields, *row._meta.many_to_many]:
        if field.name in HIDDEN_FIELDS:
            continue
        if field.many_to_many:
            value = ", ".join(str(item) for item in getattr(row, field.name).all()) or "—"
        elif field.choices:
            value = getattr(row, f"get_{field.name}_display")()
        else:
            value = getattr(row, field.name)
        if isinstance(value, datetime.date):
            value = date_format(value, "SHORT_DATE_FORMAT")
        elif isinstance(value, bool):
            value = _("yes") if value else _("no")
        elif isinstance(value, Decimal | int):
            value = number_format(value)
        shown.append((field.verbose_name, "—" if value in (None, "") else value))
    return shown


class RowDetailView(LoginRequiredMixin, RoleRequiredMixin, DetailView):
    """One row of a plan: read by whoever sees the plan; edited (or deleted) by the Secretariat and the plan's MPAs;
    a row with progress fields (milestones, risks) gives the plan's administration a form of those only."""

    allowed_roles = READERS
    template_name = "mercator/row_detail.html"
    context_object_name = "row"
    kind: str = ""
    selector = None
    progress_form = None

    def get_queryset(self):
        return type(self).selector(user=self.request.user)

    @cached_property
    def plan(self):
        return self.object.plan  # a finding's is its diagnostic's

    def _form(self, data=None):
        user = self.request.user
        if rules.can_edit_content(user, self.plan):
            form_class = forms.CONTENT_FORMS[self.kind][0]
            return form_class(data, instance=copy.copy(self.object), plan=self.plan, user=user, prefix="row")
        if self.progress_form is not None and rules.can_edit_progress(user, self.plan):
            return self.progress_form(data, instance=copy.copy(self.object), prefix="row")
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = self.plan
        context["kind"] = self.kind
        context["verbose_name"] = self.object._meta.verbose_name
        context["form"] = kwargs.get("form") or self._form()
        context["fields"] = _shown_fields(self.object)
        context["history_url"] = history_url(self.object)
        context["can_delete"] = rules.can_edit_content(self.request.user, self.plan)
        context["related"] = [(label, rows) for label, rows in self.related() if rows]
        return context

    def related(self) -> list[tuple[str, list]]:
        """``(label, rows)`` the row links to along the chain finding → recommendation → activity → mission → KPI."""
        return []

    def post(self, request, *args, **kwargs):
        self.object = row = self.get_object()
        action = request.POST.get("action", "save")
        try:
            if action == "delete":
                services.content_delete(instance=row, by=request.user)
                messages.success(request, _("Deleted."))
                return redirect(self.plan)
            response = self.act(action)
            if response is not None:
                return response
        except ValidationError as exc:
            messages.error(request, errors_of(exc))
        except DomainError as exc:
            messages.error(request, str(exc.message))
        return redirect(request.path)

    def act(self, action: str):
        """Run ``action``; a response to send instead of the redirect back to this page (a form with its errors)."""
        if action != "save":
            raise Http404
        form = self._form(self.request.POST)
        if form is None:
            raise DomainError(_("Only the Secretariat and the plan's MPAs edit its content."))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        services.content_save(instance=form.instance, by=self.request.user, m2m=_m2m(form))
        messages.success(self.request, _("Saved."))
        return None


class DiagnosticDetailView(RowDetailView):
    kind = "diagnostic"
    selector = staticmethod(selectors.diagnostic_list)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("team__person")

    def related(self):
        return [(_("Mission that delivered it"), [self.object.mission] if self.object.mission else []),
                (_("Findings"), list(self.object.findings.all()))]  # fmt: skip


class FindingDetailView(RowDetailView):
    kind = "finding"
    selector = staticmethod(selectors.finding_list)

    def related(self):
        return [(_("Diagnostic"), [self.object.diagnostic]),
                (_("Recommendations"), list(self.object.recommendations.all()))]  # fmt: skip


class MilestoneDetailView(RowDetailView):
    kind = "milestone"
    selector = staticmethod(selectors.milestone_list)
    progress_form = forms.MilestoneProgressForm

    def related(self):
        return [(_("Activity"), [self.object.activity] if self.object.activity else [])]


class RiskDetailView(RowDetailView):
    kind = "risk"
    selector = staticmethod(selectors.risk_list)
    progress_form = forms.RiskProgressForm


class RecommendationDetailView(RowDetailView):
    """A strategic recommendation: its finding, TFA measures, the activities and KPIs that serve it, its edit, its
    status moves (each on the plan's timeline) and their history."""

    kind = "recommendation"
    selector = staticmethod(selectors.recommendation_list)
    template_name = "mercator/recommendation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recommendation = self.object
        context["move_form"] = kwargs.get("move_form") or (
            forms.RecommendationMoveForm(recommendation=recommendation, prefix="move")
            if rules.can_edit_content(self.request.user, self.plan)
            else None
        )
        context["history"] = list(recommendation.timeline.all())
        return context

    def act(self, action: str):
        if action != "move":
            return super().act(action)
        form = forms.RecommendationMoveForm(self.request.POST, recommendation=self.object, prefix="move")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(move_form=form))
        services.recommendation_move(recommendation=self.object, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The recommendation's status changed."))
        return None


class KpiDetailView(RowDetailView):
    """A KPI: baseline, target, its progress from the approved actuals, its edit, and its actual per reporting
    period, each editable while its report is a draft (or returned) by whoever may edit that report."""

    kind = "kpi"
    selector = staticmethod(selectors.kpi_list)
    template_name = "mercator/kpi_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kpi, user = self.object, self.request.user
        actuals = {actual.report_id: actual for actual in kpi.actuals.all()}
        context["progress"] = selectors.kpi_progress(kpi, list(actuals.values()))
        context["periods"] = [
            (report, actuals.get(report.pk), rules.can_edit_report(user, report))
            for report in selectors.report_list(user=user).filter(plan=self.plan).order_by("period_start")
        ]
        return context

    def act(self, action: str):
        if action != "actual":
            return super().act(action)
        form = forms.KpiActualForm(self.request.POST)
        if not form.is_valid():
            raise DomainError(" ".join(" ".join(errors) for errors in form.errors.values()))
        report = get_object_or_404(
            selectors.report_list(user=self.request.user), pk=form.cleaned_data["report"], plan=self.plan
        )
        services.report_update(report=report, by=self.request.user, actuals={self.object: form.cleaned_data["value"]})
        messages.success(self.request, _("Actual saved."))
        return None
