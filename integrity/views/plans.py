"""Action plan pages: the list, a new plan, the board (one column per status), adopting / closing, adding an
action, reporting an action's progress, its evidence file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView

from integrity import forms, rules, selectors, services
from integrity.choices import PlanStatus, ReadDoor
from integrity.filters import ActionPlanFilterSet
from integrity.models import ActionPlan, PlanAction
from integrity.views._common import LoggedListMixin, OwnersPage, download, errors_of, logged, seen_or_404
from wcocb.errors import DomainError
from wcocb.mixins import FileDownloadMixin


class PlanListView(OwnersPage, LoggedListMixin, FilterView):
    filterset_class = ActionPlanFilterSet
    paginate_by = 25
    template_name = "integrity/plan_list.html"

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user)


class PlanCreateView(OwnersPage, FormView):
    form_class = forms.PlanForm
    template_name = "integrity/plan_form.html"

    def test_func(self) -> bool:
        user = self.request.user
        return super().test_func() and rules.can_create_plan(user, user.administration)

    def get_initial(self):
        return {"assessment": self.request.GET.get("assessment")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            plan = services.plan_create(
                administration=self.request.user.administration, by=self.request.user, **form.cleaned_data
            )
        except (DomainError, ValidationError) as exc:
            form.add_error(None, exc.message if isinstance(exc, DomainError) else errors_of(exc))
            return self.form_invalid(form)
        return redirect(plan)


def _plan(request, pk: int) -> ActionPlan:
    return seen_or_404(
        request.user,
        ActionPlan.objects.select_related("administration", "assessment", "mission", "workshop_session"),
        pk=pk,
    )


class PlanDetailView(OwnersPage, TemplateView):
    template_name = "integrity/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = _plan(self.request, kwargs["pk"])
        logged(self.request, [plan])
        user = self.request.user
        context.update(
            plan=plan,
            columns=selectors.plan_board(plan),
            can_edit=rules.can_edit_plan(user, plan),
            can_adopt=rules.can_move_plan(user, plan, PlanStatus.ADOPTED),
            can_close=rules.can_move_plan(user, plan, PlanStatus.CLOSED),
            action_form=forms.ActionForm(plan=plan) if rules.can_edit_plan(user, plan) else None,
            today=timezone.localdate(),
        )
        return context


class PlanMoveView(OwnersPage, View):
    to = ""

    def post(self, request, pk: int):
        plan = _plan(request, pk)
        try:
            services.plan_move(plan=plan, to=self.to, by=request.user)
            messages.success(request, _("The plan is now “%(status)s”.") % {"status": PlanStatus(self.to).label})
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect(plan)


class ActionCreateView(OwnersPage, View):
    def post(self, request, pk: int):
        plan = _plan(request, pk)
        form = forms.ActionForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                services.action_add(plan=plan, by=request.user, **form.cleaned_data)
                messages.success(request, _("The action is added to the plan."))
            except DomainError as exc:
                messages.error(request, exc.message)
            except ValidationError as exc:
                messages.error(request, errors_of(exc))
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(plan)


def _action(request, pk: int) -> PlanAction:
    return seen_or_404(
        request.user, PlanAction.objects.select_related("plan__administration", "factor", "owner"), pk=pk
    )


class ActionProgressView(OwnersPage, FormView):
    """An action: its progress reports, and the form to report more."""

    form_class = forms.ProgressForm
    template_name = "integrity/action_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.test_func():
            self.action = _action(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        a = self.action
        return {"status": a.status, "progress": a.progress, "due_date": a.due_date, "evidence": a.evidence}

    def get_context_data(self, **kwargs):
        if self.request.method == "GET":
            logged(self.request, [self.action])
        return super().get_context_data(
            action=self.action,
            updates=self.action.updates.select_related("actor"),
            can_update=rules.can_update_action(self.request.user, self.action),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.action_update(action=self.action, by=self.request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        except ValidationError as exc:
            form.add_error(None, errors_of(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("The progress is recorded."))
        return redirect(self.action.plan)


class ActionEvidenceView(FileDownloadMixin, View):
    def get(self, request, pk: int):
        action = _action(request, pk)
        logged(request, [action], door=ReadDoor.DOWNLOAD)
        return download(action.evidence_file)
