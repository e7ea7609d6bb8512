"""The FilterSets of the missions app: each one behind its list page (where there is one) and the API."""

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from missions.choices import (
    STEP_LABELS,
    Action,
    AvailabilityAnswer,
    LetterAnswer,
    LetterLanguage,
    MissionKind,
    ReportStatus,
    Status,
    TeamRole,
    statuses_of_step,
)
from missions.models import (
    Assignment,
    FlightCost,
    MissionEvent,
    MissionReport,
    MissionRequest,
    PerDiemRate,
    ReleaseLetter,
)
from wcocb.choices import Role
from wcocb.filters import AnyBooleanWidget, DateFilter
from wcocb.models import FundingSource, MemberAdministration, Region
from wcocb.rules import is_secretariat


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
    #: A ChoiceFilter (not TypedChoiceFilter, which has no empty choice and so always sent step 1): the empty
    #: choice "Any step" is the default, so a text search finds a request at whatever step it is.
    step = django_filters.ChoiceFilter(
        choices=sorted(STEP_LABELS.items()), method="filter_step", empty_label=_("Any step"), label=_("Step")
    )
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    release_declined = django_filters.BooleanFilter(
        method="filter_release_declined", widget=AnyBooleanWidget, label=_("A release was declined")
    )
    report_status = django_filters.ChoiceFilter(
        field_name="report__status", choices=ReportStatus.choices, label=_("Mission report")
    )
    rocb_commented = django_filters.BooleanFilter(
        method="filter_rocb_commented", widget=AnyBooleanWidget, label=_("The ROCB has commented")
    )

    class Meta:
        model = MissionRequest
        fields = ["region", "administration", "kind", "year", "funding", "status", "step"]

    def filter_release_declined(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        declined = Exists(
            ReleaseLetter.objects.filter(assignment__request=OuterRef("pk"), answer=LetterAnswer.DECLINED)
        )
        return queryset.filter(declined) if value else queryset.exclude(declined)

    def filter_rocb_commented(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        commented = Exists(MissionEvent.objects.filter(request=OuterRef("pk"), action=Action.ROCB_COMMENTED))
        return queryset.filter(commented) if value else queryset.exclude(commented)

    def filter_step(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        statuses = statuses_of_step(int(value))
        return queryset.filter(Q(status__in=statuses) | Q(status=Status.ON_HOLD, held_from__in=statuses))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        condition = Q(title__icontains=value) | Q(objectives__icontains=value)
        if value.upper().startswith("MR-") and value[3:].isdigit():
            condition |= Q(pk=int(value[3:]))
        return queryset.filter(condition)


class AssignmentFilterSet(django_filters.FilterSet):
    """``/api/v1/assignments/``: the experts on a request, an expert's missions."""

    request = django_filters.NumberFilter(field_name="request_id", label=_("Request"))
    expert = django_filters.NumberFilter(field_name="expert_id", label=_("Expert"))
    role = django_filters.ChoiceFilter(choices=TeamRole.choices, label=_("Role"))
    availability = django_filters.ChoiceFilter(choices=AvailabilityAnswer.choices, label=_("Availability"))
    selected = django_filters.BooleanFilter(method="filter_selected", widget=AnyBooleanWidget, label=_("Selected"))

    class Meta:
        model = Assignment
        fields = ["request", "expert", "role", "availability", "selected"]

    def filter_selected(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        """Once a release letter is out, ``selected`` tells its answer (a decline clears it): it filters only
        the assignments whose answer the viewer may know (missions.selectors.may_read_answer_of)."""
        if value is None:
            return queryset
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return queryset.none()
        if not (is_secretariat(user) or user.role == Role.ROCB):  # the ROCB sees its region's rows only
            readable = Q(release_letter__isnull=True)
            if user.role == Role.MEMBER and user.administration_id:
                readable |= Q(expert__person__administration_id=user.administration_id)
            queryset = queryset.filter(readable)
        return queryset.filter(selected=value)


#: What an expert still has to do on a mission they are on (their home cards open ``?todo=<key>``).
TODO_CHOICES = [
    ("prepare", _("To prepare")),
    ("complete", _("To mark completed")),
    ("report", _("Report to write or resubmit")),
    ("evaluate", _("Field evaluation to record")),
]


class MyAssignmentFilterSet(django_filters.FilterSet):
    """An expert's own missions page (``/missions/mine/``): everything, or what is still to do."""

    todo = django_filters.ChoiceFilter(
        choices=TODO_CHOICES, method="filter_todo", empty_label=_("All my missions"), label=_("Show")
    )

    class Meta:
        model = Assignment
        fields = ["todo"]

    def filter_todo(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        team = Q(selected=True, release_letter__answer=LetterAnswer.APPROVED)
        open_report = Q(request__report__isnull=True) | Q(
            request__report__status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED]
        )
        running = Q(request__status__in=[Status.DEPLOYED, Status.COMPLETED])
        awaiting_evaluation = Assignment.objects.filter(
            request=OuterRef("request"),
            selected=True,
            role=TeamRole.UNDER_EVALUATION,
            evaluation_positive__isnull=True,
        )
        conditions = {
            "prepare": Q(request__status__in=[Status.RELEASED, Status.TEAM_FORMED]),
            "complete": Q(role=TeamRole.LEAD, request__status=Status.DEPLOYED),
            "report": open_report & running & Q(role=TeamRole.LEAD),
            "evaluate": running
            & Q(Exists(awaiting_evaluation), role=TeamRole.EVALUATOR, request__kind=MissionKind.FIELD_EVALUATION),
        }
        return queryset.filter(team & conditions[value])


class ReleaseLetterFilterSet(django_filters.FilterSet):
    """The release requests page and ``/api/v1/release-letters/``."""

    answer = django_filters.ChoiceFilter(choices=LetterAnswer.choices, label=_("Answer"))
    pending = django_filters.BooleanFilter(
        method="filter_pending", widget=AnyBooleanWidget, label=_("Awaiting an answer")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", widget=AnyBooleanWidget, label=_("Answer overdue"))
    language = django_filters.ChoiceFilter(choices=LetterLanguage.choices, label=_("Language"))
    to_answer = django_filters.BooleanFilter(
        method="filter_to_answer", widget=AnyBooleanWidget, label=_("Waiting for its answer")
    )
    request = django_filters.NumberFilter(field_name="assignment__request_id", label=_("Request"))

    class Meta:
        model = ReleaseLetter
        fields = ["answer", "pending", "overdue", "to_answer", "language", "request"]

    def filter_to_answer(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        """Pending letters of requests still waiting for release answers (they can be answered now)."""
        if value is None:
            return queryset
        condition = Q(answer=LetterAnswer.PENDING, assignment__request__status=Status.RELEASE_REQUESTED)
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        """Pending letters of requests still waiting for release answers, past their deadline."""
        if value is None:
            return queryset
        condition = Q(
            answer=LetterAnswer.PENDING,
            assignment__request__status=Status.RELEASE_REQUESTED,
            deadline__lt=timezone.localdate(),
        )
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_pending(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        condition = Q(answer=LetterAnswer.PENDING)
        return queryset.filter(condition) if value else queryset.exclude(condition)


class MissionReportFilterSet(django_filters.FilterSet):
    """``/api/v1/mission-reports/``."""

    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    request = django_filters.NumberFilter(field_name="request_id", label=_("Request"))

    class Meta:
        model = MissionReport
        fields = ["status", "request"]


class PerDiemRateFilterSet(django_filters.FilterSet):
    country = django_filters.ModelChoiceFilter(queryset=MemberAdministration.objects.all(), label=_("Country"))
    region = django_filters.CharFilter(field_name="country__region__code", lookup_expr="iexact", label=_("Region"))
    valid_on = DateFilter(method="filter_valid_on", label=_("Valid on"))

    class Meta:
        model = PerDiemRate
        fields = ["country", "currency"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.filter(valid_from__lte=value).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=value))


class FlightCostFilterSet(django_filters.FilterSet):
    origin = django_filters.ModelChoiceFilter(queryset=MemberAdministration.objects.all(), label=_("Origin"))
    destination = django_filters.ModelChoiceFilter(queryset=MemberAdministration.objects.all(), label=_("Destination"))
    region_pairs = django_filters.BooleanFilter(
        field_name="origin_region", lookup_expr="isnull", exclude=True, label=_("Region pairs only")
    )

    class Meta:
        model = FlightCost
        fields = ["origin", "destination", "origin_region", "destination_region", "currency"]
