"""The FilterSets of the Mercator app: each one behind its list page (where there is one) and the API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from mercator.choices import (
    ActivityStatus,
    ImplementationStatus,
    MilestoneStatus,
    OrgArea,
    Phase,
    PlanForm,
    RecommendationStatus,
    ReportStatus,
    RiskStatus,
    TfaCategory,
    Track,
)
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
    TfaArticle,
    TfaCommitment,
    TfaMeasure,
)
from wcocb.models import MemberAdministration, Region


class _PlanFilter(django_filters.FilterSet):
    """Rows of a plan: ``plan`` (its id)."""

    plan = django_filters.NumberFilter(field_name="plan", label=_("Plan"))


class PlanFilterSet(django_filters.FilterSet):
    administration = django_filters.ModelChoiceFilter(
        queryset=MemberAdministration.objects.all(), to_field_name="iso_code", label=_("Administration")
    )
    region = django_filters.ModelChoiceFilter(
        field_name="administration__region", to_field_name="code", queryset=Region.objects.all(), label=_("Region")
    )
    phase = django_filters.MultipleChoiceFilter(choices=Phase.choices, label=_("Phase"))
    track = django_filters.ChoiceFilter(choices=Track.choices, label=_("Track"))
    form = django_filters.ChoiceFilter(choices=PlanForm.choices, label=_("Form"))
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = Plan
        fields = ["administration", "region", "phase", "track", "form"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(administration__name_en__icontains=value)
            | Q(request_reference__icontains=value)
        )


class DiagnosticFilterSet(_PlanFilter):
    class Meta:
        model = Diagnostic
        fields = ["plan"]


class FindingFilterSet(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="diagnostic__plan", label=_("Plan"))
    diagnostic = django_filters.NumberFilter(field_name="diagnostic", label=_("Diagnostic"))
    area = django_filters.ChoiceFilter(choices=OrgArea.choices, label=_("Organizational area"))

    class Meta:
        model = Finding
        fields = ["plan", "diagnostic", "area"]


class RecommendationFilterSet(_PlanFilter):
    tfa_article = django_filters.ModelChoiceFilter(
        field_name="measures__article",
        to_field_name="number",
        queryset=TfaArticle.objects.all(),
        label=_("TFA article"),
        distinct=True,
    )
    tfa_measure = django_filters.ModelChoiceFilter(
        field_name="measures", to_field_name="number", queryset=TfaMeasure.objects.all(), label=_("TFA measure")
    )
    status = django_filters.MultipleChoiceFilter(choices=RecommendationStatus.choices, label=_("Status"))
    area = django_filters.ChoiceFilter(choices=OrgArea.choices, label=_("Organizational area"))
    finding = django_filters.NumberFilter(field_name="finding", label=_("Finding"))

    class Meta:
        model = Recommendation
        fields = ["plan", "tfa_article", "tfa_measure", "status", "area", "finding"]


class ActivityFilterSet(_PlanFilter):
    status = django_filters.MultipleChoiceFilter(choices=ActivityStatus.choices, label=_("Status"))
    recommendation = django_filters.NumberFilter(field_name="recommendation", label=_("Recommendation"))
    mission = django_filters.NumberFilter(field_name="missions", label=_("Mission request"))

    class Meta:
        model = Activity
        fields = ["plan", "status", "recommendation", "mission"]


class MilestoneFilterSet(_PlanFilter):
    status = django_filters.ChoiceFilter(choices=MilestoneStatus.choices, label=_("Status"))
    activity = django_filters.NumberFilter(field_name="activity", label=_("Activity"))

    class Meta:
        model = Milestone
        fields = ["plan", "status", "activity"]


class KpiFilterSet(_PlanFilter):
    recommendation = django_filters.NumberFilter(field_name="recommendation", label=_("Recommendation"))

    class Meta:
        model = Kpi
        fields = ["plan", "recommendation"]


class RiskFilterSet(_PlanFilter):
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices, label=_("Status"))

    class Meta:
        model = Risk
        fields = ["plan", "status"]


class PeriodReportFilterSet(_PlanFilter):
    status = django_filters.MultipleChoiceFilter(choices=ReportStatus.choices, label=_("Status"))

    class Meta:
        model = PeriodReport
        fields = ["plan", "status"]


class TfaMeasureFilterSet(django_filters.FilterSet):
    article = django_filters.ModelChoiceFilter(
        field_name="article", to_field_name="number", queryset=TfaArticle.objects.all(), label=_("TFA article")
    )

    class Meta:
        model = TfaMeasure
        fields = ["article"]


class TfaCommitmentFilterSet(django_filters.FilterSet):
    administration = django_filters.ModelChoiceFilter(
        queryset=MemberAdministration.objects.all(), to_field_name="iso_code", label=_("Member")
    )
    region = django_filters.ModelChoiceFilter(
        field_name="administration__region", to_field_name="code", queryset=Region.objects.all(), label=_("Region")
    )
    tfa_article = django_filters.ModelChoiceFilter(
        field_name="measure__article",
        to_field_name="number",
        queryset=TfaArticle.objects.all(),
        label=_("TFA article"),
    )
    measure = django_filters.ModelChoiceFilter(
        field_name="measure", to_field_name="number", queryset=TfaMeasure.objects.all(), label=_("TFA measure")
    )
    category = django_filters.ChoiceFilter(choices=TfaCategory.choices, label=_("Category"))
    status = django_filters.ChoiceFilter(choices=ImplementationStatus.choices, label=_("Implementation status"))

    class Meta:
        model = TfaCommitment
        fields = ["administration", "region", "tfa_article", "measure", "category", "status"]
