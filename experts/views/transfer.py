"""Getting data in and out: the import (Secretariat) and the export of a filtered search (CSV, XLSX)."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from experts import exporting
from experts.filters import ExpertFilterSet
from experts.forms import ImportForm
from experts.importing import COLUMNS, import_experts
from experts.models import Expert
from wcocb.choices import Role
from wcocb.mixins import RoleRequiredMixin
from wcocb.scoping import scope_queryset

SESSION_KEY = "experts_import_upload"


class ImportView(RoleRequiredMixin, TemplateView):
    """Upload → dry-run preview (every row's errors, what would change) → confirm. The uploaded
    file is kept in the session between the preview and the confirmation."""

    template_name = "experts/import.html"
    allowed_roles = frozenset({Role.SECRETARIAT})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        context["columns"] = COLUMNS
        return context

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self._confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        content = upload.read()
        report = import_experts(file=content, filename=upload.name, dry_run=True, by=request.user)
        if report.ok:
            request.session[SESSION_KEY] = {"name": upload.name, "content": base64.b64encode(content).decode()}
        else:
            request.session.pop(SESSION_KEY, None)
        return self.render_to_response(self.get_context_data(form=ImportForm(), report=report))

    def _confirm(self, request):
        kept = request.session.pop(SESSION_KEY, None)
        if not kept:
            messages.error(request, _("Upload the file again: nothing is waiting for confirmation."))
            return redirect("experts:import")
        report = import_experts(
            file=base64.b64decode(kept["content"]), filename=kept["name"], dry_run=False, by=request.user
        )
        if not report.ok:
            messages.error(
                request, _("The import was refused: the data changed since the preview. Nothing was written.")
            )
            return self.render_to_response(self.get_context_data(report=report))
        summary = report.summary
        messages.success(
            request,
            _(
                "Imported %(file)s: %(ec)s experts created, %(eu)s updated; %(ac)s accreditations created, "
                "%(au)s updated."
            )
            % {
                "file": kept["name"],
                "ec": summary["expert"]["created"],
                "eu": summary["expert"]["updated"],
                "ac": summary["accreditation"]["created"],
                "au": summary["accreditation"]["updated"],
            },
        )
        return redirect("experts:import")


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
