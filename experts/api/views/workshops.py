"""``/api/v1/accreditation-workshops/``: workshops and their results."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from experts import services
from experts.api import serializers as s
from experts.api.views.common import REFUSALS
from experts.models import AccreditationWorkshop, Expert
from wcocb.api.viewsets import ScopedModelViewSet
from wcocb.choices import Role
from wcocb.scoping import scope_queryset


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
