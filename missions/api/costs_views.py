"""``GET /api/v1/mission-requests/{id}/cost-estimate/``: the mission's cost estimate."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from missions.costs import CostEstimate, CostLine, estimate_request
from missions.models import MissionRequest
from wcocb.scoping import scope_queryset


def _amount(value) -> str | None:
    return None if value is None else str(value)


def line_data(line: CostLine) -> dict:
    return {
        "assignment": line.assignment.pk,
        "expert": line.expert_name,
        "role": line.role,
        "origin": line.origin.iso_code if line.origin else None,
        "destination": line.destination.iso_code,
        "mission_days": line.mission_days,
        "travel_days": line.travel_days,
        "flight": {
            "amount": _amount(line.flight_amount),
            "currency": line.flight_currency,
            "basis": line.flight_basis,
        },
        "per_diem": {
            "daily_rate": _amount(line.per_diem_rate),
            "days": line.per_diem_days,
            "amount": _amount(line.per_diem_amount),
            "currency": line.per_diem_currency,
        },
        "totals": {currency: str(amount) for currency, amount in line.totals.items()},
        "payer": line.payer,
        "problems": [str(problem) for problem in line.problems],
    }


def estimate_data(estimate: CostEstimate) -> dict:
    return {
        "request": estimate.request.pk,
        "payer": str(estimate.payer),
        "funding_kind": estimate.funding_kind,
        "provisional": estimate.provisional,
        "complete": estimate.complete,
        "totals": {currency: str(amount) for currency, amount in estimate.totals.items()},
        "lines": [line_data(line) for line in estimate.lines],
    }


class CostEstimateSerializer(serializers.Serializer):  # for the schema only
    request = serializers.IntegerField()
    payer = serializers.CharField()
    funding_kind = serializers.CharField()
    provisional = serializers.BooleanField()
    complete = serializers.BooleanField()
    totals = serializers.DictField(child=serializers.DecimalField(max_digits=14, decimal_places=2))
    lines = serializers.ListField(child=serializers.DictField())


class CostEstimateView(APIView):
    """Flight + per diem per team member, the total per currency and who pays (scoped like the request)."""

    @extend_schema(responses=CostEstimateSerializer)
    def get(self, request, pk: int):
        mission = get_object_or_404(
            scope_queryset(
                MissionRequest.objects.select_related("administration", "funding__donor"), request.user
            ).distinct(),
            pk=pk,
        )
        return Response(estimate_data(estimate_request(mission)))
