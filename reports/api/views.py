"""``/api/v1/reports/runs/``: start a run (``POST``), poll it (``GET {id}/``), fetch its figures and files;
``/api/v1/reports/feedback/``: the beneficiaries' answers to the mission feedback form (read only)."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from reports import exporting, selectors, services
from reports.api import serializers as s
from reports.documents import run_pdf
from reports.filters import MissionFeedbackFilterSet, ReportRunFilterSet
from reports.models import MissionFeedback
from reports.rules import REPORT_ROLES
from wcocb.errors import ConflictError

LANGUAGE = OpenApiParameter("lang", OpenApiTypes.STR, enum=list(exporting.LANGUAGES), description="en, fr or es")
FILE = OpenApiResponse(OpenApiTypes.BINARY)


class ReportRunViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Report runs. ``POST`` starts one (a member administration for itself, an ROCB officer for its region or
    one of its administrations, the Secretariat for any scope); with the job queue down it answers 503 at once.
    Poll ``GET {id}/`` for ``status`` and ``progress``; once ``succeeded``, ``files`` links the figures (JSON),
    the XLSX, the CSV and the PDF (``?lang=fr``)."""

    serializer_class = s.ReportRunSerializer
    filterset_class = ReportRunFilterSet
    write_roles = REPORT_ROLES

    def get_queryset(self):
        return selectors.runs_for(self.request.user)

    def get_serializer_class(self):
        return s.RunStartSerializer if self.action == "create" else s.ReportRunSerializer

    @extend_schema(request=s.RunStartSerializer, responses={201: s.ReportRunSerializer})
    def create(self, request, *args, **kwargs):
        data = s.RunStartSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = data.validated_data
        run = services.run_start(
            by=request.user,
            period_start=values["period_start"],
            period_end=values["period_end"],
            as_of=values.get("as_of"),
            region=values.get("scope_region"),
            administration=values.get("scope_administration"),
            title=values.get("title", ""),
        )
        return Response(s.ReportRunSerializer(run, context=self.get_serializer_context()).data, status=201)

    def _succeeded(self):
        run = selectors.runs_for(self.request.user).defer(None).get(pk=self.get_object().pk)
        if run.status != "succeeded":
            raise ConflictError(run.error or "The run has not finished yet.")
        return run

    @extend_schema(responses=s.FiguresSerializer)
    @action(detail=True, methods=["get"])
    def figures(self, request, pk=None):
        run = self._succeeded()
        return Response({"id": run.pk, "reference": run.reference, "snapshot": run.snapshot})

    def _file(self, content: bytes, content_type: str, run, extension: str) -> HttpResponse:
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="report-{run.pk}.{extension}"'
        return response

    @extend_schema(parameters=[LANGUAGE], responses={(200, "application/octet-stream"): FILE})
    @action(detail=True, methods=["get"])
    def xlsx(self, request, pk=None):
        run = self._succeeded()
        content = exporting.run_xlsx(run, exporting.language_of(request.query_params.get("lang")))
        return self._file(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", run, "xlsx")

    @extend_schema(parameters=[LANGUAGE], responses={(200, "text/csv"): FILE})
    @action(detail=True, methods=["get"])
    def csv(self, request, pk=None):
        run = self._succeeded()
        content = exporting.run_csv(run, exporting.language_of(request.query_params.get("lang")))
        return self._file(content, "text/csv; charset=utf-8", run, "csv")

    @extend_schema(parameters=[LANGUAGE], responses={(200, "application/pdf"): FILE})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        run = self._succeeded()
        content = run_pdf(run, exporting.language_of(request.query_params.get("lang")))
        return self._file(content, "application/pdf", run, "pdf")


class MissionFeedbackViewSet(viewsets.ReadOnlyModelViewSet):
    """The beneficiaries' answers to the standard feedback form of completed missions: the Secretariat and API
    clients read every answer, an ROCB officer its region's, a member administration its own. Filter by the
    mission's ``kind``, ``region``, ``administration``, ``started_from``/``started_until`` and
    ``follow_up_needed``; the aggregates per kind, region and period are a report run's ``feedback`` section."""

    serializer_class = s.MissionFeedbackSerializer
    filterset_class = MissionFeedbackFilterSet
    queryset = MissionFeedback.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MissionFeedback.objects.none()
        return selectors.feedback_for(self.request.user)
