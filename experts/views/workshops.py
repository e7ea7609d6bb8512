"""Accreditation workshops: list, detail with results, create, edit, register participants."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from experts import forms, rules, services
from experts.models import AccreditationWorkshop, Expert
from experts.views.common import form_errors, refused
from wcocb.errors import DomainError
from wcocb.mixins import RoleRequiredMixin
from wcocb.scoping import scope_queryset


class WorkshopListView(LoginRequiredMixin, ListView):
    template_name = "experts/workshop_list.html"
    paginate_by = 25

    def get_queryset(self):
        return scope_queryset(AccreditationWorkshop.objects.select_related("area", "region"), self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage_workshops=rules.can_manage_workshops(self.request.user), **kwargs)


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
        context["can_manage_workshops"] = rules.can_manage_workshops(self.request.user, self.object)
        if context["can_manage_workshops"]:
            context["result_form"] = forms.WorkshopResultForm(workshop=self.object)
            context["participant_form"] = forms.AddParticipantForm()
        return context

    def post(self, request, pk: int):
        if not rules.can_manage_workshops(request.user):
            return render(request, "403.html", status=403)
        workshop = get_object_or_404(AccreditationWorkshop, pk=pk)
        form = forms.WorkshopResultForm(request.POST, workshop=workshop)
        if form.is_valid():
            try:
                services.workshop_record_result(workshop=workshop, by=request.user, **form.cleaned_data)
                messages.success(request, _("The result was recorded."))
            except (DomainError, ValidationError) as error:
                refused(request, error)
        else:
            messages.error(request, form_errors(form))
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
                refused(request, error)
        else:
            messages.error(request, form_errors(form))
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
            refused(self.request, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The workshop was saved."))
        return redirect(self.workshop.get_absolute_url())


class WorkshopCreateView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    form_class = forms.WorkshopForm
    template_name = "experts/workshop_form.html"

    def form_valid(self, form):
        try:
            workshop = services.workshop_create(by=self.request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            refused(self.request, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The workshop was created."))
        return redirect(workshop.get_absolute_url())
