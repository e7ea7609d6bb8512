"""Mercator pages: the programme overview (map and table), the plan list, the plan form, the plan page with its
phase, timeline, milestones, KPI charts, recommendations board, risk matrix, reports and chain; its actions.
Thin: the services do the work and check the rules."""

from __future__ import annotations

import copy
import datetime
from collections import Counter

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from mercator import forms, rules, selectors, services
from mercator.choices import OPEN_PHASES, PHASE_HELP, PHASE_ORDER, Phase, RecommendationStatus, RiskStatus
from mercator.filters import PlanFilterSet
from mercator.models import Milestone, Plan, Recommendation, Risk
from mercator.views._common import errors_of
from wcocb.choices import Role
from wcocb.errors import DomainError
from wcocb.mixins import FileDownloadMixin, RoleRequiredMixin

READERS = frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER, Role.EXPERT})


class OverviewView(LoginRequiredMixin, RoleRequiredMixin, TemplateView):
    """Which members have plans in which phase: a world map drawn from our own static map data, and the same
    figures as a table."""

    allowed_roles = READERS
    template_name = "mercator/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plans = list(selectors.plan_list(user=self.request.user).order_by("administration__name_en", "-request_date"))
        members: dict[str, dict] = {}
        for plan in plans:
            entry = members.setdefault(
                plan.administration.iso_code, {"administration": plan.administration, "plans": [], "phase": plan.phase}
            )
            entry["plans"].append(plan)
        context["members"] = list(members.values())
        context["phase_counts"] = [(Phase(p).label, p, n) for p, n in sorted(Counter(p.phase for p in plans).items(),
                                   key=lambda item: _phase_rank(item[0]))]  # fmt: skip
        context["map_phases"] = {iso: entry["phase"] for iso, entry in members.items()}
        context["phases"] = [(value, Phase(value).label) for value in (*PHASE_ORDER, Phase.ON_HOLD, Phase.WITHDRAWN)]
        return context


def _phase_rank(phase: str) -> int:
    order = (*PHASE_ORDER, Phase.ON_HOLD, Phase.WITHDRAWN)
    return order.index(phase)


class PlanListView(LoginRequiredMixin, RoleRequiredMixin, FilterView):
    allowed_roles = READERS
    filterset_class = PlanFilterSet
    paginate_by = 25
    template_name = "mercator/plan_list.html"

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user)


class PlanCreateView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    allowed_roles = frozenset({Role.SECRETARIAT})
    form_class = forms.PlanForm
    template_name = "mercator/plan_form.html"

    def form_valid(self, form):
        values = dict(form.cleaned_data)
        funding = values.pop("funding", [])
        document = values.pop("request_document", None) or None
        try:
            plan = services.plan_open(by=self.request.user, funding=funding, request_document=document, **values)
        except ValidationError as exc:
            form.add_error(None, errors_of(exc))
            return self.form_invalid(form)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            return self.form_invalid(form)
        messages.success(self.request, _("Plan %(ref)s opened.") % {"ref": plan.reference})
        return redirect(plan)


class PlanEditView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    """The plan's own record (title, track, form, written request, contact point, donors, endorsement): the
    Secretariat, through :func:`mercator.services.plan_update`."""

    allowed_roles = frozenset({Role.SECRETARIAT})
    form_class = forms.PlanEditForm
    template_name = "mercator/plan_form.html"

    @cached_property
    def plan(self) -> Plan:
        return get_object_or_404(selectors.plan_list(user=self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": copy.copy(self.plan)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)

    def form_valid(self, form):
        values, funding = form.values()
        try:
            services.plan_update(plan=self.plan, by=self.request.user, funding=funding, **values)
        except ValidationError as exc:
            form.add_error(None, errors_of(exc))
            return self.form_invalid(form)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            return self.form_invalid(form)
        messages.success(self.request, _("Plan saved."))
        return redirect(self.plan)


def _chart(kp) -> dict | None:
    """An SVG line of baseline → approved actuals → target, scaled to 300 by 120."""
    kpi = kp.kpi
    points = [(kpi.baseline_date, kpi.baseline_value), *kp.series]
    dates = [d for d, _v in points] + [kpi.target_date]
    values = [v for _d, v in points] + [kpi.target_value]
    low, high = min(values), max(values)
    first, last = min(dates), max(dates)
    span_days = max((last - first).days, 1)
    span_values = (high - low) or 1

    def xy(day: datetime.date, value) -> tuple[float, float]:
        return (10 + 280 * (day - first).days / span_days, 110 - 100 * float((value - low) / span_values))

    actual = [xy(d, v) for d, v in points]
    target = xy(kpi.target_date, kpi.target_value)
    return {
        "line": " ".join(f"{x:.1f},{y:.1f}" for x, y in actual),
        "points": actual,
        "target": target,
        "baseline": actual[0],
    }


RISK_LEVELS = {"low": range(1, 5), "medium": range(5, 10), "high": range(10, 16), "critical": range(16, 26)}


def _risk_level(score: int) -> str:
    return next(level for level, scores in RISK_LEVELS.items() if score in scores)


class PlanDetailView(LoginRequiredMixin, RoleRequiredMixin, DetailView):
    allowed_roles = READERS
    template_name = "mercator/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return selectors.plan_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        progress = selectors.plan_progress(plan)
        context["progress"] = progress
        context["charts"] = [(kp, _chart(kp)) for kp in progress.kpis]
        context["phases"] = [(value, Phase(value).label, PHASE_HELP.get(value, "")) for value in PHASE_ORDER]
        current = plan.held_from if plan.phase == Phase.ON_HOLD else plan.phase
        context["phase_index"] = PHASE_ORDER.index(current) if current in PHASE_ORDER else -1
        context["next_phase"] = services.next_phase(plan.phase)
        board = {status: [] for status in RecommendationStatus.values}
        for recommendation in plan.recommendations.all():
            board[recommendation.status].append(recommendation)
        context["board"] = [(RecommendationStatus(s).label, s, items) for s, items in board.items()]
        grid = {(impact, likelihood): [] for impact in range(1, 6) for likelihood in range(1, 6)}
        context["numbered_risks"] = list(enumerate(plan.risks.all(), start=1))
        for number, risk in context["numbered_risks"]:
            grid[risk.impact, risk.likelihood].append((number, risk))
        context["risk_rows"] = [
            (impact, [(likelihood, _risk_level(impact * likelihood), grid[impact, likelihood]) for likelihood in
                      range(1, 6)]) for impact in range(5, 0, -1)
        ]  # fmt: skip
        context["activities_by_recommendation"] = {}
        for activity in plan.activities.all():
            context["activities_by_recommendation"].setdefault(activity.recommendation_id, []).append(activity)
        context["can"] = {
            "advance": rules.can_advance(user, plan),
            "hold": rules.can_hold(user, plan),
            "resume": rules.can_resume(user, plan),
            "withdraw": rules.can_withdraw(user, plan),
            "manage": rules.can_manage_plan(user, plan),
            "content": rules.can_edit_content(user, plan),
            "progress": rules.can_edit_progress(user, plan),
            "report": rules.can_draft_report(user, plan),
        }
        context["open"] = plan.phase in OPEN_PHASES
        context["reason_form"] = forms.ReasonForm()
        context["comment_form"] = forms.CommentForm()
        context["mpa_form"] = forms.MpaForm() if context["can"]["manage"] else None
        context["move_choices"] = RecommendationStatus.choices
        context["risk_statuses"] = RiskStatus.choices
        context["add_kinds"] = [(kind, label) for kind, (_form, label) in forms.CONTENT_FORMS.items()]
        return context


#: The plan page's actions: ``(service, form, needs)``.
def _run(action: str, plan: Plan, request) -> str:
    user = request.user
    if action == "advance":
        form = forms.CommentForm(request.POST)
        form.is_valid()
        services.plan_advance(plan=plan, by=user, comment=form.cleaned_data.get("comment", ""))
        return _("The plan moved to its next phase.")
    if action in ("hold", "withdraw"):
        reason = request.POST.get("reason", "")
        service = services.plan_hold if action == "hold" else services.plan_withdraw
        service(plan=plan, by=user, reason=reason)
        return _("The plan is on hold.") if action == "hold" else _("The plan is withdrawn.")
    if action == "resume":
        services.plan_resume(plan=plan, by=user, comment=request.POST.get("comment", ""))
        return _("The plan resumed.")
    if action in ("assign-mpa", "remove-mpa"):
        form = forms.MpaForm(request.POST, plan=plan if action == "remove-mpa" else None)
        if not form.is_valid():
            raise DomainError(_("Choose an accredited MPA."))
        service = services.plan_assign_mpa if action == "assign-mpa" else services.plan_remove_mpa
        service(plan=plan, expert=form.cleaned_data["expert"], by=user)
        return _("The plan's MPAs changed.")
    if action == "move-recommendation":
        recommendation = get_object_or_404(Recommendation, pk=request.POST.get("recommendation") or 0, plan=plan)
        form = forms.RecommendationMoveForm(request.POST)
        if not form.is_valid():
            raise DomainError(_("Choose the new status."))
        services.recommendation_move(recommendation=recommendation, by=user, **form.cleaned_data)
        return _("The recommendation's status changed.")
    if action in ("milestone-progress", "risk-progress"):
        model, form_class = (
            (Milestone, forms.MilestoneProgressForm)
            if action == "milestone-progress"
            else (Risk, forms.RiskProgressForm)
        )
        row = get_object_or_404(model, pk=request.POST.get("row") or 0, plan=plan)
        form = form_class(request.POST, instance=copy.copy(row))
        if not form.is_valid():
            raise DomainError(" ".join(" ".join(errors) for errors in form.errors.values()))
        services.content_save(instance=form.instance, by=user)
        return _("Progress saved.")
    raise Http404


ACTIONS = frozenset(
    {"advance", "hold", "resume", "withdraw", "assign-mpa", "remove-mpa", "move-recommendation", "milestone-progress",
     "risk-progress"}
)  # fmt: skip


class PlanActionView(LoginRequiredMixin, View):
    def post(self, request, pk: int, action: str):
        if action not in ACTIONS:
            raise Http404
        plan = get_object_or_404(selectors.plan_list(user=request.user), pk=pk)
        try:
            messages.success(request, _run(action, plan, request))
        except ValidationError as exc:
            messages.error(request, errors_of(exc))
        except DomainError as exc:
            messages.error(request, str(exc.message))
        return redirect(reverse("mercator:plan-detail", kwargs={"pk": plan.pk}))


class RequestDocumentView(FileDownloadMixin, View):
    """The written request, to those who see the plan (404 to anyone else)."""

    def get(self, request, pk: int):
        plan = get_object_or_404(selectors.plan_list(user=request.user), pk=pk)
        if not plan.request_document:
            raise Http404
        return FileResponse(plan.request_document.open("rb"), as_attachment=True,
                            filename=f"{plan.reference}-request.pdf", content_type="application/pdf")  # fmt: skip
