"""The import of historic missions (the Secretariat): upload, a dry-run job, then the import (the engine's pages)."""

from __future__ import annotations

from django.shortcuts import redirect
from django.views.generic import TemplateView

from reports.forms import HistoryImportForm
from reports.importing.history import COLUMNS, SPEC
from wcocb.choices import Role
from wcocb.errors import DomainError
from wcocb.importing.selectors import jobs_for
from wcocb.importing.services import job_start
from wcocb.importing.views import job_context, job_page_url
from wcocb.mixins import RoleRequiredMixin


class HistoryImportView(RoleRequiredMixin, TemplateView):
    template_name = "reports/history_import.html"
    allowed_roles = frozenset({Role.SECRETARIAT})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", HistoryImportForm())
        context["columns"] = COLUMNS
        job_id = self.request.GET.get("job", "")
        job = jobs_for(self.request.user).filter(pk=job_id).first() if job_id.isdigit() else None
        context.update(job_context(job))
        return context

    def post(self, request, *args, **kwargs):
        form = HistoryImportForm(request.POST, request.FILES)
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
