"""The pages of an import job, whatever its kind: the job (``/imports/<pk>/``), its progress partial
polled by htmx every second while it runs (``/imports/<pk>/progress/``), and the confirmation that
imports for real the file of a dry run that passed (``POST /imports/<pk>/confirm/``). An app's own
import page uploads the file and shows the same partial (``templates/imports/_job.html``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from wcocb.errors import DomainError
from wcocb.importing import services
from wcocb.importing.models import ImportJob
from wcocb.importing.selectors import jobs_for
from wcocb.importing.spec import get_spec


def job_page_url(job: ImportJob) -> str:
    """The kind's own import page showing ``job``, else the generic job page."""
    spec = get_spec(job.kind)
    if spec is not None and spec.page:
        return f"{reverse(spec.page)}?job={job.pk}"
    return reverse("imports:job", kwargs={"pk": job.pk})


def job_context(job: ImportJob | None) -> dict:
    spec = get_spec(job.kind) if job else None
    return {"job": job, "job_spec": spec}


class JobView(LoginRequiredMixin, TemplateView):
    template_name = "imports/job.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(job_context(get_object_or_404(jobs_for(self.request.user), pk=kwargs["pk"])))
        return context


class JobProgressView(JobView):
    """The job's panel alone: the page polls it until the job has finished."""

    template_name = "imports/_job.html"


class JobConfirmView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        job = get_object_or_404(jobs_for(request.user), pk=pk)
        try:
            confirmation = services.job_confirm(job=job, by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(job_page_url(job))
        return redirect(job_page_url(confirmation))
