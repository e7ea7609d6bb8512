"""Regional candidate lists: a member proposes and nominates, the ROCB decides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from experts import forms, rules, selectors, services
from experts.choices import ExpertKind, NominationStatus
from experts.models import Expert
from experts.views.common import form_errors, proposal_context, refused
from wcocb.choices import Role
from wcocb.errors import DomainError
from wcocb.mixins import RoleRequiredMixin
from wcocb.scoping import scope_queryset


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
            refused(self.request, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was saved as a regional candidate.") % {"name": expert})
        if form.cleaned_data["nominate"]:
            try:
                services.candidate_nominate(expert=expert, by=user, motivation=form.cleaned_data["motivation"])
                messages.success(self.request, _("The candidate was nominated."))
            except DomainError as error:
                refused(self.request, error)
        return redirect(expert.get_absolute_url())


class CandidateListView(LoginRequiredMixin, RoleRequiredMixin, ListView):
    """ROCB officers see their region's list (accept/reject); members their own nominations."""

    allowed_roles = frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER})
    template_name = "experts/candidate_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.candidate_list(self.request.user, status=self.request.GET.get("status"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["statuses"] = NominationStatus.choices
        context.update(proposal_context(user))
        for entry in context["object_list"]:
            entry.decidable = rules.can_decide_now(user, entry)
        if rules.can_propose_candidate(user):
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
                refused(request, error)
        else:
            messages.error(request, form_errors(form))
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
            refused(request, error)
        return redirect(reverse("experts:candidate-list"))
