"""The accreditation pipeline on the expert page: pre-assessment and the moves."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from experts import forms, services
from experts.models import Accreditation
from experts.views.common import form_errors, refused
from experts.views.experts import _ExpertPost
from wcocb.errors import DomainError
from wcocb.mixins import RoleRequiredMixin


class PreAssessView(_ExpertPost):
    form_class = forms.PreAssessForm

    def run(self, expert, data):
        services.accreditation_pre_assess(expert=expert, by=self.request.user, **data)


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
            messages.error(request, form_errors(form))
        else:
            try:
                service(accreditation=accreditation, by=request.user, **form.cleaned_data)
                messages.success(request, _("The accreditation was updated."))
            except (DomainError, ValidationError) as error:
                refused(request, error)
        return HttpResponseRedirect(accreditation.get_absolute_url())
