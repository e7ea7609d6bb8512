"""Pages for getting data in and out of the expert database: import (Secretariat), export of a
filtered search (CSV, XLSX) and the gap analysis heatmap."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from experts import exporting, selectors
from experts import forms as expert_forms
from experts.choices import Category
from experts.filters import ExpertFilterSet
from experts.importing import COLUMNS, SPEC
from experts.models import Expert
from wcocb.choices import Role
from wcocb.errors import DomainError
from wcocb.importing.selectors import jobs_for
from wcocb.importing.services import job_start
from wcocb.importing.views import job_context, job_page_url
from wcocb.mixins import RoleRequiredMixin
from wcocb.scoping import scope_queryset


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"), help_text=_("One row per expert and accreditation."))


class ImportView(RoleRequiredMixin, TemplateView):
    """Upload → a dry-run job (live progress, then every row's errors or what would change) → a button
    that imports the same file for real (another job, which checks every row again) → its outcome.
    The job pages and the confirmation are the import engine's (:mod:`wcocb.importing.views`)."""

    template_name = "experts/import.html"
    allowed_roles = frozenset({Role.SECRETARIAT})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        context["columns"] = COLUMNS
        job_id = self.request.GET.get("job", "")
        job = jobs_for(self.request.user).filter(pk=job_id).first() if job_id.isdigit() else None
        context.update(job_context(job))
        return context

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = job_start(
                    kind=SPEC.kind, content=upload.read(), filename=upload.name, dry_run=True, by=request.user
                )
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                return redirect(job_page_url(job))
        return self.render_to_response(self.get_context_data(form=form))


def expert_filterset(request) -> ExpertFilterSet:
    """The search page's filters over the experts in the user's scope (the shared FilterSet)."""
    queryset = scope_queryset(Expert.objects.all(), request.user)
    return ExpertFilterSet(request.GET, queryset=queryset, request=request)


def filter_errors_text(errors) -> str:
    """``field: message; …`` for a flash message."""
    return "; ".join(f"{name}: {' '.join(str(text) for text in texts)}" for name, texts in errors.items())


class ExportView(LoginRequiredMixin, View):
    """``/experts/export.csv?…`` and ``/experts/export.xlsx?…`` with the search page's filters.

    Invalid filters export nothing: like the search page, which shows no result for them, the
    export refuses them and sends the user back to the search page with the reasons."""

    format = "csv"

    def get(self, request, *args, **kwargs):
        filterset = expert_filterset(request)
        if not filterset.is_valid():
            messages.error(
                request,
                _("The export was refused: the search filters are invalid (%(errors)s).")
                % {"errors": filter_errors_text(filterset.errors)},
            )
            query = request.GET.urlencode()
            return redirect(reverse("experts:search") + (f"?{query}" if query else ""))
        queryset = filterset.qs
        stamp = timezone.localdate().isoformat()
        if self.format == "xlsx":
            response = HttpResponse(
                exporting.xlsx_bytes(queryset),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = StreamingHttpResponse(exporting.csv_chunks(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="experts-{stamp}.{self.format}"'
        return response


class GapAnalysisView(RoleRequiredMixin, TemplateView):
    """The region-by-area heatmap of available experts against the need (Secretariat, ROCB)."""

    template_name = "experts/gap_analysis.html"
    allowed_roles = frozenset({Role.SECRETARIAT, Role.ROCB})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = expert_forms.GapForm(self.request.GET or None)
        as_of, category = timezone.localdate(), ""
        if form.is_valid():
            as_of = form.cleaned_data["as_of"] or as_of
            category = form.cleaned_data["category"] or ""
        context["form"] = form
        context["matrix"] = selectors.gap_analysis(as_of=as_of, category=category or None)
        context["own_region"] = getattr(self.request.user, "region_id", None)
        context["categories"] = Category
        return context
