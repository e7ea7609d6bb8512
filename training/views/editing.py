"""The Secretariat's catalogue pages: create and edit programmes and sessions (with their tutors and experts),
through ``services.programme_save`` / ``services.session_save``; a refusal comes back on the form's fields."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from training import forms, selectors, services
from training.models import Programme, Session
from wcocb.errors import DomainError
from wcocb.mixins import RoleRequiredMixin


def add_refusal(form, error: Exception) -> None:
    """A service's refusal on the form: a field error on the field it names, else above the form."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        form.add_error(None, str(error.message))


class CatalogueEditView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    """The Secretariat keeps the catalogue (``RoleRequiredMixin``; the service checks the rule again)."""

    created_message = ""
    saved_message = ""

    @cached_property
    def object(self) -> Programme | Session | None:
        """The record edited (``None`` on the create page); looked up after the role check, in the user's scope."""
        return self.get_object() if "pk" in self.kwargs else None

    def get_object(self):  # pragma: no cover - each view says where its records are
        raise NotImplementedError

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)

    def submit(self, form):  # pragma: no cover - each view says how it saves
        raise NotImplementedError

    def form_valid(self, form):
        try:
            saved = self.submit(form)
        except (DomainError, ValidationError) as error:
            add_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.saved_message if self.object else self.created_message)
        return redirect(saved.get_absolute_url())


class ProgrammeEditView(CatalogueEditView):
    form_class = forms.ProgrammeForm
    template_name = "training/programme_form.html"

    def get_object(self):
        return get_object_or_404(selectors.programme_list(user=self.request.user), pk=self.kwargs["pk"])

    @property
    def created_message(self):
        return _("The programme was created.")

    @property
    def saved_message(self):
        return _("The programme was saved.")

    def submit(self, form):
        return services.programme_save(by=self.request.user, programme=self.object, **form.service_fields())


class SessionEditView(CatalogueEditView):
    form_class = forms.SessionForm
    template_name = "training/session_form.html"

    def get_object(self):
        return get_object_or_404(selectors.session_detail(user=self.request.user), pk=self.kwargs["pk"])

    @cached_property
    def programme(self) -> Programme | None:
        """The programme a new session is for (``?programme=``), to start the form from."""
        value = self.request.GET.get("programme", "")
        return Programme.objects.filter(pk=value).first() if value.isdigit() else None

    def get_initial(self):
        initial = super().get_initial()
        if self.object is None and self.programme is not None:
            initial["programme"] = self.programme
            if self.programme.languages.count() == 1:
                initial["language"] = self.programme.languages.get()
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, **kwargs)

    @property
    def created_message(self):
        return _("The session was created.")

    @property
    def saved_message(self):
        return _("The session was saved.")

    def submit(self, form):
        return services.session_save(by=self.request.user, session=self.object, **form.service_fields())


class TutorPickerView(LoginRequiredMixin, RoleRequiredMixin, View):
    """The session form's search (htmx): the ticked tutors (``?tutors=``) stay ticked, and up to 20 more experts
    matching ``?tutor_q=`` are offered as boxes to tick."""

    def get(self, request):
        chosen_ids = [value for value in request.GET.getlist("tutors") if value.isdigit()][: services.MAX_TUTORS]
        text = request.GET.get("tutor_q", "").strip()[:200]
        chosen, matches = selectors.tutor_candidates(user=request.user, text=text, chosen_ids=chosen_ids)
        return render(
            request,
            "training/widgets/_tutor_choices.html",
            {"name": "tutors", "chosen": chosen, "matches": matches, "text": text},
        )
