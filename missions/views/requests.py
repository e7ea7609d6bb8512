"""Mission pages: the member's request form, the pipeline board, the list, the mission page with its timeline
and actions, an expert's own missions. Thin: services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from missions import forms, rules, selectors, services
from missions.choices import STEP_LABELS, Status
from missions.filters import MissionRequestFilterSet, MyAssignmentFilterSet
from missions.hooks import sections_for
from missions.models import MissionReport, MissionRequest
from missions.selectors import suggest_experts
from missions.views._common import errors_of
from wcocb.choices import Role
from wcocb.errors import DomainError
from wcocb.mixins import RoleRequiredMixin
from wcocb.models import Region


class RequestListView(LoginRequiredMixin, FilterView):
    filterset_class = MissionRequestFilterSet
    paginate_by = 25
    template_name = "missions/request_list.html"

    def get_queryset(self):
        return selectors.request_list(user=self.request.user)

    def get_template_names(self):
        if self.request.htmx:
            return ["missions/_request_table.html"]
        return [self.template_name]


#: The board shows at most this many requests (the newest); beyond, it says so and links to the list.
BOARD_LIMIT = 500


class PipelineView(LoginRequiredMixin, RoleRequiredMixin, FilterView):
    """The Secretariat's board: one column per step, filtered by region, kind, year and funding."""

    allowed_roles = frozenset({Role.SECRETARIAT, Role.ROCB})
    filterset_class = MissionRequestFilterSet
    template_name = "missions/pipeline.html"

    def get_queryset(self):
        return selectors.request_list(user=self.request.user).exclude(status__in=[Status.CLOSED, Status.CANCELLED])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        columns = {step: [] for step in STEP_LABELS}
        on_hold = []
        missions = list(context["object_list"][: BOARD_LIMIT + 1])
        context["board_truncated"] = len(missions) > BOARD_LIMIT
        if context["board_truncated"]:
            missions = missions[:BOARD_LIMIT]
            context["board_total"] = context["object_list"].count()
            context["board_limit"] = BOARD_LIMIT
            context["list_url"] = f"{reverse('missions:request-list')}?{self.request.GET.urlencode()}"
        for mission in missions:
            if mission.status == Status.ON_HOLD:
                on_hold.append(mission)
            elif mission.step:
                columns[mission.step].append(mission)
        context["columns"] = [(step, STEP_LABELS[step], columns[step]) for step in STEP_LABELS]
        context["on_hold"] = on_hold
        context["regions"] = Region.objects.all()
        return context


class RequestCreateView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    allowed_roles = frozenset({Role.SECRETARIAT, Role.MEMBER})
    form_class = forms.MissionRequestForm
    template_name = "missions/request_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        administration = data.pop("administration", None)
        areas = data.pop("areas", [])
        try:
            mission = services.request_submit(by=self.request.user, administration=administration, areas=areas, **data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            return self.form_invalid(form)
        messages.success(self.request, _("Your request %(ref)s was received.") % {"ref": mission.reference})
        return redirect(mission)


#: The form of each workflow action on the mission page and its button's style. What each action runs
#: is :data:`missions.services.ACTIONS` (the API runs the same); who may run it is :data:`missions.rules.RULES`.
PAGE_FORMS: dict[str, tuple[type[forms.ActionForm], str]] = {
    "rocb_comment": (forms.RocbCommentForm, "primary"),
    "plan": (forms.PlanForm, "primary"),
    "set_dates": (forms.DatesForm, "outline-primary"),
    "start_search": (forms.CommentForm, "primary"),
    "shortlist": (forms.ShortlistForm, "primary"),
    "deliver_by_secretariat": (forms.CommentForm, "outline-secondary"),
    "record_availability": (forms.AvailabilityForm, "primary"),
    "request_release": (forms.ReleaseForm, "primary"),
    "reopen_selection": (forms.CommentForm, "outline-secondary"),
    "form_team": (forms.FormTeamForm, "primary"),
    "brief": (forms.BriefForm, "primary"),
    "upload_document": (forms.DocumentForm, "primary"),
    "replace_document": (forms.DocumentReplaceForm, "outline-primary"),
    "remove_document": (forms.DocumentRemoveForm, "outline-danger"),
    "deploy": (forms.CommentForm, "primary"),
    "complete": (forms.CommentForm, "primary"),
    "record_evaluation": (forms.EvaluationForm, "primary"),
    "close": (forms.CommentForm, "primary"),
    "hold": (forms.ReasonForm, "outline-warning"),
    "resume": (forms.CommentForm, "primary"),
    "cancel": (forms.ReasonForm, "outline-danger"),
}


def _build_form(action: str, mission: MissionRequest, data=None, files=None) -> forms.ActionForm:
    form_class, _style = PAGE_FORMS[action]
    return form_class(data, files, prefix=action, mission=mission)


class RequestDetailView(LoginRequiredMixin, DetailView):
    template_name = "missions/request_detail.html"
    context_object_name = "mission"

    def get_queryset(self):
        return selectors.request_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mission: MissionRequest = self.object
        user = self.request.user
        selectors.disclose_mission(user, mission)
        actions = rules.allowed_actions(mission, user)
        context["actions"] = [
            (name, rules.RULES[name].label, _build_form(name, mission), PAGE_FORMS[name][1]) for name in actions
        ]
        context["steps"] = [(step, label) for step, label in STEP_LABELS.items()]
        context["report_stage"] = rules.has_report_stage(mission)
        if context["report_stage"] and not actions:
            # The report is what is left to do (the panel loads it): say so, not "nothing to do".
            report = MissionReport.objects.filter(request=mission).first()
            context["report_to_write"] = rules.can_write_report(user, mission, report)
            context["report_to_review"] = bool(report and rules.can_review_report(user, report))
        if "shortlist" in actions and rules.can_suggest_experts(user, mission):
            context["suggestions"] = suggest_experts(mission, by=user, limit=10)
        context["detail_sections"] = sections_for(mission, user)  # e.g. the Mercator activity it serves
        return context


class ShortlistPickerView(LoginRequiredMixin, View):
    """The manual shortlist's matches for ``?q=`` (htmx partial of radio buttons named ``?field=``)."""

    def get(self, request, pk: int):
        mission = get_object_or_404(selectors.request_list(user=request.user), pk=pk)
        try:
            rows = selectors.shortlist_picker(mission, by=request.user, text=request.GET.get("q", ""))
        except DomainError as error:
            return render(request, "missions/_shortlist_picker.html", {"error": str(error)}, status=403)
        field = request.GET.get("field", "shortlist-expert")
        if field not in {"shortlist-expert", "expert"}:
            field = "shortlist-expert"
        return render(
            request, "missions/_shortlist_picker.html", {"rows": rows, "field": field, "q": request.GET.get("q", "")}
        )


class RequestActionView(LoginRequiredMixin, View):
    """POST one workflow action from the mission page; a refusal comes back as a message."""

    def post(self, request, pk: int, action: str):
        if action not in PAGE_FORMS:
            raise Http404
        mission = get_object_or_404(selectors.request_list(user=request.user), pk=pk)
        form = _build_form(action, mission, request.POST, request.FILES)
        if not form.is_valid():
            errors = "; ".join(
                f"{form.fields[field].label if field in form.fields else ''} {' '.join(errs)}".strip()
                for field, errs in form.errors.items()
            )
            messages.error(request, _("Please correct the form: %(errors)s") % {"errors": errors})
            return HttpResponseRedirect(mission.get_absolute_url())
        try:
            services.perform(action, request=mission, by=request.user, **form.action_data())
        except ValidationError as exc:
            messages.error(request, errors_of(exc))
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": rules.RULES[action].label})
        return HttpResponseRedirect(mission.get_absolute_url())


class MyMissionsView(LoginRequiredMixin, FilterView):
    """An expert's own missions: all of them, or what is still to do (``?todo=report``)."""

    template_name = "missions/my_missions.html"
    context_object_name = "assignments"
    filterset_class = MyAssignmentFilterSet

    def get_queryset(self):
        return selectors.my_assignments(user=self.request.user).order_by("-start_date")
