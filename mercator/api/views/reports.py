"""``/api/v1/mercator/period-reports/``: drafted, changed, submitted, approved or returned through the services."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mercator import filters, selectors, services
from mercator.api import serializers as s
from mercator.api.views._common import REFUSALS
from mercator.models import Activity, Kpi
from wcocb.choices import Role


class PeriodReportViewSet(viewsets.ModelViewSet):
    serializer_class = s.PeriodReportSerializer
    filterset_class = filters.PeriodReportFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    write_roles = {Role.SECRETARIAT, Role.EXPERT, Role.MEMBER}
    action_roles = {"approve": {Role.SECRETARIAT}, "return_report": {Role.SECRETARIAT}}

    def get_queryset(self):
        return selectors.report_list(user=self.request.user)

    def _detail(self, pk: int, code: int = 200) -> Response:
        report = self.get_queryset().get(pk=pk)
        return Response(s.PeriodReportSerializer(report, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=s.PeriodReportSerializer, responses={201: s.PeriodReportSerializer, **REFUSALS})
    def create(self, request, *args, **kwargs):
        data = s.PeriodReportSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("drafted_by", None)
        values.pop("status", None)
        report = services.report_draft(by=request.user, **values)
        return self._detail(report.pk, status.HTTP_201_CREATED)

    @extend_schema(request=s.PeriodReportUpdateInput, responses={200: s.PeriodReportSerializer, **REFUSALS})
    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        data = s.PeriodReportUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        actuals = {
            get_object_or_404(Kpi, pk=row["kpi"], plan=report.plan): row["value"] for row in values.pop("actuals", [])
        }
        notes = {
            get_object_or_404(Activity, pk=row["activity"], plan=report.plan): row["narrative"]
            for row in values.pop("notes", [])
        }
        services.report_update(report=report, by=request.user, actuals=actuals, notes=notes, **values)
        return self._detail(report.pk)

    @extend_schema(summary="Submit the report for the Secretariat's approval", request=s.PlanCommentInput,
                   responses={200: s.PeriodReportSerializer, **REFUSALS})  # fmt: skip
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        instance = self.get_object()
        data = s.PlanCommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_submit(report=instance, by=request.user, comment=data.validated_data["comment"])
        return self._detail(pk)

    @extend_schema(summary="Approve a submitted report (Secretariat): its KPI actuals count from now on",
                   request=s.PlanCommentInput, responses={200: s.PeriodReportSerializer, **REFUSALS})  # fmt: skip
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        instance = self.get_object()
        data = s.PlanCommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_approve(report=instance, by=request.user, comment=data.validated_data["comment"])
        return self._detail(pk)

    @extend_schema(summary="Return a submitted report with a comment (Secretariat)", request=s.ReportReturnInput,
                   responses={200: s.PeriodReportSerializer, **REFUSALS})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None):
        instance = self.get_object()
        data = s.ReportReturnInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_return(report=instance, by=request.user, comment=data.validated_data["comment"])
        return self._detail(pk)
