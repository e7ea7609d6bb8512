"""Pages for costs (tables, CSV import, the estimate on the mission page), release letter PDFs, the
iCal feed and mission reports. Thin: the services in costs, letters, reports do the work."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from missions import costs, ical, letters, reports, rules
from missions.choices import ReportStatus
from missions.models import (
    FlightCost,
    MissionDocument,
    MissionReport,
    MissionRequest,
    PerDiemRate,
    ReleaseLetter,
)
from missions.uploads import UPLOAD_HELP, validate_upload
from wcocb.choices import Role
from wcocb.errors import DomainError
from wcocb.mixins import FileDownloadMixin, RoleRequiredMixin
from wcocb.rules import is_secretariat
from wcocb.scoping import scope_queryset


# --- forms -----------------------------------------------------------------------------------------
class PerDiemRateForm(forms.ModelForm):
    class Meta:
        model = PerDiemRate
        fields = ["country", "daily_amount", "currency", "valid_from", "valid_to"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
        }


class FlightCostForm(forms.ModelForm):
    class Meta:
        model = FlightCost
        fields = ["origin", "destination", "origin_region", "destination_region", "fare", "currency", "valid_from"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"})}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Table"),
        choices=[("per_diem", gettext_lazy("Per diem rates")), ("flight", gettext_lazy("Flight costs"))],
    )
    file = forms.FileField(label=gettext_lazy("CSV file"), required=False)
    content = forms.CharField(
        label=gettext_lazy("or paste the CSV"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    dry_run = forms.BooleanField(label=gettext_lazy("Preview only (write nothing)"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("content") or "").strip():
            raise ValidationError(_("Choose a CSV file or paste its content."))
        return data


class ReportForm(forms.ModelForm):
    class Meta:
        model = MissionReport
        fields = [*MissionReport.TEMPLATE_FIELDS, "attachment"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in MissionReport.TEMPLATE_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].validators.append(validate_upload)
        self.fields["attachment"].help_text = UPLOAD_HELP


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("accept", gettext_lazy("Accept")), ("return", gettext_lazy("Return for changes"))],
    )
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


# --- cost tables -----------------------------------------------------------------------------------
FORMS = {"per-diem": (PerDiemRateForm, PerDiemRate), "flight": (FlightCostForm, FlightCost)}


class RatesView(LoginRequiredMixin, RoleRequiredMixin, TemplateView):
    """The Secretariat's cost tables, filtered with the same FilterSets as the API."""

    template_name = "missions/rates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["per_diem_filter"] = costs.PerDiemRateFilterSet(
            self.request.GET or None, queryset=PerDiemRate.objects.select_related("country")
        )
        context["flight_filter"] = costs.FlightCostFilterSet(
            self.request.GET or None,
            queryset=FlightCost.objects.select_related("origin", "destination", "origin_region", "destination_region"),
            prefix="flight",
        )
        return context


class CostRowEditView(LoginRequiredMixin, RoleRequiredMixin, View):
    template_name = "missions/rates_form.html"

    def _form(self, kind: str, pk: int | None, data=None):
        if kind not in FORMS:
            raise Http404
        form_class, model = FORMS[kind]
        instance = get_object_or_404(model, pk=pk) if pk else None
        return form_class(data, instance=instance)

    def get(self, request, kind: str, pk: int | None = None):
        return render(request, self.template_name, {"form": self._form(kind, pk), "kind": kind})

    def post(self, request, kind: str, pk: int | None = None):
        form = self._form(kind, pk, request.POST)
        if form.is_valid():
            try:
                costs.cost_row_save(instance=form.instance, by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Saved: %(row)s") % {"row": form.instance})
                return redirect("missions:rates")
        return render(request, self.template_name, {"form": form, "kind": kind}, status=400)


class CostRowDeleteView(LoginRequiredMixin, RoleRequiredMixin, View):
    def post(self, request, kind: str, pk: int):
        if kind not in FORMS:
            raise Http404
        instance = get_object_or_404(FORMS[kind][1], pk=pk)
        costs.cost_row_delete(instance=instance, by=request.user)
        messages.success(request, _("Deleted."))
        return redirect("missions:rates")


class RatesImportView(LoginRequiredMixin, RoleRequiredMixin, View):
    """Preview a CSV (dry run with row-numbered errors), then import it all or nothing."""

    template_name = "missions/rates_import.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ImportForm()})

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        data = form.cleaned_data
        content = data["file"].read() if data.get("file") else data["content"]
        try:
            result = costs.rates_import_csv(
                kind=data["kind"], content=content, by=request.user, dry_run=data["dry_run"]
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            return render(request, self.template_name, {"form": form}, status=400)
        if result.written:
            messages.success(
                request,
                _("Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect("missions:rates")
        # A preview, or a refused import: show the rows and errors; the content is kept for the real run.
        retry = ImportForm(
            initial={
                "kind": data["kind"],
                "dry_run": False,
                "content": content if isinstance(content, str) else content.decode("utf-8-sig", "replace"),
            }
        )
        return render(request, self.template_name, {"form": retry, "result": result})


def _mission_or_404(user, pk: int) -> MissionRequest:
    queryset = scope_queryset(MissionRequest.objects.select_related("administration", "funding__donor"), user)
    return get_object_or_404(queryset.distinct(), pk=pk)


class CostEstimatePartialView(LoginRequiredMixin, View):
    """The estimate block of the mission page (loaded into ``_costs.html`` by htmx)."""

    def get(self, request, pk: int):
        mission = _mission_or_404(request.user, pk)
        return render(
            request, "missions/_costs.html", {"mission": mission, "estimate": costs.estimate_request(mission)}
        )


# --- release letters and mission files -------------------------------------------------------------
def _download(field_file, filename: str | None = None) -> FileResponse:
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=filename or PurePath(field_file.name).name)


class LetterDownloadView(FileDownloadMixin, View):
    """The letter PDF, scoped like the letter: the Secretariat, the region's ROCB, the home
    administration it is addressed to and the expert. Rendered on the fly until a PDF is stored."""

    def get(self, request, pk: int):
        letter = get_object_or_404(
            scope_queryset(
                ReleaseLetter.objects.select_related(
                    "assignment__expert__person", "assignment__request__administration"
                ),
                request.user,
            ),
            pk=pk,
        )
        name = f"release-letter-{letter.assignment.request.reference}-{letter.pk}.pdf"
        if letter.pdf:
            response = _download(letter.pdf, name)
            response["Content-Type"] = "application/pdf"
            return response
        response = HttpResponse(letters.render_release_letter(letter), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class DocumentDownloadView(FileDownloadMixin, View):
    """A mission document, for those who see its mission."""

    def get(self, request, pk: int):
        document = get_object_or_404(scope_queryset(MissionDocument.objects.all(), request.user).distinct(), pk=pk)
        return _download(document.file)


class ReportAttachmentView(FileDownloadMixin, View):
    """The mission report's attachment, for those who see the report."""

    def get(self, request, pk: int):
        report = get_object_or_404(scope_queryset(MissionReport.objects.all(), request.user).distinct(), request_id=pk)
        return _download(report.attachment)


# --- iCal ------------------------------------------------------------------------------------------
def _ics(expert) -> HttpResponse:
    response = HttpResponse(ical.calendar_for(expert), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="wco-missions.ics"'
    return response


class IcalFeedView(View):
    """The subscription feed: no sign-in, the signed token says whose missions."""

    def get(self, request, token: str):
        expert = ical.expert_from_token(token)
        if expert is None:
            raise Http404
        return _ics(expert)


def _own_expert(user):
    expert = getattr(getattr(user, "person", None), "expert", None) if user.role == Role.EXPERT else None
    if expert is None:
        raise Http404
    return expert


class MyIcalView(LoginRequiredMixin, View):
    def get(self, request):
        return _ics(_own_expert(request.user))


class IcalInfoView(LoginRequiredMixin, TemplateView):
    """Where an expert finds their subscription link."""

    template_name = "missions/ical.html"

    def get_context_data(self, **kwargs):
        expert = _own_expert(self.request.user)
        return {**super().get_context_data(**kwargs), "expert": expert, "feed_url": ical.feed_url(expert)}


# --- mission reports -------------------------------------------------------------------------------
class ReportPanelView(LoginRequiredMixin, View):
    """The report block of the mission page (loaded by htmx): status and what the viewer may do."""

    def get(self, request, pk: int):
        mission = _mission_or_404(request.user, pk)
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
        mission = _mission_or_404(request.user, pk)
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
        try:
            report = reports.report_save_draft(
                request=mission, by=request.user, attachment=request.FILES.get("attachment"), **values
            )
            if "submit" in request.POST:
                reports.report_submit(report=report, by=request.user)
                messages.success(request, _("The report was submitted to the Secretariat."))
            else:
                messages.success(request, _("The draft was saved."))
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return render(request, self.template_name, self._context(request, mission, report, form), status=400)
        return redirect("missions:report-detail", pk=mission.pk)


class ReportDetailView(LoginRequiredMixin, View):
    """Read the report; the Secretariat reviews it here (accept, or return with a comment)."""

    template_name = "missions/report_detail.html"

    def _report(self, request, pk: int) -> MissionReport:
        reports_seen = scope_queryset(MissionReport.objects.select_related("request__administration"), request.user)
        return get_object_or_404(reports_seen.distinct(), request_id=pk)

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
            reports.report_review(
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
