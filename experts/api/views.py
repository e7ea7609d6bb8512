"""Experts API. Writes and workflow transitions run input serializer → service → output
serializer; a refused rule answers 400/403/409 with ``{"error": {...}}`` and the reason."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from experts import selectors, services
from experts.api import serializers as s
from experts.filters import ExpertFilterSet
from experts.models import (
    Accreditation,
    AccreditationWorkshop,
    CandidateListEntry,
    Deployment,
    Expert,
    ExpertiseArea,
    Unavailability,
)
from wcocb.api.viewsets import ScopedMixin, ScopedModelViewSet
from wcocb.choices import Role
from wcocb.scoping import can_view, scope_queryset

REFUSALS = {
    400: OpenApiResponse(s.ExpertsErrorSerializer, description="Invalid input, or a rule refused the action."),
    403: OpenApiResponse(s.ExpertsErrorSerializer, description="Your role may not take this action."),
    404: OpenApiResponse(s.ExpertsErrorSerializer, description="Not found (or outside your scope)."),
    409: OpenApiResponse(s.ExpertsErrorSerializer, description="The record is not in a state that allows it."),
}


def _check_in_scope(user, expert: Expert) -> None:
    if not scope_queryset(Expert.objects.filter(pk=expert.pk), user).exists():
        raise services.ForbiddenError(_("This expert is outside your scope."))


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    category = FacetValueSerializer(many=True)
    subcategory = FacetValueSerializer(many=True)
    stage = FacetValueSerializer(many=True)
    kind = FacetValueSerializer(many=True)
    region = FacetValueSerializer(many=True)
    administration = FacetValueSerializer(many=True)
    language = FacetValueSerializer(many=True)
    serving = FacetValueSerializer(many=True)


@extend_schema_view(
    list=extend_schema(summary="Search experts (the same filters as the search page)"),
    retrieve=extend_schema(summary="One expert", responses={200: s.ExpertSerializer, 404: REFUSALS[404]}),
)
class ExpertViewSet(
    ScopedMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """The ACE database. Members see the experts they employ, experts their own record, ROCB
    officers and the Secretariat everyone. The Secretariat creates and edits experts; a member
    administration may create regional candidates among its own officers; an expert may PATCH
    their own contact details, languages and biography."""

    serializer_class = s.ExpertSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ExpertFilterSet
    write_roles = {Role.SECRETARIAT}
    action_roles = {
        "create": {Role.SECRETARIAT, Role.MEMBER},
        "update": {Role.SECRETARIAT},
        "partial_update": {Role.SECRETARIAT, Role.EXPERT},
    }
    queryset = Expert.objects.none()  # for the schema; get_queryset() returns the scoped selector

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Expert.objects.none()
        if self.action in ("list", "facets"):
            return selectors.expert_list(self.request.user)
        return selectors.expert_detail(self.request.user)

    def _output(self, expert: Expert, code: int = status.HTTP_200_OK) -> Response:
        expert = selectors.expert_detail(self.request.user).get(pk=expert.pk)
        return Response(s.ExpertSerializer(expert, context=self.get_serializer_context()).data, status=code)

    @staticmethod
    def _values(data: dict) -> tuple[dict, list[services.LanguageSkill] | None]:
        values = dict(data)
        languages = values.pop("languages", None)
        skills = None if languages is None else [services.LanguageSkill(**item) for item in languages]
        return values, skills

    @extend_schema(request=s.ExpertCreateSerializer, responses={201: s.ExpertSerializer, **REFUSALS})
    def create(self, request, *args, **kwargs):
        data = s.ExpertCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values, skills = self._values(data.validated_data)
        user = request.user
        person = values.pop("person", None)
        if person is not None and not can_view(user, person):
            raise serializers.ValidationError({"person": [_("No person with this id in your scope.")]})
        if person is not None:
            values["person"] = person
        expert = services.expert_create(by=user, languages=skills or (), **values)
        return self._output(expert, status.HTTP_201_CREATED)

    @extend_schema(request=s.ExpertInputSerializer, responses={200: s.ExpertSerializer, **REFUSALS})
    def update(self, request, *args, **kwargs):
        expert = self.get_object()
        partial = kwargs.get("partial", False)
        user = request.user
        if user.role == Role.EXPERT and not user.is_superuser:
            data = s.OwnProfileInputSerializer(data=request.data, partial=True)
            data.is_valid(raise_exception=True)
            values, skills = self._values(data.validated_data)
            # The service refuses by name what an expert may not change (or what is no field at
            # all): it gets the body's keys as names, never as arguments.
            expert = services.expert_update_own_profile(
                expert=expert, by=user, languages=skills, requested=[str(key) for key in request.data], **values
            )
            return self._output(expert)
        data = s.ExpertInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values, skills = self._values(data.validated_data)
        expert = services.expert_update(expert=expert, by=user, languages=skills, **values)
        return self._output(expert)

    @extend_schema(request=s.OwnProfileInputSerializer, responses={200: s.ExpertSerializer, **REFUSALS})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(summary="Facet counts of a search (same filters as the list)", responses={200: FacetsSerializer})
    @action(detail=False, methods=["get"])
    def facets(self, request):
        filterset = DjangoFilterBackend().get_filterset(request, self.get_queryset(), self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        counts = selectors.facet_counts(filterset.qs, filterset.form.cleaned_data)
        body = {
            name: [{"value": value, "label": str(label), "count": count} for value, label, count in rows]
            for name, rows in counts.items()
        }
        return Response(body)


class ExpertiseAreaViewSet(ScopedModelViewSet):
    """The managed expertise taxonomy: readable by everyone signed in, edited by the Secretariat."""

    queryset = ExpertiseArea.objects.all()
    serializer_class = s.ExpertiseAreaSerializer
    filterset_fields = ["category", "is_active"]
    ordering_fields = ["category", "code"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


def _transition(input_serializer: type | None, summary: str):
    return extend_schema(
        summary=summary, request=input_serializer, responses={200: s.AccreditationSerializer, **REFUSALS}
    )


class AccreditationViewSet(ScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Accreditations and their pipeline. ``POST`` records a pre-assessment; the moves are actions."""

    queryset = Accreditation.objects.select_related("area", "expert__person").prefetch_related("events__actor")
    serializer_class = s.AccreditationSerializer
    filterset_fields = ["expert", "stage", "area"]
    ordering_fields = ["pre_assessed_on", "accredited_on", "stage"]
    write_roles = {Role.SECRETARIAT}

    def _run(self, input_serializer: type, run) -> Response:
        accreditation = self.get_object()
        data = input_serializer(data=self.request.data)
        data.is_valid(raise_exception=True)
        run(accreditation, data.validated_data)
        fresh = self.get_queryset().get(pk=accreditation.pk)
        return Response(s.AccreditationSerializer(fresh).data)

    @_transition(s.PreAssessInputSerializer, "Step 1: record a pre-assessment")
    def create(self, request, *args, **kwargs):
        data = s.PreAssessInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        accreditation = services.accreditation_pre_assess(by=request.user, **data.validated_data)
        fresh = self.get_queryset().get(pk=accreditation.pk)
        return Response(s.AccreditationSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @_transition(s.PassWorkshopInputSerializer, "Step 2: workshop passed (1st step)")
    @action(detail=True, methods=["post"], url_path="pass-workshop")
    def pass_workshop(self, request, pk=None):
        return self._run(
            s.PassWorkshopInputSerializer,
            lambda a, d: services.accreditation_pass_workshop(accreditation=a, by=request.user, **d),
        )

    @_transition(s.FieldEvaluationInputSerializer, "Step 3: field evaluation passed (fully accredited)")
    @action(detail=True, methods=["post"], url_path="complete-field-evaluation")
    def complete_field_evaluation(self, request, pk=None):
        return self._run(
            s.FieldEvaluationInputSerializer,
            lambda a, d: services.accreditation_complete_field_evaluation(accreditation=a, by=request.user, **d),
        )

    @_transition(s.EndInputSerializer, "Withdraw the accreditation (reason required)")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._run(
            s.EndInputSerializer,
            lambda a, d: services.accreditation_withdraw(accreditation=a, by=request.user, **d),
        )

    @_transition(s.EndInputSerializer, "Record that the accreditation lapsed")
    @action(detail=True, methods=["post"])
    def lapse(self, request, pk=None):
        return self._run(
            s.EndInputSerializer, lambda a, d: services.accreditation_lapse(accreditation=a, by=request.user, **d)
        )


class WorkshopViewSet(ScopedModelViewSet):
    """Accreditation workshops; participants are listed only where the user may see the expert."""

    queryset = AccreditationWorkshop.objects.select_related("area", "region").prefetch_related(
        "participations__expert__person"
    )
    serializer_class = s.WorkshopSerializer
    filterset_fields = ["category", "kind", "region"]
    ordering_fields = ["start_date"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        if user.is_authenticated and not (user.is_superuser or user.role in (Role.SECRETARIAT, Role.ROCB)):
            context["visible_expert_ids"] = set(
                scope_queryset(Expert.objects.all(), user).values_list("pk", flat=True)
            )
        return context

    def perform_create(self, serializer):
        serializer.instance = services.workshop_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.workshop_update(
            workshop=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    @extend_schema(
        summary="Record a participant's result (a pass moves the accreditation to 1st step)",
        request=s.WorkshopResultInputSerializer,
        responses={200: s.WorkshopSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"], url_path="record-result")
    def record_result(self, request, pk=None):
        workshop = self.get_object()
        data = s.WorkshopResultInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.workshop_record_result(workshop=workshop, by=request.user, **data.validated_data)
        fresh = self.get_queryset().get(pk=workshop.pk)
        return Response(s.WorkshopSerializer(fresh, context=self.get_serializer_context()).data)


class DeploymentViewSet(ScopedMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Days on WCO missions, counted against the release commitment. Rows from the missions app
    (with a ``source_key``) are kept by it and cannot be deleted here."""

    queryset = Deployment.objects.select_related("expert__person")
    serializer_class = s.DeploymentSerializer
    filterset_fields = ["expert", "source"]
    ordering_fields = ["start_date"]
    write_roles = {Role.SECRETARIAT}

    def perform_create(self, serializer):
        serializer.instance = services.deployment_record(by=self.request.user, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.deployment_remove(deployment=instance, by=self.request.user)


class UnavailabilityViewSet(
    ScopedMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Periods in which an expert cannot be deployed: recorded by the Secretariat, the expert's
    administration or the expert."""

    queryset = Unavailability.objects.select_related("expert__person")
    serializer_class = s.UnavailabilitySerializer
    filterset_fields = ["expert"]
    ordering_fields = ["start_date"]
    write_roles = {Role.SECRETARIAT, Role.MEMBER, Role.EXPERT}

    def perform_create(self, serializer):
        _check_in_scope(self.request.user, serializer.validated_data["expert"])
        serializer.instance = services.unavailability_add(by=self.request.user, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.unavailability_remove(unavailability=instance, by=self.request.user)


class CandidateListViewSet(ScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Regional candidate lists: members nominate their officers; the region's ROCB decides."""

    serializer_class = s.CandidateListEntrySerializer
    filterset_fields = ["region", "status"]
    ordering_fields = ["created_at"]
    write_roles = {Role.SECRETARIAT}
    action_roles = {
        "create": {Role.SECRETARIAT, Role.MEMBER},
        "accept": {Role.SECRETARIAT, Role.ROCB},
        "reject": {Role.SECRETARIAT, Role.ROCB},
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CandidateListEntry.objects.none()
        return selectors.candidate_entries(self.request.user)

    @extend_schema(
        summary="Nominate a candidate", request=s.NominationInputSerializer,
        responses={201: s.CandidateListEntrySerializer, **REFUSALS},
    )  # fmt: skip
    def create(self, request, *args, **kwargs):
        data = s.NominationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.candidate_nominate(by=request.user, **data.validated_data)
        return Response(s.CandidateListEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    def _decide(self, request, accept: bool) -> Response:
        entry = self.get_object()
        data = s.DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.candidate_decide(entry=entry, accept=accept, by=request.user, **data.validated_data)
        return Response(s.CandidateListEntrySerializer(entry).data)

    @extend_schema(
        summary="Accept onto the region's list", request=s.DecisionInputSerializer,
        responses={200: s.CandidateListEntrySerializer, **REFUSALS},
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._decide(request, True)

    @extend_schema(
        summary="Reject (comment required)", request=s.DecisionInputSerializer,
        responses={200: s.CandidateListEntrySerializer, **REFUSALS},
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, False)
