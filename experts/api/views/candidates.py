"""``/api/v1/candidate-list/``: nominations and the ROCB's decisions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from experts import selectors, services
from experts.api import serializers as s
from experts.api.views.common import REFUSALS
from experts.models import CandidateListEntry
from wcocb.api.viewsets import ScopedMixin
from wcocb.choices import Role


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
