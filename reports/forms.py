"""The form that starts a report run; its scope choices are those the user may report on."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models import DATE_BOUNDS
from wcocb.choices import Role
from wcocb.models import MemberAdministration, Region
from wcocb.rules import is_secretariat


def reporting_year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The WCO reporting year (July-June) that contains ``today``."""
    start_year = today.year if today.month >= 7 else today.year - 1
    return datetime.date(start_year, 7, 1), datetime.date(start_year + 1, 6, 30)


class RunStartForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}),
                                   validators=DATE_BOUNDS)  # fmt: skip
    period_end = forms.DateField(label=_("Period until"), widget=forms.DateInput(attrs={"type": "date"}),
                                 validators=DATE_BOUNDS)  # fmt: skip
    as_of = forms.DateField(
        label=_("Experts as of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DATE_BOUNDS,
        help_text=_("Empty: the end of the period."),
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False, to_field_name="code",
        empty_label=_("All regions"),
    )  # fmt: skip
    administration = forms.ModelChoiceField(
        label=_("Member administration"),
        queryset=MemberAdministration.objects.none(),
        required=False,
        to_field_name="iso_code",
        empty_label=_("All members of the scope"),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        start, end = reporting_year(timezone.localdate())
        self.fields["period_start"].initial = start
        self.fields["period_end"].initial = end
        regions = Region.objects.order_by("code")
        members = MemberAdministration.objects.select_related("region").order_by("name_en")
        if is_secretariat(user):
            pass
        elif user.role == Role.ROCB:
            regions = regions.filter(pk=user.region_id)
            members = members.filter(region_id=user.region_id)
            self.fields["region"].empty_label = None
        else:
            regions = regions.none()
            members = members.filter(pk=user.administration_id)
            self.fields["administration"].empty_label = None
        self.fields["region"].queryset = regions
        self.fields["administration"].queryset = members

    def clean(self):
        data = super().clean()
        if data.get("administration") is not None:
            data["region"] = None  # an administration's report: its region is implied
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class HistoryImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"), help_text=_("One row per past mission."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


RATINGS = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    """The standard digital feedback form the beneficiary administration answers after a mission."""

    relevance = forms.TypedChoiceField(label=_("Relevance to our needs"), choices=RATINGS, coerce=int,
                                       widget=forms.RadioSelect, help_text=_("1 poor, 5 excellent"))  # fmt: skip
    expert_quality = forms.TypedChoiceField(label=_("Quality of the experts"), choices=RATINGS, coerce=int,
                                            widget=forms.RadioSelect)  # fmt: skip
    usefulness = forms.TypedChoiceField(label=_("Usefulness of the outcomes"), choices=RATINGS, coerce=int,
                                        widget=forms.RadioSelect)  # fmt: skip
    follow_up_needed = forms.BooleanField(label=_("We need follow-up support"), required=False)
    follow_up_needs = forms.CharField(label=_("Follow-up needs"), required=False, max_length=4000,
                                      widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    comments = forms.CharField(label=_("Comments"), required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
