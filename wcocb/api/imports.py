"""``/api/v1/import-jobs/``: start an import of any registered kind (``POST``, multipart: ``kind``,
``file``, ``dry_run``; answered 202 with the queued job), follow it (``GET /{id}/``: status, progress,
counts, every row's errors) and import for real the file of a dry run that passed (``POST /{id}/confirm/``).
Only a job's creator and the Secretariat see it; the kind's spec says who may import (checked in the
service: 403)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wcocb.choices import Role
from wcocb.importing import services
from wcocb.importing.models import ImportJob
from wcocb.importing.selectors import jobs_for
from wcocb.importing.spec import kinds


class ImportRowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Spreadsheet row (the header is row 1; 0: the whole file).")
    column = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class ImportJobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True, help_text="Progress, 0 to 100.")
    errors = ImportRowErrorSerializer(many=True, read_only=True)
    summary = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        read_only=True,
        help_text="Created / updated / unchanged per record type, e.g. {'expert': {'created': 3, ...}}.",
    )
    created_by = serializers.CharField(source="created_by.username", read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "filename",
            "dry_run",
            "source",
            "status",
            "processed",
            "total",
            "percent",
            "created",
            "updated",
            "unchanged",
            "summary",
            "errors",
            "written",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class ImportJobCreateSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=40, help_text="What the file holds, e.g. experts.")
    file = serializers.FileField(help_text="CSV (UTF-8, comma or semicolon) or XLSX (first sheet).")
    dry_run = serializers.BooleanField(default=True, help_text="Check only, write nothing (the default).")

    def validate_kind(self, value: str) -> str:
        if value not in kinds():
            raise serializers.ValidationError(f"Use one of: {', '.join(kinds())}.")
        return value


def start_job(request, *, kind: str, upload, dry_run: bool) -> Response:
    job = services.job_start(kind=kind, content=upload.read(), filename=upload.name, dry_run=dry_run, by=request.user)
    return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ImportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ImportJobSerializer
    parser_classes = [parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser]
    #: Any signed-in role may ask; the kind's spec decides in the service (403 otherwise).
    write_roles = {Role.SECRETARIAT, Role.ROCB, Role.MEMBER, Role.EXPERT}

    def get_queryset(self):
        return jobs_for(self.request.user).order_by("-created_at", "-pk")

    @extend_schema(
        request={"multipart/form-data": ImportJobCreateSerializer},
        responses={202: ImportJobSerializer, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT},
        summary="Start an import job (a dry run by default)",
    )
    def create(self, request):
        upload = ImportJobCreateSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        return start_job(request, kind=data["kind"], upload=data["file"], dry_run=data["dry_run"])

    @extend_schema(
        request=None,
        responses={
            202: ImportJobSerializer,
            403: OpenApiTypes.OBJECT,
            404: OpenApiTypes.OBJECT,
            409: OpenApiTypes.OBJECT,
        },
        summary="Import for real the file of a dry run that passed (the rows are checked again)",
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        job = services.job_confirm(job=self.get_object(), by=request.user)
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
