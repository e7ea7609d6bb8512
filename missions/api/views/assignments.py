"""``/api/v1/assignments/``: experts on missions, and the release-commitment override."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from missions import selectors, services
from missions.api import serializers as s
from missions.api.views.requests import REFUSALS
from missions.filters import (
    AssignmentFilterSet,
)


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Experts on missions: the requesting and the home administrations, the expert, the region's ROCB."""

    serializer_class = s.AssignmentSerializer
    filterset_class = AssignmentFilterSet

    def get_queryset(self):
        return selectors.assignment_list(user=self.request.user)

    @extend_schema(
        summary="Allow a release beyond the expert's release commitment (Secretariat), with a reason",
        request=s.OverrideInput,
        responses={200: s.AssignmentSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"], url_path="override-commitment")
    def override_commitment(self, request, pk=None):
        assignment = self.get_object()
        data = s.OverrideInput(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = services.assignment_override_commitment(
            assignment=assignment, reason=data.validated_data["reason"], by=request.user
        )
        assignment = selectors.assignment_list(user=request.user).get(pk=assignment.pk)
        return Response(s.AssignmentSerializer(assignment, context=self.get_serializer_context()).data)
