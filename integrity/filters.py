"""The FilterSets of the integrity app: each one behind its list page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integrity.choices import ActionStatus, AssessmentStatus, PlanStatus, ReadDoor, ToolKind
from integrity.models import ActionPlan, Assessment, IntegrityRead, PlanAction, Questionnaire, Risk
from wcocb.models import MemberAdministration


class QuestionnaireFilterSet(django_filters.FilterSet):
    code = django_filters.CharFilter(label=_("Code"))
    kind = django_filters.ChoiceFilter(choices=ToolKind.choices, label=_("Kind"))

    class Meta:
        model = Questionnaire
        fields = ["code", "kind", "status"]


class AssessmentFilterSet(django_filters.FilterSet):
    administration = django_filters.ModelChoiceFilter(
        queryset=MemberAdministration.objects.all(), label=_("Administration")
    )
    template = django_filters.ModelChoiceFilter(
        field_name="questionnaire", queryset=Questionnaire.objects.all(), label=_("Questionnaire")
    )
    status = django_filters.ChoiceFilter(choices=AssessmentStatus.choices, label=_("Status"))
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Assessment
        fields = ["administration", "template", "status", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(administration__name_en__icontains=value))


class ActionPlanFilterSet(django_filters.FilterSet):
    administration = django_filters.ModelChoiceFilter(
        queryset=MemberAdministration.objects.all(), label=_("Administration")
    )
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("Status"))

    class Meta:
        model = ActionPlan
        fields = ["administration", "status", "assessment"]


class PlanActionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, label=_("Status"))
    overdue = django_filters.BooleanFilter(label=_("Overdue"))

    class Meta:
        model = PlanAction
        fields = ["plan", "status", "overdue", "factor"]


class RiskFilterSet(django_filters.FilterSet):
    administration = django_filters.ModelChoiceFilter(
        queryset=MemberAdministration.objects.all(), label=_("Administration")
    )
    likelihood = django_filters.NumberFilter(label=_("Likelihood"))
    impact = django_filters.NumberFilter(label=_("Impact"))
    min_score = django_filters.NumberFilter(field_name="score", lookup_expr="gte", label=_("Score at least"))

    class Meta:
        model = Risk
        fields = ["administration", "likelihood", "impact", "min_score"]


class IntegrityReadFilterSet(django_filters.FilterSet):
    door = django_filters.ChoiceFilter(choices=ReadDoor.choices, label=_("Through"))

    class Meta:
        model = IntegrityRead
        fields = ["door", "record_type"]
