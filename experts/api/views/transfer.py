"""Getting data in and out: ``/api/v1/expert-imports/`` and ``/api/v1/experts/export/``."""

from __future__ import annotations

import json

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import parsers, renderers, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from experts import exporting
from experts.api.serializers import ImportReportSerializer, ImportUploadSerializer
from experts.filters import ExpertFilterSet
from experts.importing import import_experts
from experts.models import Expert
from wcocb.choices import Role
from wcocb.scoping import scope_queryset


class ExpertImportViewSet(viewsets.ViewSet):
    """``POST /api/v1/expert-imports/`` (multipart: ``file``, ``dry_run``): Secretariat only.
    200 with the preview of a dry run, 201 once written, 400 with every row's errors."""

    parser_classes = [parsers.MultiPartParser, parsers.FormParser]
    write_roles = {Role.SECRETARIAT}

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={200: ImportReportSerializer, 201: ImportReportSerializer, 400: OpenApiTypes.OBJECT},
        summary="Import experts and accreditations from CSV or XLSX",
    )
    def create(self, request):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        report = import_experts(
            file=file.read(), filename=file.name, dry_run=upload.validated_data["dry_run"], by=request.user
        )
        body = report.as_dict()
        if not report.ok:
            error = {
                "status": 400,
                "code": "import_invalid",
                "message": str(_n_errors(len(report.errors))),
                "fields": {},
            }
            return Response({"error": error, "report": body}, status=status.HTTP_400_BAD_REQUEST)
        return Response(body, status=status.HTTP_201_CREATED if report.written else status.HTTP_200_OK)


def _n_errors(count: int):
    from django.utils.translation import ngettext

    return ngettext(
        "The file has %(count)d error; nothing was written.",
        "The file has %(count)d errors; nothing was written.",
        count,
    ) % {"count": count}


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
