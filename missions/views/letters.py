"""The home administration's release requests: the list, the answer, the letter PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django_filters.views import FilterView

from missions import forms, rules, selectors, services
from missions.documents import release_letter
from missions.filters import ReleaseLetterFilterSet
from missions.models import (
    ReleaseLetter,
)
from missions.views._common import download
from wcocb.choices import Role
from wcocb.errors import DomainError
from wcocb.mixins import FileDownloadMixin, RoleRequiredMixin
from wcocb.scoping import scope_queryset


class ReleaseLetterListView(LoginRequiredMixin, RoleRequiredMixin, FilterView):
    """The release requests addressed to the user's administration (Secretariat and ROCB: all they see),
    filtered with the API's FilterSet (``?pending=1``, ``?answer=declined`` ...)."""

    allowed_roles = frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER})
    filterset_class = ReleaseLetterFilterSet
    template_name = "missions/letter_list.html"
    context_object_name = "letters"
    paginate_by = 25

    def get_queryset(self):
        return selectors.letter_list(user=self.request.user).order_by("answer", "deadline", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        for letter in context["letters"]:
            selectors.disclose_letter(user, letter)
            letter.can_answer = rules.can_answer_letter(user, letter)
        context["approve_form"] = forms.LetterApproveForm(user=user)
        context["decline_form"] = forms.LetterDeclineForm()
        return context


class ReleaseLetterAnswerView(LoginRequiredMixin, View):
    def post(self, request, pk: int, answer: str):
        letter = get_object_or_404(selectors.letter_list(user=request.user), pk=pk)
        if answer == "approve":
            form = forms.LetterApproveForm(request.POST, user=request.user)
        elif answer == "decline":
            form = forms.LetterDeclineForm(request.POST)
        else:
            raise Http404
        if not form.is_valid():
            messages.error(request, _("Give the reason for declining."))
            return redirect("missions:letter-list")
        try:
            if answer == "approve":
                services.release_approve(
                    letter=letter,
                    by=request.user,
                    comment=form.cleaned_data["comment"],
                    override_reason=form.cleaned_data.get("override_reason", ""),
                )
                messages.success(request, _("The release was approved."))
            else:
                services.release_decline(letter=letter, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("The release was declined."))
        except DomainError as exc:
            messages.error(request, str(exc.message))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("missions:letter-list")
        return redirect(target)


class LetterDownloadView(FileDownloadMixin, View):
    """The letter PDF, scoped like the letter: the Secretariat, the region's ROCB, the home
    administration it is addressed to and the expert. Rendered on the fly until a PDF is stored."""

    def get(self, request, pk: int):
        letter = get_object_or_404(
            scope_queryset(
                ReleaseLetter.objects.select_related(
                    "assignment__expert__person", "assignment__request__administration"
                ),
                request.user,
            ),
            pk=pk,
        )
        name = f"release-letter-{letter.assignment.request.reference}-{letter.pk}.pdf"
        if letter.pdf:
            response = download(letter.pdf, name)
            response["Content-Type"] = "application/pdf"
            return response
        response = HttpResponse(release_letter.render_release_letter(letter), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
