"""Forms of the missions pages. They validate shape; the services decide the rules."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experts.models import Expert, ExpertiseArea
from missions.choices import AvailabilityAnswer, DocumentKind, LetterLanguage, TeamRole
from missions.models import (
    UPLOAD_HELP,
    Assignment,
    FlightCost,
    MissionDocument,
    MissionReport,
    MissionRequest,
    PerDiemRate,
    validate_upload,
)
from wcocb.models import FundingSource, Language, MemberAdministration

DATE = forms.DateInput(attrs={"type": "date"})


class MissionRequestForm(forms.ModelForm):
    """A member's request (or the Secretariat's entry on a member's behalf)."""

    class Meta:
        model = MissionRequest
        fields = [
            "administration",
            "kind",
            "title",
            "objectives",
            "areas",
            "preferred_start",
            "preferred_end",
            "duration_days",
            "language",
            "delivery_mode",
            "origin",
            "origin_reference",
            "funding",
        ]
        widgets = {
            "preferred_start": DATE,
            "preferred_end": DATE,
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "areas": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = Language.objects.all()
        self.fields["funding"].queryset = FundingSource.objects.filter(is_active=True).select_related("donor")
        self.fields["areas"].queryset = ExpertiseArea.objects.all()
        if user.is_secretariat:
            self.fields["administration"].queryset = MemberAdministration.objects.filter(is_active=True)
        else:
            del self.fields["administration"]

    def _post_clean(self):
        # The service validates and saves; the form only checks the shape of the input.
        pass


class ActionForm(forms.Form):
    """The input of one workflow action on the mission page; :meth:`action_data` is what the page hands
    :func:`missions.services.perform` (the service's keyword arguments), as the API's input serializers do."""

    def __init__(self, *args, mission: MissionRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)

    def action_data(self) -> dict:
        return dict(self.cleaned_data)


class CommentForm(ActionForm):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RocbCommentForm(ActionForm):
    comment = forms.CharField(
        label=_("The ROCB's comment"),
        help_text=_("The region's view on the request: needs, priority, fit with the regional plan."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _suggested_dates(mission: MissionRequest) -> tuple:
    """The mission's dates, or the first ``duration_days`` days of the preferred period."""
    if mission.has_dates:
        return mission.start_date, mission.end_date
    return mission.preferred_start, mission.preferred_start + timezone.timedelta(days=mission.duration_days - 1)


class PlanForm(CommentForm):
    plan_year = forms.IntegerField(label=_("Annual plan year"), min_value=2000, max_value=2100)
    start_date = forms.DateField(
        label=_("Mission start"),
        required=False,
        widget=DATE,
        help_text=_("Optional now; required before release letters are sent."),
    )
    end_date = forms.DateField(label=_("Mission end"), required=False, widget=DATE)

    field_order = ["plan_year", "start_date", "end_date", "comment"]

    def __init__(self, *args, mission: MissionRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_year"].initial = mission.preferred_start.year


class DatesForm(CommentForm):
    start_date = forms.DateField(label=_("Mission start"), widget=DATE)
    end_date = forms.DateField(label=_("Mission end"), widget=DATE)

    field_order = ["start_date", "end_date", "comment"]

    def __init__(self, *args, mission: MissionRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial, self.fields["end_date"].initial = _suggested_dates(mission)
        self.fields["start_date"].help_text = _(
            "%(days)s days, within the preferred period %(start)s to %(end)s. "
            "Every shortlisted expert takes these dates."
        ) % {"days": mission.duration_days, "start": mission.preferred_start, "end": mission.preferred_end}


class _AssignmentForm(ActionForm):
    assignment = forms.ModelChoiceField(label=_("Expert"), queryset=Assignment.objects.none())
    team_only = False

    def __init__(self, *args, mission: MissionRequest, **kwargs):
        super().__init__(*args, mission=mission, **kwargs)
        assignments = mission.assignments.select_related("expert__person")
        if self.team_only:
            assignments = assignments.team()
        self.fields["assignment"].queryset = assignments
        self.fields["assignment"].label_from_instance = lambda a: f"{a.expert} ({a.get_role_display()})"


class ExpertPicker(forms.Widget):
    """Search as you type (htmx): the matches come back as radio buttons named like the field, each with the
    expert's administration, areas, availability and warnings (missions.selectors.shortlist_picker)."""

    template_name = "missions/widgets/expert_picker.html"

    def __init__(self, *, url: str = "", attrs=None):
        super().__init__(attrs)
        self.url = url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["url"] = self.url
        return context


class ShortlistForm(CommentForm):
    expert = forms.ModelChoiceField(
        label=_("Expert"), queryset=Expert.objects.select_related("person"), widget=ExpertPicker
    )
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices, initial=TeamRole.MEMBER)
    start_date = forms.DateField(label=_("From"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("To"), required=False, widget=DATE)
    external_justification = forms.CharField(
        label=_("Justification (External Experts only)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = ["expert", "role", "start_date", "end_date", "external_justification", "comment"]

    def __init__(self, *args, mission: MissionRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = Expert.objects.select_related("person").exclude(
            pk__in=mission.assignments.values("expert_id")
        )
        self.fields["expert"].widget.url = reverse("missions:shortlist-picker", kwargs={"pk": mission.pk})

    def action_data(self) -> dict:
        data = self.cleaned_data
        entry = {name: data[name] for name in ["expert", "role", "start_date", "end_date", "external_justification"]}
        return {"entries": [entry], "comment": data.get("comment", "")}


class AvailabilityForm(_AssignmentForm):
    answer = forms.ChoiceField(label=_("Availability"), choices=AvailabilityAnswer.choices)
    note = forms.CharField(label=_("Note"), required=False)
    selected = forms.BooleanField(label=_("Select for release"), required=False)


class ReleaseForm(CommentForm):
    deadline = forms.DateField(label=_("Answer expected by"), widget=DATE)
    language = forms.ChoiceField(label=_("Letter language"), choices=LetterLanguage.choices)

    field_order = ["deadline", "language", "comment"]

    def __init__(self, *args, mission: MissionRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = timezone.localdate() + timezone.timedelta(days=14)
        self.fields["language"].initial = "fr" if mission.language.code == "fr" else "en"


class FormTeamForm(CommentForm):
    """One role field per released expert."""

    def __init__(self, *args, mission: MissionRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = list(mission.assignments.team().select_related("expert__person"))
        for assignment in self.team:
            self.fields[f"role_{assignment.pk}"] = forms.ChoiceField(
                label=str(assignment.expert), choices=TeamRole.choices, initial=assignment.role
            )
        self.order_fields([*(f"role_{a.pk}" for a in self.team), "comment"])

    def roles(self) -> dict[int, str]:
        return {assignment.pk: self.cleaned_data[f"role_{assignment.pk}"] for assignment in self.team}

    def action_data(self) -> dict:
        return {"roles": self.roles(), "comment": self.cleaned_data.get("comment", "")}


class BriefForm(_AssignmentForm, CommentForm):
    team_only = True


class DocumentForm(ActionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), required=False)
    file = forms.FileField(label=_("File"), validators=[validate_upload], help_text=UPLOAD_HELP)


class _DocumentChoiceForm(ActionForm):
    document = forms.ModelChoiceField(label=_("Document"), queryset=MissionDocument.objects.none())

    def __init__(self, *args, mission: MissionRequest, **kwargs):
        super().__init__(*args, mission=mission, **kwargs)
        self.fields["document"].queryset = mission.documents.all()
        self.fields["document"].label_from_instance = lambda doc: (
            f"{doc.get_kind_display()}: {doc.title or doc.file.name.rsplit('/', 1)[-1]}"
        )


class DocumentReplaceForm(_DocumentChoiceForm):
    file = forms.FileField(label=_("New version"), validators=[validate_upload], help_text=UPLOAD_HELP)
    title = forms.CharField(label=_("Title"), required=False, help_text=_("Empty: keep the title."))


class DocumentRemoveForm(_DocumentChoiceForm, CommentForm):
    pass


class EvaluationForm(_AssignmentForm, CommentForm):
    team_only = True
    positive = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Positive: fully accredited")), ("0", _("Negative"))],
        coerce=lambda value: value == "1",
    )

    def __init__(self, *args, mission: MissionRequest, **kwargs):
        super().__init__(*args, mission=mission, **kwargs)
        self.fields["assignment"].queryset = self.fields["assignment"].queryset.filter(role="under_evaluation")


class LetterApproveForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False)
    override_reason = forms.CharField(
        label=_("Override the release commitment (Secretariat), reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is None or not user.is_secretariat:
            del self.fields["override_reason"]


class LetterDeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 2}))


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
        label=_("Table"),
        choices=[("per_diem", _("Per diem rates")), ("flight", _("Flight costs"))],
    )
    file = forms.FileField(label=_("CSV file"), required=False)
    content = forms.CharField(label=_("or paste the CSV"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    dry_run = forms.BooleanField(label=_("Preview only (write nothing)"), required=False, initial=True)

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
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return for changes"))],
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
