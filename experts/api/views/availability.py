"""``/api/v1/deployments/`` and ``/api/v1/unavailabilities/``: days on missions and periods away."""

from __future__ import annotations

from rest_framework import mixins, viewsets

from experts import services
from experts.api import serializers as s
from experts.api.views.common import check_in_scope
from experts.models import Deployment, Unavailability
from wcocb.api.viewsets import ScopedMixin
from wcocb.choices import Role


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
        check_in_scope(self.request.user, serializer.validated_data["expert"])
        serializer.instance = services.unavailability_add(by=self.request.user, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.unavailability_remove(unavailability=instance, by=self.request.user)
