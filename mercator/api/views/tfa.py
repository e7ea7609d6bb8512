"""The TFA reference data (reads for every signed-in role; writes by the Secretariat), the members'
commitments (a member keeps its own rows), and the matrix with each member's implementation rate."""

from __future__ import annotations

import copy

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from mercator import filters, selectors, services
from mercator.api import serializers as s
from wcocb.choices import Role
from wcocb.models import Region


class _ReferenceViewSet(viewsets.ModelViewSet):
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def perform_create(self, serializer):
        model = self.get_serializer_class().Meta.model
        serializer.instance = services.reference_save(
            instance=model(**serializer.validated_data), by=self.request.user
        )

    def perform_update(self, serializer):
        instance = copy.copy(serializer.instance)
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        serializer.instance = services.reference_save(instance=instance, by=self.request.user)


class TfaArticleViewSet(_ReferenceViewSet):
    serializer_class = s.TfaArticleSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.article_list()


class TfaMeasureViewSet(_ReferenceViewSet):
    serializer_class = s.TfaMeasureSerializer
    filterset_class = filters.TfaMeasureFilterSet
    pagination_class = None

    def get_queryset(self):
        return selectors.measure_list()


class TfaCommitmentViewSet(viewsets.ModelViewSet):
    serializer_class = s.TfaCommitmentSerializer
    filterset_class = filters.TfaCommitmentFilterSet
    http_method_names = ["get", "post", "patch", "put", "head", "options"]
    write_roles = {Role.SECRETARIAT, Role.MEMBER}

    def get_queryset(self):
        return selectors.commitment_list(user=self.request.user)

    def perform_create(self, serializer):
        commitment = serializer.Meta.model(**serializer.validated_data)
        serializer.instance = services.commitment_save(commitment=commitment, by=self.request.user)

    def perform_update(self, serializer):
        commitment = copy.copy(serializer.instance)
        for name, value in serializer.validated_data.items():
            setattr(commitment, name, value)
        serializer.instance = services.commitment_save(commitment=commitment, by=self.request.user)


def _rate(rate, administration) -> dict:
    return {
        "administration": administration.iso_code,
        "total": rate.total,
        "implemented": rate.implemented,
        "implemented_share": rate.implemented_share,
        "due": rate.due,
        "on_time": rate.on_time,
        "on_time_share": rate.on_time_share,
    }


class MatrixView(APIView):
    """``GET /api/v1/mercator/tfa-matrix/?region=AP``: the members of a region by the TFA measures, each cell with
    the member's commitment and the recommendations, activities and missions that serve it; each row with the
    member's implementation rate."""

    @extend_schema(
        parameters=[OpenApiParameter("region", str, description="Region code (a member sees its own row)")],
        responses=s.MatrixRowSerializer(many=True),
    )
    def get(self, request):
        code = request.query_params.get("region", "")
        region = get_object_or_404(Region, code=code) if code and "\x00" not in code else None
        built = selectors.matrix(user=request.user, region=region)
        rows = [
            {
                "administration": row.administration.iso_code,
                "rate": _rate(row.rate, row.administration),
                "cells": [
                    {
                        "measure": measure.number,
                        "category": cell.commitment.category if cell.commitment else None,
                        "status": cell.commitment.status if cell.commitment else None,
                        "recommendations": [r.pk for r in cell.recommendations],
                        "activities": [a.pk for a in cell.activities],
                        "missions": [m.pk for m in cell.missions],
                    }
                    for measure, cell in zip(built.measures, row.cells, strict=True)
                ],
            }
            for row in built.rows
        ]
        return Response(s.MatrixRowSerializer(rows, many=True).data)
