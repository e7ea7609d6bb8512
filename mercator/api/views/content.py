"""The plan's content in the API: every write through :func:`mercator.services.content_save` /
``content_delete``, which check the caller against the plan (members: progress fields only)."""

from __future__ import annotations

import copy

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mercator import filters, selectors, services
from mercator.api import serializers as s
from mercator.api.views._common import REFUSALS, m2m_values
from wcocb.choices import Role


class ContentViewSet(viewsets.ModelViewSet):
    """Reads scoped to the plans the caller sees; writes by the Secretariat, the plan's MPAs and (progress fields
    only) its administration, checked by the service."""

    write_roles = {Role.SECRETARIAT, Role.EXPERT, Role.MEMBER}
    selector = None

    def get_queryset(self):
        return type(self).selector(user=self.request.user)

    def perform_create(self, serializer):
        plain, m2m = m2m_values(self.get_serializer_class(), serializer.validated_data)
        model = self.get_serializer_class().Meta.model
        serializer.instance = services.content_save(instance=model(**plain), by=self.request.user, m2m=m2m)

    def perform_update(self, serializer):
        plain, m2m = m2m_values(self.get_serializer_class(), serializer.validated_data)
        instance = copy.copy(serializer.instance)
        for name, value in plain.items():
            setattr(instance, name, value)
        serializer.instance = services.content_save(instance=instance, by=self.request.user, m2m=m2m)

    def perform_destroy(self, instance):
        services.content_delete(instance=instance, by=self.request.user)


class DiagnosticViewSet(ContentViewSet):
    serializer_class = s.DiagnosticSerializer
    filterset_class = filters.DiagnosticFilterSet
    selector = staticmethod(selectors.diagnostic_list)


class FindingViewSet(ContentViewSet):
    serializer_class = s.FindingSerializer
    filterset_class = filters.FindingFilterSet
    selector = staticmethod(selectors.finding_list)


class RecommendationViewSet(ContentViewSet):
    serializer_class = s.RecommendationSerializer
    filterset_class = filters.RecommendationFilterSet
    selector = staticmethod(selectors.recommendation_list)
    action_roles = {"move": {Role.SECRETARIAT, Role.EXPERT}}

    @extend_schema(
        summary="Move the recommendation's status (open → in progress → implemented, or dropped)",
        request=s.RecommendationMoveInput,
        responses={200: s.RecommendationSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        instance = self.get_object()
        data = s.RecommendationMoveInput(data=request.data)
        data.is_valid(raise_exception=True)
        recommendation = services.recommendation_move(recommendation=instance, by=request.user, **data.validated_data)
        recommendation = self.get_queryset().get(pk=recommendation.pk)
        return Response(s.RecommendationSerializer(recommendation, context=self.get_serializer_context()).data)


class ActivityViewSet(ContentViewSet):
    serializer_class = s.ActivitySerializer
    filterset_class = filters.ActivityFilterSet
    selector = staticmethod(selectors.activity_list)
    action_roles = {"raise_mission": {Role.SECRETARIAT, Role.MEMBER}}

    @extend_schema(summary="Raise a mission request for the activity (origin: Mercator implementation plan)",
                   request=s.RaiseMissionInput, responses={201: s.MissionLinkSerializer, **REFUSALS})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="raise-mission")
    def raise_mission(self, request, pk=None):
        instance = self.get_object()
        data = s.RaiseMissionInput(data=request.data)
        data.is_valid(raise_exception=True)
        mission = services.activity_raise_mission(activity=instance, by=request.user, **data.validated_data)
        return Response(s.MissionLinkSerializer(mission).data, status=201)


class MilestoneViewSet(ContentViewSet):
    serializer_class = s.MilestoneSerializer
    filterset_class = filters.MilestoneFilterSet
    selector = staticmethod(selectors.milestone_list)


class KpiViewSet(ContentViewSet):
    serializer_class = s.KpiSerializer
    filterset_class = filters.KpiFilterSet
    selector = staticmethod(selectors.kpi_list)


class RiskViewSet(ContentViewSet):
    serializer_class = s.PlanRiskSerializer
    filterset_class = filters.RiskFilterSet
    selector = staticmethod(selectors.risk_list)
