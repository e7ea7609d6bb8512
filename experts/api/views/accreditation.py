"""``/api/v1/accreditations/``: the pipeline, one action per move (input → service → output)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from experts import services
from experts.api import serializers as s
from experts.api.views.common import REFUSALS
from experts.models import Accreditation
from wcocb.api.viewsets import ScopedMixin
from wcocb.choices import Role


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
