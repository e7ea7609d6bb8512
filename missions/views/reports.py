"""The mission report: the panel on the mission page, the team leader's form, the Secretariat's review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from missions import rules, services
from missions.choices import ReportStatus
from missions.documents.mission_report import render_mission_report
from missions.forms import ReportForm, ReviewForm
from missions.models import (
    MissionReport,
)
from missions.views._common import mission_or_404
from wcocb.errors import DomainError
from wcocb.mixins import FileDownloadMixin
from wcocb.rules import is_secretariat
from wcocb.scoping import scope_queryset


class ReportPanelView(LoginRequiredMixin, View):
    """The report block of the mission page (loaded by htmx): status and what the viewer may do."""

    def get(self, request, pk: int):
        mission = mission_or_404(request.user, pk)
        report = MissionReport.objects.filter(request=mission).first()
        context = {
            "mission": mission,
            "report": report,
            "can_write": rules.can_write_report(request.user, mission, report),
            "can_review": bool(report and rules.can_review_report(request.user, report)),
            "panel": True,
        }
        return render(request, "missions/report_panel.html", context)


class ReportEditView(LoginRequiredMixin, View):
    """The team leader writes (save draft) and submits the report."""

    template_name = "missions/report_form.html"

    def _setup(self, request, pk: int):
        mission = mission_or_404(request.user, pk)
        if not rules.is_team_leader(request.user, mission):
            raise Http404
        return mission, MissionReport.objects.filter(request=mission).first()

    def _context(self, request, mission, report, form) -> dict:
        can_submit = rules.can_submit_report(request.user, mission, report)
        return {"mission": mission, "report": report, "form": form, "can_submit": can_submit}

    def get(self, request, pk: int):
        mission, report = self._setup(request, pk)
        return render(
            request, self.template_name, self._context(request, mission, report, ReportForm(instance=report))
        )

    def post(self, request, pk: int):
        mission, report = self._setup(request, pk)
        form = ReportForm(request.POST, request.FILES, instance=report)
        if not form.is_valid():
            return render(request, self.template_name, self._context(request, mission, report, form), status=400)
        values = {name: form.cleaned_data[name] for name in MissionReport.TEMPLATE_FIELDS}
        files = {
            "attachment": request.FILES.get("attachment"),
            "remove_attachment": form.cleaned_data.get("attachment") is False,  # the "Clear" box ticked
        }
        try:
            if "submit" in request.POST:
                services.report_save_and_submit(request=mission, by=request.user, **files, **values)
                messages.success(request, _("The report was submitted to the Secretariat."))
            else:
                services.report_save_draft(request=mission, by=request.user, **files, **values)
                messages.success(request, _("The draft was saved."))
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return render(request, self.template_name, self._context(request, mission, report, form), status=400)
        return redirect("missions:report-detail", pk=mission.pk)


def _report_seen(user, pk: int) -> MissionReport:
    reports_seen = scope_queryset(MissionReport.objects.select_related("request__administration"), user)
    return get_object_or_404(reports_seen.distinct(), request_id=pk)


class ReportPdfView(FileDownloadMixin, View):
    """The report on the standard template as a PDF laid out for print, for those who see the report."""

    def get(self, request, pk: int):
        report = _report_seen(request.user, pk)
        response = HttpResponse(render_mission_report(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="mission-report-{report.request.reference}.pdf"'
        return response


class ReportDetailView(LoginRequiredMixin, View):
    """Read the report; the Secretariat reviews it here (accept, or return with a comment)."""

    template_name = "missions/report_detail.html"

    def _report(self, request, pk: int) -> MissionReport:
        return _report_seen(request.user, pk)

    def get(self, request, pk: int):
        report = self._report(request, pk)
        return render(request, self.template_name, self._context(request, report, ReviewForm()))

    def _context(self, request, report, form):
        return {
            "report": report,
            "mission": report.request,
            "form": form if rules.can_review_report(request.user, report) else None,
            "can_write": rules.can_write_report(request.user, report.request, report),
        }

    def post(self, request, pk: int):
        report = self._report(request, pk)
        if not is_secretariat(request.user):
            raise Http404
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, self._context(request, report, form), status=400)
        try:
            services.report_review(
                report=report,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return render(request, self.template_name, self._context(request, report, form), status=400)
        report.refresh_from_db()
        if report.status == ReportStatus.ACCEPTED:
            messages.success(request, _("The report was accepted: the mission can now be closed."))
        else:
            messages.success(request, _("The report was returned to the team leader."))
        return redirect(reverse("missions:report-detail", kwargs={"pk": pk}))
