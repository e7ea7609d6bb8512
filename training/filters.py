"""The FilterSets of the training app: each one behind its list page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from training.choices import DeliveryMode, ParticipantStatus, ProgrammeKind
from training.models import Certificate, ELearningCompletion, Participant, Programme, Session
from wcocb.choices import Gender
from wcocb.models import Language, MemberAdministration


class ProgrammeFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ProgrammeKind.choices, label=_("Kind"))
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = Programme
        fields = ["kind", "is_active"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(code__icontains=value) | Q(topic__icontains=value))


class SessionFilterSet(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(queryset=Programme.objects.all(), label=_("Programme"))
    kind = django_filters.ChoiceFilter(field_name="programme__kind", choices=ProgrammeKind.choices, label=_("Kind"))
    year = django_filters.NumberFilter(field_name="start_date__year", label=_("Year"))
    language = django_filters.ModelChoiceFilter(
        queryset=Language.objects.all(), to_field_name="code", label=_("Language")
    )
    mode = django_filters.ChoiceFilter(choices=DeliveryMode.choices, label=_("Delivery mode"))

    class Meta:
        model = Session
        fields = ["programme", "kind", "year", "language", "mode"]


class ParticipantFilterSet(django_filters.FilterSet):
    session = django_filters.ModelChoiceFilter(queryset=Session.objects.all(), label=_("Session"))
    administration = django_filters.ModelChoiceFilter(
        queryset=MemberAdministration.objects.all(), to_field_name="iso_code", label=_("Administration")
    )
    status = django_filters.MultipleChoiceFilter(choices=ParticipantStatus.choices, label=_("Status"))
    gender = django_filters.ChoiceFilter(field_name="person__gender", choices=Gender.choices, label=_("Gender"))

    class Meta:
        model = Participant
        fields = ["session", "administration", "status", "gender"]


class CertificateFilterSet(django_filters.FilterSet):
    session = django_filters.ModelChoiceFilter(
        field_name="participant__session", queryset=Session.objects.all(), label=_("Session")
    )
    revoked = django_filters.BooleanFilter(
        field_name="revoked_at", lookup_expr="isnull", exclude=True, label=_("Revoked")
    )

    class Meta:
        model = Certificate
        fields = ["session", "honours", "revoked"]


class CompletionFilterSet(django_filters.FilterSet):
    course = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.filter(kind=ProgrammeKind.ELEARNING), to_field_name="code", label=_("Course")
    )
    # Bounded: a year the database cannot hold (0, 10000) is a 400 with the field's error, never a 500.
    year = django_filters.NumberFilter(
        field_name="completed_on__year", label=_("Year"), min_value=1990, max_value=2100, step_size=1
    )

    class Meta:
        model = ELearningCompletion
        fields = ["course", "year"]
