"""The filter sets of the report runs list (used by the page and the API) and of the beneficiaries' feedback."""

import django_filters
from django.utils.translation import gettext_lazy as _

from missions.choices import MissionKind
from reports.choices import RunStatus, Schedule, Trigger
from reports.models import MissionFeedback, ReportRun
from wcocb.filters import AnyBooleanWidget, DateFilter
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


class MissionFeedbackFilterSet(django_filters.FilterSet):
    """The feedback answers by the mission's kind, region, administration and start (a mission counts in the
    period in which it starts, as in the reports), and whether follow-up support is asked for."""

    kind = django_filters.ChoiceFilter(field_name="mission__kind", choices=MissionKind.choices, label=_("Kind"))
    region = django_filters.ModelChoiceFilter(
        field_name="mission__administration__region",
        queryset=Region.objects.order_by("code"),
        to_field_name="code",
        label=_("Region"),
    )
    administration = django_filters.CharFilter(
        field_name="mission__administration__iso_code",
        lookup_expr="iexact",
        label=_("Member administration (ISO code)"),
    )
    started_from = DateFilter(field_name="mission__start_date", lookup_expr="gte", label=_("Mission started from"))
    started_until = DateFilter(field_name="mission__start_date", lookup_expr="lte", label=_("Mission started until"))
    follow_up_needed = django_filters.BooleanFilter(widget=AnyBooleanWidget, label=_("Follow-up support needed"))

    class Meta:
        model = MissionFeedback
        fields = ["kind", "region", "administration", "started_from", "started_until", "follow_up_needed"]
