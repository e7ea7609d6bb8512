"""API endpoints for getting data in and out: expert import (a job of the import engine), export of a
filtered search, and the gap analysis."""

from __future__ import annotations

import json

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import parsers, renderers, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from experts import exporting, selectors
from experts import forms as expert_forms
from experts.choices import ACCREDITATION_CATEGORIES, Category
from experts.filters import ExpertFilterSet
from experts.importing import SPEC
from experts.models import Expert
from wcocb.api.imports import ImportJobSerializer, start_job
from wcocb.choices import Role
from wcocb.scoping import scope_queryset


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)


class ExpertImportViewSet(viewsets.ViewSet):
    """``POST /api/v1/expert-imports/`` (multipart: ``file``, ``dry_run``): Secretariat only. A shortcut
    for ``POST /api/v1/import-jobs/`` with ``kind=experts`` (but ``dry_run`` false by default): it answers
    202 with the queued job; follow it at ``GET /api/v1/import-jobs/{id}/``."""

    parser_classes = [parsers.MultiPartParser, parsers.FormParser]
    write_roles = {Role.SECRETARIAT}

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={202: ImportJobSerializer, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT},
        summary="Start an import job of experts and accreditations from CSV or XLSX",
        description=(
            "Changed: this endpoint used to import in the request and answer 200 (dry run) or 201 (written) "
            "with the report, or 400 with the row errors. It now answers 202 with the queued import job; "
            "`GET /api/v1/import-jobs/{id}/` gives its progress, counts and every row's errors."
        ),
    )
    def create(self, request):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        return start_job(request, kind=SPEC.kind, upload=data["file"], dry_run=data["dry_run"])


class _PassThroughRenderer(renderers.BaseRenderer):
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes | str):
            return data
        return json.dumps(data, default=str).encode()


class CSVRenderer(_PassThroughRenderer):
    media_type = "text/csv"
    format = "csv"


class XLSXRenderer(_PassThroughRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"


class ExpertExportAPIView(APIView):
    """``GET /api/v1/experts/export/?format=csv|xlsx&…`` with the search filters of
    ``/api/v1/experts/`` (the same FilterSet), in the requesting user's scope."""

    renderer_classes = [CSVRenderer, XLSXRenderer, renderers.JSONRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["csv", "xlsx"], description="File format (default csv)."),
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, XLSXRenderer.media_type): OpenApiTypes.BINARY,
            400: OpenApiTypes.OBJECT,
        },
        summary="Export a filtered expert search (importable again)",
    )
    def get(self, request):
        filterset = ExpertFilterSet(
            request.query_params, queryset=scope_queryset(Expert.objects.all(), request.user), request=request
        )
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        queryset = filterset.qs
        stamp = timezone.localdate().isoformat()
        if request.query_params.get("format") == "xlsx":
            response = HttpResponse(exporting.xlsx_bytes(queryset), content_type=XLSXRenderer.media_type)
            extension = "xlsx"
        else:
            response = StreamingHttpResponse(exporting.csv_chunks(queryset), content_type="text/csv; charset=utf-8")
            extension = "csv"
        response["Content-Disposition"] = f'attachment; filename="experts-{stamp}.{extension}"'
        return response


CELL_FIELDS = {
    "region": serializers.CharField(),
    "area": serializers.CharField(),
    "fully_accredited": serializers.IntegerField(),
    "first_step": serializers.IntegerField(),
    "need": serializers.IntegerField(),
    "status": serializers.ChoiceField(choices=["gap", "amber", "green"]),
    "level": serializers.IntegerField(help_text="Heat level 0-4 (0: gap with a need, 4: ten or more)."),
}
GapSerializer = inline_serializer(
    "GapAnalysis",
    {
        "as_of": serializers.DateField(),
        "category": serializers.CharField(allow_null=True),
        "thresholds": inline_serializer(
            "GapThresholds", {"gap_below": serializers.IntegerField(), "green_from": serializers.IntegerField()}
        ),
        "regions": inline_serializer(
            "GapRegion", {"code": serializers.CharField(), "name": serializers.CharField()}, many=True
        ),
        "areas": inline_serializer(
            "GapArea",
            {
                "id": serializers.IntegerField(),
                "code": serializers.CharField(),
                "category": serializers.CharField(),
                "name": serializers.CharField(),
            },
            many=True,
        ),
        "cells": inline_serializer("GapCell", CELL_FIELDS, many=True),
    },
)


class GapAnalysisAPIView(APIView):
    """``GET /api/v1/gap-analysis/?as_of=YYYY-MM-DD&category=ET``: for every region and active
    accreditation area, the experts available on that date, fully accredited and at 1st step, the
    need (needs survey and open requests) and the 3-to-5 threshold status. Available: serving, not
    in an unavailability period covering the date, and with release-commitment days left (an
    expert who used the twelve weeks within an open commitment window is not counted)."""

    read_roles = {Role.SECRETARIAT, Role.ROCB, Role.API_CLIENT}

    @extend_schema(
        parameters=[
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="Count as of this date (default today)."),
            OpenApiParameter(
                "category",
                str,
                enum=[c.value for c in Category if c in ACCREDITATION_CATEGORIES],
                description="Only the areas of this category.",
            ),
        ],
        responses={200: GapSerializer, 400: OpenApiTypes.OBJECT},
        summary="Gap analysis: available experts against the need, per region and area",
    )
    def get(self, request):
        form = expert_forms.GapForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        matrix = selectors.gap_analysis(
            as_of=form.cleaned_data["as_of"] or timezone.localdate(), category=form.cleaned_data["category"] or None
        )
        return Response(matrix.as_dict())
