"""API endpoints for getting data in and out: expert import (a job of the import engine), export of a
filtered search, and the gap analysis."""

from __future__ import annotations

import json

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import parsers, renderers, serializers, viewsets
from rest_framework.views import APIView

from experts import exporting
from experts.api.serializers import ImportUploadSerializer
from experts.filters import ExpertFilterSet
from experts.importing import SPEC
from experts.models import Expert
from wcocb.api.imports import ImportJobSerializer, start_job
from wcocb.choices import Role
from wcocb.scoping import scope_queryset


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
