"""One expert: the detail page, create and edit, the own profile, the photo, deployments and
unavailability."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView

from experts import forms, rules, selectors, services
from experts.choices import PIPELINE, Stage
from experts.hooks import sections_for
from experts.models import Expert, Unavailability
from experts.selectors import commitment_for
from experts.views.common import form_errors, refused
from wcocb.choices import Role
from wcocb.errors import DomainError
from wcocb.mixins import FileDownloadMixin, RoleRequiredMixin
from wcocb.scoping import scope_queryset


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
        context["can_edit"] = rules.can_edit_expert(user, expert)
        context["can_edit_own_profile"] = rules.can_edit_own_profile(user, expert)
        context["can_manage_accreditations"] = rules.can_manage_accreditations(user, expert)
        context["can_record_deployment"] = rules.can_record_deployment(user, expert)
        if context["can_manage_accreditations"]:
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
        if context["can_record_deployment"]:
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
            refused(self.request, error)
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
            refused(self.request, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was saved.") % {"name": self.expert})
        return redirect(self.expert.get_absolute_url())


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
            return render(request, "experts/no_profile.html")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.expert is None:
            return render(request, "experts/no_profile.html")
        return super().post(request, *args, **kwargs)

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
        data = dict(form.cleaned_data)
        languages = data.pop("languages")
        try:
            services.expert_update_own_profile(expert=self.expert, by=self.request.user, languages=languages, **data)
        except (DomainError, ValidationError) as error:
            refused(self.request, error)
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
            messages.error(request, form_errors(form))
        else:
            try:
                self.run(expert, form.cleaned_data)
                messages.success(request, _("Saved."))
            except (DomainError, ValidationError) as error:
                refused(request, error)
        return HttpResponseRedirect(expert.get_absolute_url())


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
