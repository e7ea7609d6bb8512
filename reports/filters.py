"""The filter set of the report runs list, used by the page and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from reports.choices import RunStatus, Schedule, Trigger
from reports.models import ReportRun
from wcocb.models import Region


class ReportRunFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RunStatus.choices, label=_("Status"))
    trigger = django_filters.ChoiceFilter(choices=Trigger.choices, label=_("Started"))
    schedule = django_filters.ChoiceFilter(choices=Schedule.choices[1:], label=_("Schedule"))
    region = django_filters.ModelChoiceFilter(
        field_name="scope_region", queryset=Region.objects.order_by("code"), to_field_name="code", label=_("Region")
    )
    administration = django_filters.CharFilter(
        field_name="scope_administration__iso_code", lookup_expr="iexact", label=_("Member administration (ISO code)")
    )

    class Meta:
        model = ReportRun
        fields = ["status", "trigger", "schedule", "region", "administration"]
