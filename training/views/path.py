"""The participant path's pages: nominate, the participant's page, the moves, the 360° reviewers, my training."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from training import forms, rules, selectors, services
from training.choices import IMPACT_REVIEW_KINDS, ReviewerSlot
from wcocb.choices import Role
from wcocb.errors import DomainError
from wcocb.mixins import RoleRequiredMixin


def _fail(request, exc) -> None:
    if isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, str(exc.message))


class NominateView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    allowed_roles = frozenset({Role.SECRETARIAT, Role.MEMBER})
    form_class = forms.NominationForm
    template_name = "training/nominate.html"

    @cached_property
    def session(self):
        return get_object_or_404(selectors.session_list(user=self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "session": self.session}

    def form_valid(self, form):
        data = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
        try:
            participant = services.participant_nominate(session=self.session, by=self.request.user, **data)
        except (DomainError, ValidationError) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc.message))
            return self.form_invalid(form)
        messages.success(self.request, _("%(person)s is nominated.") % {"person": participant.person})
        return redirect(self.session.get_absolute_url())


class ParticipantDetailView(LoginRequiredMixin, DetailView):
    template_name = "training/participant_detail.html"
    context_object_name = "participant"

    def get_queryset(self):
        return selectors.participant_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        participant = self.object
        user = self.request.user
        context["moves"] = rules.allowed_moves(user, participant)
        context["certificate"] = getattr(participant, "certificate", None)
        context["can_revoke"] = rules.can_revoke(user)
        context["has_review"] = participant.session.programme.kind in IMPACT_REVIEW_KINDS
        context["can_give_reviewers"] = context["has_review"] and rules.can_give_reviewers(user, participant)
        given = {reviewer.slot: reviewer for reviewer in participant.reviewers.all()}
        context["reviewer_slots"] = [(value, label, given.get(value)) for value, label in ReviewerSlot.choices]
        context["reviewer_form"] = forms.ReviewerForm()
        context["revoke_form"] = forms.RevokeForm()
        return context


class ParticipantMoveView(LoginRequiredMixin, View):
    """POST a move of the path (the service checks who may make it)."""

    def post(self, request, pk, move):
        participant = get_object_or_404(selectors.participant_list(user=request.user), pk=pk)
        if move not in services.MOVES:
            raise Http404
        form = forms.CommentForm(request.POST)
        form.is_valid()
        data = {"comment": form.cleaned_data.get("comment", "")}
        if move == "certify":
            data["honours"] = form.cleaned_data.get("honours", False)
        try:
            services.perform(move, participant=participant, by=request.user, **data)
        except (DomainError, ValidationError) as exc:
            _fail(request, exc)
        else:
            participant.refresh_from_db()
            messages.success(
                request,
                _("%(person)s: %(status)s.")
                % {"person": participant.person, "status": participant.get_status_display()},
            )
        return redirect(
            request.POST.get("next")
            if request.POST.get("next", "").startswith("/training/")
            else participant.get_absolute_url()
        )


class ReviewerGiveView(LoginRequiredMixin, View):
    def post(self, request, pk):
        participant = get_object_or_404(selectors.participant_list(user=request.user), pk=pk)
        form = forms.ReviewerForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the reviewer's name and a valid email address."))
        else:
            try:
                services.reviewer_give(participant=participant, by=request.user, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("The reviewer is recorded."))
        return redirect(participant.get_absolute_url())


class MyTrainingView(LoginRequiredMixin, TemplateView):
    """The officer's own page: their sessions and certificates (through their login's person record)."""

    template_name = "training/mine.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = getattr(self.request.user, "person", None)
        own = selectors.participant_list(user=self.request.user)
        context["participations"] = own.filter(person=person) if person else own.none()
        context["completions"] = (
            selectors.completion_list(user=self.request.user).filter(person=person) if person else []
        )
        return context
