"""The one FilterSet behind the mission request list page, the pipeline board and the API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from missions.choices import STEP_LABELS, MissionKind, Status, statuses_of_step
from missions.models import MissionRequest
from wcocb.models import FundingSource, MemberAdministration, Region


class MissionRequestFilterSet(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        field_name="administration__region",
        to_field_name="code",
        queryset=Region.objects.all(),
        label=_("Region"),
    )
    administration = django_filters.ModelChoiceFilter(
        queryset=MemberAdministration.objects.all(), label=_("Requesting administration")
    )
    kind = django_filters.ChoiceFilter(choices=MissionKind.choices, label=_("Kind"))
    year = django_filters.NumberFilter(field_name="plan_year", label=_("Plan year"))
    funding = django_filters.ModelChoiceFilter(
        queryset=FundingSource.objects.all(), to_field_name="code", label=_("Funding")
    )
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("Status"))
    step = django_filters.TypedChoiceFilter(
        choices=sorted(STEP_LABELS.items()), coerce=int, method="filter_step", label=_("Step")
    )
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = MissionRequest
        fields = ["region", "administration", "kind", "year", "funding", "status", "step"]

    def filter_step(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        statuses = statuses_of_step(int(value))
        return queryset.filter(Q(status__in=statuses) | Q(status=Status.ON_HOLD, held_from__in=statuses))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        condition = Q(title__icontains=value) | Q(objectives__icontains=value)
        if value.upper().startswith("MR-") and value[3:].isdigit():
            condition |= Q(pk=int(value[3:]))
        return queryset.filter(condition)
