"""Plain Django forms of the Mercator pages; the services check the rules."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from experts.models import Expert
from mercator.choices import RECOMMENDATION_TRANSITIONS, RecommendationStatus
from mercator.models import (
    Activity,
    Diagnostic,
    Finding,
    Kpi,
    Milestone,
    PeriodReport,
    Plan,
    Recommendation,
    Risk,
    TfaCommitment,
    TfaMeasure,
)
from missions.choices import MissionKind, Origin
from missions.models import MissionRequest
from wcocb.choices import Role
from wcocb.models import FundingSource, Language, User
from wcocb.scoping import scope_queryset

#: A date input: the browser shows the user's format and exchanges ISO dates (a localized value shows empty).
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "administration", "title", "track", "form", "request_reference", "request_date", "request_document",
            "contact_name", "contact_email", "funding", "endorsed_on",
        ]  # fmt: skip
        widgets = {"request_date": DATE, "endorsed_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding"].queryset = FundingSource.objects.filter(is_active=True)
        self.fields["funding"].required = False


class PlanEditForm(PlanForm):
    """The plan's own record, edited by the Secretariat (not its administration, phase or MPAs)."""

    class Meta(PlanForm.Meta):
        fields = [
            "title", "track", "form", "request_reference", "request_date", "request_document", "contact_name",
            "contact_email", "contact_user", "funding", "endorsed_on",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_user"].queryset = User.objects.filter(
            role=Role.MEMBER, administration_id=self.instance.administration_id, is_active=True
        ).order_by("username")

    def values(self) -> tuple[dict, list]:
        """The record's values and the donor projects (a cleared written request is an empty file)."""
        values = {name: self.cleaned_data[name] for name in self._meta.fields if name != "funding"}
        if values["request_document"] is False:
            values["request_document"] = ""
        return values, list(self.cleaned_data["funding"])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class MpaForm(forms.Form):
    """An MPA to assign (the experts fully accredited as MPA), or one of ``plan``'s MPAs to remove."""

    expert = forms.ModelChoiceField(label=_("Mercator Programme Advisor"), queryset=Expert.objects.none())

    def __init__(self, *args, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = (
            plan.mpas.select_related("person")
            if plan is not None
            else Expert.objects.filter(accreditations__area__category="MPA", accreditations__stage="fully_accredited")
            .select_related("person")
            .distinct()
        )


class RecommendationMoveForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=RecommendationStatus.choices)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              help_text=_("Required when the recommendation is dropped."))  # fmt: skip

    def __init__(self, *args, recommendation: Recommendation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if recommendation is not None:  # the moves its status allows, in the order of the statuses
            allowed = RECOMMENDATION_TRANSITIONS.get(recommendation.status, frozenset())
            self.fields["to"].choices = [(v, label) for v, label in RecommendationStatus.choices if v in allowed]


class KpiActualForm(forms.Form):
    """A KPI's actual value in one period report (empty removes it)."""

    report = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.DecimalField(label=_("Actual"), required=False, max_digits=14, decimal_places=2,
                               min_value=-(10**9), max_value=10**9)  # fmt: skip


class ReportForm(forms.ModelForm):
    class Meta:
        model = PeriodReport
        fields = ["kind", "period_start", "period_end", "narrative", "risks_review"]
        widgets = {"period_start": DATE, "period_end": DATE}


class ReportEditForm(forms.Form):
    """The narrative, the risks reviewed, a KPI actual per KPI and a note per activity of the plan."""

    narrative = forms.CharField(label=_("Narrative"), required=False, max_length=20000, widget=forms.Textarea)
    risks_review = forms.CharField(label=_("Risks reviewed"), required=False, max_length=20000,
                                   widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    def __init__(self, *args, report: PeriodReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        actuals = {actual.kpi_id: actual.value for actual in report.actuals.all()}
        notes = {note.activity_id: note.narrative for note in report.notes.all()}
        self.kpis = list(report.plan.kpis.all())
        self.activities = list(report.plan.activities.all())
        self.initial.setdefault("narrative", report.narrative)
        self.initial.setdefault("risks_review", report.risks_review)
        for kpi in self.kpis:
            self.fields[f"kpi_{kpi.pk}"] = forms.DecimalField(
                label=f"{kpi.name} ({kpi.unit})", required=False, max_digits=14, decimal_places=2,
                min_value=-10**9, max_value=10**9, initial=actuals.get(kpi.pk),
            )  # fmt: skip
        for activity in self.activities:
            self.fields[f"note_{activity.pk}"] = forms.CharField(
                label=activity.title, required=False, max_length=10000, initial=notes.get(activity.pk, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "narrative": data["narrative"],
            "risks_review": data["risks_review"],
            "actuals": {kpi: data[f"kpi_{kpi.pk}"] for kpi in self.kpis},
            "notes": {activity: data[f"note_{activity.pk}"] for activity in self.activities},
        }


class ActivityProgressForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["status", "actual_start", "actual_end", "actual_cost"]
        widgets = {"actual_start": DATE, "actual_end": DATE}


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["title", "recommendation", "owner", "planned_start", "planned_end", "planned_cost", "status",
                  "actual_start", "actual_end", "actual_cost"]  # fmt: skip
        widgets = {"planned_start": DATE, "planned_end": DATE, "actual_start": DATE, "actual_end": DATE}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].queryset = plan.recommendations.all()


class MilestoneProgressForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["status", "achieved_on"]
        widgets = {"achieved_on": DATE}


class RiskProgressForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["status", "mitigation"]
        widgets = {"mitigation": forms.Textarea(attrs={"rows": 3})}


class RaiseMissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MissionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    objectives = forms.CharField(label=_("Objectives"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    preferred_start = forms.DateField(label=_("Preferred start"), widget=DATE)
    preferred_end = forms.DateField(label=_("Preferred end"), widget=DATE)
    duration_days = forms.IntegerField(label=_("Duration (days)"), min_value=1, max_value=365)
    language = forms.ModelChoiceField(label=_("Working language"), queryset=Language.objects.filter(is_official=True))
    funding = forms.ModelChoiceField(label=_("Funding"), queryset=FundingSource.objects.filter(is_active=True))


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = TfaCommitment
        fields = ["category", "indicative_date", "definitive_date", "status", "status_date"]
        widgets = {"indicative_date": DATE, "definitive_date": DATE, "status_date": DATE}


class _PlanRowForm(forms.ModelForm):
    """A row of a plan's content; choices limited to the plan's own rows."""

    def __init__(self, *args, plan: Plan, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.user = user
        limits = {
            "diagnostic": plan.diagnostics.all(),
            "finding": Finding.objects.filter(diagnostic__plan=plan),
            "recommendation": plan.recommendations.all(),
            "activity": plan.activities.all(),
        }
        for name, queryset in limits.items():
            if name in self.fields:
                self.fields[name].queryset = queryset


def _expert_label(expert: Expert) -> str:
    """An expert's name with their home administration (namesakes are common)."""
    administration = expert.person.administration
    return f"{expert} ({administration.iso_code})" if administration else str(expert)


class DiagnosticForm(_PlanRowForm):
    """A diagnostic, its team and the mission that delivered it: a diagnostic mission raised from this plan (the
    service checks it again, as it does for the API)."""

    class Meta:
        model = Diagnostic
        fields = ["title", "start_date", "end_date", "team", "mission", "summary"]
        widgets = {"start_date": DATE, "end_date": DATE, "summary": forms.Textarea(attrs={"rows": 3}),
                   "team": forms.SelectMultiple(attrs={"size": 8})}  # fmt: skip

    def __init__(self, *args, plan: Plan, user=None, **kwargs):
        super().__init__(*args, plan=plan, user=user, **kwargs)
        # The experts the editor may see (the Secretariat: all), and the team already recorded.
        team = self.instance.team.all() if self.instance.pk else Expert.objects.none()
        self.fields["team"].queryset = (
            Expert.objects.filter(Q(pk__in=scope_queryset(Expert.objects.all(), user).values("pk")) | Q(pk__in=team))
            .select_related("person__administration")
            .order_by("person__last_name", "person__first_name", "pk")
        )
        self.fields["team"].required = False
        self.fields["team"].label_from_instance = _expert_label
        self.fields["mission"].queryset = MissionRequest.objects.filter(
            kind=MissionKind.DIAGNOSTIC,
            origin=Origin.MERCATOR_PLAN,
            origin_reference=plan.reference,
            administration_id=plan.administration_id,
        ).order_by("-pk")
        self.fields["mission"].help_text = _("A diagnostic mission request raised from an activity of this plan.")


class FindingForm(_PlanRowForm):
    class Meta:
        model = Finding
        fields = ["diagnostic", "text", "area"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class RecommendationForm(_PlanRowForm):
    """The recommendation's own fields; its status moves through :class:`RecommendationMoveForm`, recorded."""

    class Meta:
        model = Recommendation
        fields = ["finding", "title", "measures", "area", "priority"]
        widgets = {"measures": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["measures"].queryset = TfaMeasure.objects.order_by("position")


class MilestoneForm(_PlanRowForm):
    class Meta:
        model = Milestone
        fields = ["activity", "title", "due_date"]
        widgets = {"due_date": DATE}


class KpiForm(_PlanRowForm):
    class Meta:
        model = Kpi
        fields = ["recommendation", "activity", "name", "unit", "baseline_value", "baseline_date", "target_value",
                  "target_date"]  # fmt: skip
        widgets = {"baseline_date": DATE, "target_date": DATE}


class RiskForm(_PlanRowForm):
    class Meta:
        model = Risk
        fields = ["title", "likelihood", "impact", "owner", "mitigation"]
        widgets = {"mitigation": forms.Textarea(attrs={"rows": 2})}


class NewActivityForm(_PlanRowForm):
    class Meta:
        model = Activity
        fields = ["recommendation", "title", "owner", "planned_start", "planned_end", "planned_cost"]
        widgets = {"planned_start": DATE, "planned_end": DATE}


#: The kinds of row the plan page adds, with their form and title.
CONTENT_FORMS = {
    "diagnostic": (DiagnosticForm, _("Add a diagnostic")),
    "finding": (FindingForm, _("Add a finding")),
    "recommendation": (RecommendationForm, _("Add a strategic recommendation")),
    "activity": (NewActivityForm, _("Add an activity")),
    "milestone": (MilestoneForm, _("Add a milestone")),
    "kpi": (KpiForm, _("Add a KPI")),
    "risk": (RiskForm, _("Add a risk")),
}
