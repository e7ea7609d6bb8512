"""Pages of the experts app: thin views over the selectors, the shared FilterSet and the services."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from django_filters.views import FilterView

from experts import forms, rules, selectors, services
from experts.choices import PIPELINE, ExpertKind, NominationStatus, Stage
from experts.filters import ExpertFilterSet
from experts.hooks import sections_for
from experts.models import Accreditation, AccreditationWorkshop, Expert, Unavailability
from experts.selectors import commitment_for
from wcocb.choices import Role
from wcocb.errors import DomainError
from wcocb.mixins import FileDownloadMixin, RoleRequiredMixin
from wcocb.pagination import RankedPaginator
from wcocb.scoping import scope_queryset

SEARCHERS = frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER})


def _refused(request, error: Exception) -> None:
    if isinstance(error, ValidationError):
        text = (
            " ".join(f"{message}" for messages_ in error.message_dict.values() for message in messages_)
            if hasattr(error, "error_dict")
            else " ".join(error.messages)
        )
    else:
        text = str(error.message)
    messages.error(request, text)


#: The filters drawn as facets: each value a link with its count that sets or clears the filter.
FACETS = ("category", "subcategory", "stage", "kind", "region", "administration", "language", "serving")
#: Facet filters that also keep their form control (any administration, not only the top ones).
FACETS_IN_FORM = frozenset({"administration"})


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    active: bool
    url: str


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[FacetValue]


def facet_links(counts: dict[str, list[tuple[str, str, int]]], query: QueryDict) -> list[Facet]:
    """The sidebar's facets: every value with a count (or the chosen one) as a link that toggles
    that filter and keeps the others."""
    facets = []
    for name in FACETS:
        chosen = query.get(name, "")
        values = []
        for value, label, count in counts.get(name, []):
            active = chosen == value
            if not (count or active):
                continue
            toggled = query.copy()
            toggled.pop("page", None)
            if active:
                toggled.pop(name, None)
            else:
                toggled[name] = value
            values.append(FacetValue(value, str(label), count, active, f"?{toggled.urlencode()}"))
        facets.append(Facet(name, str(ExpertFilterSet.base_filters[name].label), values))
    return facets


class ExpertSearchView(LoginRequiredMixin, RoleRequiredMixin, FilterView):
    """The search page: free-text and date filters in a form, the other filters as facets (each
    value with its count, clickable), ranked results, htmx updates of the results and facets."""

    allowed_roles = SEARCHERS
    filterset_class = ExpertFilterSet
    template_name = "experts/search.html"
    paginate_by = 25
    paginator_class = RankedPaginator

    def get_paginate_by(self, queryset) -> int:
        try:
            return max(1, min(int(self.request.GET.get("page_size", self.paginate_by)), 100))
        except ValueError:
            return self.paginate_by

    def get_queryset(self):
        return selectors.expert_list(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context["filter"]
        if not filterset.is_bound:  # the bare page: every expert in scope, counted with no filter
            counts = selectors.facet_counts(filterset.qs, {})
        elif filterset.is_valid():
            counts = selectors.facet_counts(filterset.qs, filterset.form.cleaned_data)
        else:
            counts = {}
        context["facets"] = facet_links(counts, self.request.GET)
        context["form_fields"] = [field for field in filterset.form if field.name not in FACETS]
        context["facet_form_fields"] = [field for field in filterset.form if field.name in FACETS_IN_FORM]
        context["hidden_facets"] = [
            (name, self.request.GET[name])
            for name in FACETS
            if name not in FACETS_IN_FORM and self.request.GET.get(name)
        ]
        export = self.request.GET.copy()
        for name in ("page", "page_size"):
            export.pop(name, None)
        context["export_query"] = export.urlencode()
        return context

    def get_template_names(self):
        return ["experts/_results.html"] if self.request.htmx else [self.template_name]


class ExpertDetailView(LoginRequiredMixin, DetailView):
    """Profile, accreditations with their timeline, commitment gauge, availability, deployments."""

    template_name = "experts/detail.html"
    context_object_name = "expert"

    def get_queryset(self):
        return selectors.expert_detail(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        expert = self.object
        user = self.request.user
        context["commitment"] = commitment_for(expert)
        context["pipeline"] = PIPELINE
        context["is_secretariat"] = user.is_secretariat
        context["is_own"] = expert.person.user_id == user.pk
        if user.is_secretariat:
            # Several forms share field names (on, reason, start_date...): each gets its own element ids.
            context["pre_assess_form"] = forms.PreAssessForm(auto_id="pre-assess-%s")
            for accreditation in expert.accreditations.all():  # the forms offer only what fits this one
                pk = accreditation.pk
                if accreditation.stage == Stage.PRE_ASSESSED:
                    accreditation.pass_form = forms.PassWorkshopForm(
                        accreditation=accreditation, auto_id=f"pass-{pk}-%s"
                    )
                elif accreditation.stage == Stage.FIRST_STEP:
                    accreditation.evaluation_form = forms.FieldEvaluationForm(
                        accreditation=accreditation, auto_id=f"evaluation-{pk}-%s"
                    )
                accreditation.end_form = forms.EndForm(auto_id=f"end-{pk}-%s")
            context["deployment_form"] = forms.DeploymentForm(auto_id="deployment-%s")
        context.update(_unavailability_context(expert, user))
        context["detail_sections"] = sections_for(expert, user)  # e.g. missions' assignments
        return context


def _unavailability_context(expert: Expert, user) -> dict:
    allowed = rules.can_manage_unavailability(user, expert)
    context: dict = {"can_remove_unavailability": allowed}
    if allowed:
        context["unavailability_form"] = forms.UnavailabilityForm(auto_id="unavailability-%s")
    return context


class ExpertCreateView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    form_class = forms.ExpertForm
    template_name = "experts/form.html"

    def form_valid(self, form):
        languages = form.cleaned_data["languages"]
        try:
            expert = services.expert_create(by=self.request.user, languages=languages, **form.service_fields())
        except (DomainError, ValidationError) as error:
            _refused(self.request, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was saved.") % {"name": expert})
        return redirect(expert.get_absolute_url())


class ExpertUpdateView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    form_class = forms.ExpertForm
    template_name = "experts/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.expert = get_object_or_404(Expert.objects.select_related("person"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return forms.ExpertForm.initial_for(self.expert)

    def get_context_data(self, **kwargs):
        return super().get_context_data(expert=self.expert, **kwargs)

    def form_valid(self, form):
        languages = form.cleaned_data["languages"]
        try:
            services.expert_update(
                expert=self.expert, by=self.request.user, languages=languages, **form.service_fields()
            )
        except (DomainError, ValidationError) as error:
            _refused(self.request, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was saved.") % {"name": self.expert})
        return redirect(self.expert.get_absolute_url())


class CandidateProposeView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    """A member administration proposes one of its officers as a regional candidate (the same
    service as ``POST /api/v1/experts/``, administration forced to the member's), and may nominate
    them to its region's candidate list at once."""

    allowed_roles = frozenset({Role.MEMBER})
    form_class = forms.CandidateProposalForm
    template_name = "experts/candidate_form.html"

    def form_valid(self, form):
        user = self.request.user
        fields = {**form.service_fields(), "kind": ExpertKind.CANDIDATE}  # the service files it under theirs
        try:
            expert = services.expert_create(by=user, languages=form.cleaned_data["languages"], **fields)
        except (DomainError, ValidationError) as error:
            _refused(self.request, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was saved as a regional candidate.") % {"name": expert})
        if form.cleaned_data["nominate"]:
            try:
                services.candidate_nominate(expert=expert, by=user, motivation=form.cleaned_data["motivation"])
                messages.success(self.request, _("The candidate was nominated."))
            except DomainError as error:
                _refused(self.request, error)
        return redirect(expert.get_absolute_url())


class MyProfileView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    """An expert edits their own contact details, languages and biography."""

    allowed_roles = frozenset({Role.EXPERT})
    form_class = forms.OwnProfileForm
    template_name = "experts/my_profile.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.expert = Expert.objects.select_related("person").filter(person__user=request.user).first()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.expert is None:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        person = self.expert.person
        return {
            "email": person.email,
            "phone": person.phone,
            "biography": self.expert.biography,
            "languages": forms.languages_initial(self.expert),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(expert=self.expert, **kwargs)

    def form_valid(self, form):
        if self.expert is None:
            raise Http404
        data = dict(form.cleaned_data)
        languages = data.pop("languages")
        try:
            services.expert_update_own_profile(expert=self.expert, by=self.request.user, languages=languages, **data)
        except (DomainError, ValidationError) as error:
            _refused(self.request, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your profile was saved."))
        return redirect("experts:my-profile")


class _ExpertPost(LoginRequiredMixin, RoleRequiredMixin, View):
    """A POST on one expert the user may see, running one service."""

    form_class: type = forms.DeploymentForm

    def run(self, expert: Expert, data: dict) -> None:
        raise NotImplementedError

    def post(self, request, pk: int):
        expert = get_object_or_404(scope_queryset(Expert.objects.select_related("person"), request.user), pk=pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        else:
            try:
                self.run(expert, form.cleaned_data)
                messages.success(request, _("Saved."))
            except (DomainError, ValidationError) as error:
                _refused(request, error)
        return HttpResponseRedirect(expert.get_absolute_url())


class PreAssessView(_ExpertPost):
    form_class = forms.PreAssessForm

    def run(self, expert, data):
        services.accreditation_pre_assess(expert=expert, by=self.request.user, **data)


class DeploymentAddView(_ExpertPost):
    form_class = forms.DeploymentForm

    def run(self, expert, data):
        services.deployment_record(expert=expert, by=self.request.user, **data)


class UnavailabilityAddView(_ExpertPost):
    allowed_roles = frozenset({Role.SECRETARIAT, Role.MEMBER, Role.EXPERT})
    form_class = forms.UnavailabilityForm

    def run(self, expert, data):
        services.unavailability_add(expert=expert, by=self.request.user, **data)


class UnavailabilityDeleteView(LoginRequiredMixin, RoleRequiredMixin, View):
    """Remove an unavailability period (Secretariat, the expert, or their home administration); with
    htmx, answer the refreshed unavailability section."""

    allowed_roles = frozenset({Role.SECRETARIAT, Role.MEMBER, Role.EXPERT})

    def post(self, request, pk: int):
        period = get_object_or_404(
            scope_queryset(Unavailability.objects.select_related("expert__person"), request.user), pk=pk
        )
        expert = period.expert
        try:
            services.unavailability_remove(unavailability=period, by=request.user)
        except DomainError as error:
            return render(request, "403.html", {"reason": error.message}, status=error.status)
        if request.htmx:
            expert = selectors.expert_detail(request.user).get(pk=expert.pk)
            context = {"expert": expert, **_unavailability_context(expert, request.user)}
            return render(request, "experts/_unavailability.html", context)
        messages.success(request, _("The unavailability period was removed."))
        return HttpResponseRedirect(expert.get_absolute_url() + "#unavailability")


ACCREDITATION_ACTIONS = {
    "pass-workshop": (forms.PassWorkshopForm, services.accreditation_pass_workshop),
    "complete-field-evaluation": (forms.FieldEvaluationForm, services.accreditation_complete_field_evaluation),
    "withdraw": (forms.EndForm, services.accreditation_withdraw),
    "lapse": (forms.EndForm, services.accreditation_lapse),
}


class AccreditationActionView(LoginRequiredMixin, RoleRequiredMixin, View):
    """Secretariat: move one accreditation through the pipeline."""

    def post(self, request, pk: int, action: str):
        if action not in ACCREDITATION_ACTIONS:
            raise Http404
        accreditation = get_object_or_404(Accreditation.objects.select_related("area"), pk=pk)
        form_class, service = ACCREDITATION_ACTIONS[action]
        if form_class in (forms.PassWorkshopForm, forms.FieldEvaluationForm):
            form = form_class(request.POST, accreditation=accreditation)
        else:
            form = form_class(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        else:
            try:
                service(accreditation=accreditation, by=request.user, **form.cleaned_data)
                messages.success(request, _("The accreditation was updated."))
            except (DomainError, ValidationError) as error:
                _refused(request, error)
        return HttpResponseRedirect(accreditation.get_absolute_url())


# --- workshops -------------------------------------------------------------------------------------
class WorkshopListView(LoginRequiredMixin, ListView):
    template_name = "experts/workshop_list.html"
    paginate_by = 25

    def get_queryset(self):
        return scope_queryset(AccreditationWorkshop.objects.select_related("area", "region"), self.request.user)


class WorkshopDetailView(LoginRequiredMixin, DetailView):
    template_name = "experts/workshop_detail.html"
    context_object_name = "workshop"

    def get_queryset(self):
        return scope_queryset(AccreditationWorkshop.objects.select_related("area", "region"), self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = scope_queryset(Expert.objects.all(), self.request.user).values("pk")
        context["participations"] = self.object.participations.filter(expert__in=visible).select_related(
            "expert__person__administration"
        )
        if self.request.user.is_secretariat:
            context["result_form"] = forms.WorkshopResultForm(workshop=self.object)
            context["participant_form"] = forms.AddParticipantForm()
        return context

    def post(self, request, pk: int):
        if not request.user.is_secretariat:
            return render(request, "403.html", status=403)
        workshop = get_object_or_404(AccreditationWorkshop, pk=pk)
        form = forms.WorkshopResultForm(request.POST, workshop=workshop)
        if form.is_valid():
            try:
                services.workshop_record_result(workshop=workshop, by=request.user, **form.cleaned_data)
                messages.success(request, _("The result was recorded."))
            except (DomainError, ValidationError) as error:
                _refused(request, error)
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(workshop.get_absolute_url())


class WorkshopParticipantAddView(LoginRequiredMixin, RoleRequiredMixin, View):
    """Secretariat: register an expert for a workshop, before any result."""

    def post(self, request, pk: int):
        workshop = get_object_or_404(AccreditationWorkshop, pk=pk)
        form = forms.AddParticipantForm(request.POST)
        if form.is_valid():
            expert = form.cleaned_data["expert"]
            try:
                services.workshop_add_participant(workshop=workshop, expert=expert, by=request.user)
                messages.success(request, _("%(name)s is registered for the workshop.") % {"name": expert})
            except (DomainError, ValidationError) as error:
                _refused(request, error)
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(workshop.get_absolute_url())


class WorkshopUpdateView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    """Secretariat: change a workshop's kind, category, area, dates, venue or region."""

    form_class = forms.WorkshopForm
    template_name = "experts/workshop_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.workshop = get_object_or_404(AccreditationWorkshop, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.workshop}

    def get_context_data(self, **kwargs):
        return super().get_context_data(workshop=self.workshop, **kwargs)

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.workshop_update(workshop=self.workshop, by=self.request.user, **fields)
        except (DomainError, ValidationError) as error:
            _refused(self.request, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The workshop was saved."))
        return redirect(self.workshop.get_absolute_url())


class ExpertLookupView(LoginRequiredMixin, RoleRequiredMixin, View):
    """Search-as-you-type: up to 20 experts in the user's scope matching ``q`` (the search page's
    full-text and name matching), as ``<option>`` elements of a datalist, valued by identifier."""

    allowed_roles = SEARCHERS
    limit = 20

    def get(self, request):
        text = (request.GET.get("q") or request.GET.get("expert") or "").strip()
        experts = []
        if len(text) >= 2:
            queryset = scope_queryset(Expert.objects.select_related("person__administration"), request.user)
            exact = list(queryset.filter(external_id__iexact=text)[:1])
            filterset = ExpertFilterSet({"q": text}, queryset=queryset)
            found = list(filterset.qs[: self.limit]) if filterset.is_valid() else []
            experts = exact + [expert for expert in found if expert not in exact]
        return render(request, "experts/_expert_options.html", {"experts": experts[: self.limit]})


class WorkshopCreateView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    form_class = forms.WorkshopForm
    template_name = "experts/workshop_form.html"

    def form_valid(self, form):
        try:
            workshop = services.workshop_create(by=self.request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _refused(self.request, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The workshop was created."))
        return redirect(workshop.get_absolute_url())


# --- candidate lists ----------------------------------------------------------------------------------
class CandidateListView(LoginRequiredMixin, RoleRequiredMixin, ListView):
    """ROCB officers see their region's list (accept/reject); members their own nominations."""

    allowed_roles = frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER})
    template_name = "experts/candidate_list.html"
    paginate_by = 50

    def get_queryset(self):
        queryset = selectors.candidate_entries(self.request.user)
        status = self.request.GET.get("status")
        if status in NominationStatus.values:
            queryset = queryset.filter(status=status)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["statuses"] = NominationStatus.choices
        context["can_decide_roles"] = user.is_secretariat or user.role == Role.ROCB
        for entry in context["object_list"]:
            entry.decidable = rules.can_decide_now(user, entry)
        if user.role == Role.MEMBER or user.is_secretariat:
            context["nomination_form"] = forms.NominationForm(candidates=self._candidates())
        return context

    def _candidates(self):
        queryset = Expert.objects.select_related("person").filter(kind=ExpertKind.CANDIDATE)
        return scope_queryset(queryset, self.request.user)

    def post(self, request):
        form = forms.NominationForm(request.POST, candidates=self._candidates())
        if form.is_valid():
            try:
                services.candidate_nominate(by=request.user, **form.cleaned_data)
                messages.success(request, _("The candidate was nominated."))
            except DomainError as error:
                _refused(request, error)
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("experts:candidate-list")


class CandidateDecideView(LoginRequiredMixin, RoleRequiredMixin, View):
    allowed_roles = frozenset({Role.SECRETARIAT, Role.ROCB})

    def post(self, request, pk: int, decision: str):
        entry = get_object_or_404(selectors.candidate_entries(request.user), pk=pk)
        form = forms.DecisionForm(request.POST)
        form.is_valid()
        try:
            services.candidate_decide(
                entry=entry, accept=decision == "accept", by=request.user, comment=form.cleaned_data.get("comment", "")
            )
            messages.success(request, _("The decision was recorded."))
        except DomainError as error:
            _refused(request, error)
        return redirect(reverse("experts:candidate-list"))


class ExpertPhotoView(FileDownloadMixin, View):
    """An expert's photo, for those who may see the expert (never a public /media/ link)."""

    def get(self, request, pk: int):
        expert = get_object_or_404(scope_queryset(Expert.objects.only("pk", "photo"), request.user), pk=pk)
        if not expert.photo:
            raise Http404
        try:
            handle = expert.photo.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle)
        response["Cache-Control"] = "private, max-age=3600"
        return response
