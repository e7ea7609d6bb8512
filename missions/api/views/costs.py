"""The cost tables (reads for every signed-in role: reference data; writes through the services) and
``GET /api/v1/mission-requests/{id}/cost-estimate/``."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response
from rest_framework.views import APIView

from missions import filters, services
from missions.api import serializers as s
from missions.models import FlightCost, MissionRequest, PerDiemRate
from missions.selectors import estimate_request
from wcocb.api.viewsets import ScopedModelViewSet
from wcocb.scoping import scope_queryset


class _CostTableViewSet(ScopedModelViewSet):
    """Writes go through :func:`missions.services.cost_row_save` / ``cost_row_delete`` (Secretariat)."""

    filter_backends = [DjangoFilterBackend, OrderingFilter]

    def perform_create(self, serializer):
        serializer.instance = services.cost_row_save(
            instance=self.get_serializer().Meta.model(**serializer.validated_data), by=self.request.user
        )

    def perform_update(self, serializer):
        instance = serializer.instance
        for key, value in serializer.validated_data.items():
            setattr(instance, key, value)
        serializer.instance = services.cost_row_save(instance=instance, by=self.request.user)

    def perform_destroy(self, instance):
        services.cost_row_delete(instance=instance, by=self.request.user)


class PerDiemRateViewSet(_CostTableViewSet):
    queryset = PerDiemRate.objects.select_related("country")
    serializer_class = s.PerDiemRateSerializer
    filterset_class = filters.PerDiemRateFilterSet
    ordering_fields = ["valid_from", "daily_amount"]


class FlightCostViewSet(_CostTableViewSet):
    queryset = FlightCost.objects.select_related("origin", "destination", "origin_region", "destination_region")
    serializer_class = s.FlightCostSerializer
    filterset_class = filters.FlightCostFilterSet
    ordering_fields = ["valid_from", "fare"]


class CostEstimateView(APIView):
    """Flight + per diem per team member, the total per currency and who pays (scoped like the request)."""

    @extend_schema(responses=s.CostEstimateSerializer)
    def get(self, request, pk: int):
        mission = get_object_or_404(
            scope_queryset(
                MissionRequest.objects.select_related("administration", "funding__donor"), request.user
            ).distinct(),
            pk=pk,
        )
        return Response(s.estimate_data(estimate_request(mission)))
