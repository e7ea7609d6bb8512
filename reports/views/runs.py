"""The report runs: list, start, the run's page with its progress bar (htmx polling), its exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from reports import exporting, rules, selectors, services
from reports.documents import run_pdf
from reports.filters import ReportRunFilterSet
from reports.forms import RunStartForm
from reports.models import ReportRun
from reports.views.charts import sections_for_page
from wcocb.errors import DomainError
from wcocb.mixins import RoleRequiredMixin


class ReportPageMixin(LoginRequiredMixin, RoleRequiredMixin):
    allowed_roles = rules.REPORT_ROLES


class RunListView(ReportPageMixin, FilterView):
    filterset_class = ReportRunFilterSet
    paginate_by = 25
    template_name = "reports/run_list.html"

    def get_queryset(self):
        return selectors.runs_for(self.request.user)


class RunStartView(ReportPageMixin, FormView):
    form_class = RunStartForm
    template_name = "reports/run_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        for name in ("region", "administration", "period_start", "period_end", "as_of", "title"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            run = services.run_start(
                by=self.request.user,
                period_start=data["period_start"],
                period_end=data["period_end"],
                as_of=data.get("as_of"),
                region=data.get("region"),
                administration=data.get("administration"),
                title=data.get("title", ""),
            )
        except DomainError as exc:
            messages.error(self.request, exc.message)
            response = self.form_invalid(form)
            response.status_code = exc.status if exc.status == 503 else 200
            return response
        return redirect(run)


class RunDetailView(ReportPageMixin, DetailView):
    template_name = "reports/run_detail.html"
    context_object_name = "run"

    def get_queryset(self):
        return selectors.runs_for(self.request.user).defer(None).prefetch_related("events__actor")

    def get_template_names(self):
        if self.request.htmx and self.request.GET.get("partial") == "progress":
            return ["reports/_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.object
        context["language"] = exporting.language_of((get_language() or "en")[:2])
        polling = self.request.htmx and self.request.GET.get("partial") == "progress"
        if run.status == "succeeded" and not polling:
            context["sections"] = sections_for_page(run.snapshot, context["language"], prefix=f"run{run.pk}")
        return context


class RunExportView(ReportPageMixin, DetailView):
    """``export.xlsx`` / ``export.csv`` / ``export.pdf`` of a succeeded run, in ``?lang=`` (else the page's)."""

    def get_queryset(self):
        return selectors.runs_for(self.request.user).defer(None)

    def render_to_response(self, context):
        run: ReportRun = self.object
        if not rules.can_export_run(self.request.user, run):
            raise PermissionDenied
        language = exporting.language_of(self.request.GET.get("lang") or (get_language() or "en")[:2])
        kind = self.kwargs["fmt"]
        if kind == "xlsx":
            content = exporting.run_xlsx(run, language)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        elif kind == "csv":
            content, content_type = exporting.run_csv(run, language), "text/csv; charset=utf-8"
        else:
            content, content_type = run_pdf(run, language), "application/pdf"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="report-{run.pk}-{language}.{kind}"'
        return response
