"""``/api/v1/mission-reports/``: the team leader's draft, its submission and the Secretariat's review."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from missions import services
from missions.api import serializers as s
from missions.filters import (
    MissionReportFilterSet,
)
from missions.models import MissionReport, MissionRequest
from wcocb.choices import Role
from wcocb.scoping import scope_queryset


class MissionReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Mission reports. ``POST`` saves the team leader's draft (input → ``report_save_draft``);
    ``submit`` and ``review`` are the workflow actions; a refusal answers 400/403/409 with the reason."""

    serializer_class = s.MissionReportSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = MissionReportFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    write_roles = {Role.SECRETARIAT, Role.EXPERT}
    action_roles = {"create": {Role.EXPERT}, "submit": {Role.EXPERT}, "review": {Role.SECRETARIAT}}

    def get_queryset(self):
        queryset = MissionReport.objects.select_related("request__administration", "submitted_by", "reviewed_by")
        return scope_queryset(queryset, self.request.user).distinct()

    def get_serializer_class(self):
        if self.action == "create":
            return s.ReportDraftInputSerializer
        if self.action == "review":
            return s.ReportReviewInputSerializer
        if self.action == "submit":
            return s.ReportSubmitInputSerializer
        return s.MissionReportSerializer

    @extend_schema(request=s.ReportDraftInputSerializer, responses={201: s.MissionReportSerializer})
    def create(self, request, *args, **kwargs):
        data = s.ReportDraftInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        mission = get_object_or_404(
            scope_queryset(MissionRequest.objects.all(), request.user), pk=values.pop("request").pk
        )
        report = services.report_save_draft(request=mission, by=request.user, **values)
        return Response(s.MissionReportSerializer(report, context=self.get_serializer_context()).data, status=201)

    @extend_schema(request=s.ReportSubmitInputSerializer, responses=s.MissionReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = services.report_submit(report=self.get_object(), by=request.user)
        return Response(s.MissionReportSerializer(report, context=self.get_serializer_context()).data)

    @extend_schema(request=s.ReportReviewInputSerializer, responses=s.MissionReportSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        data = s.ReportReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_review(
            report=self.get_object(),
            accept=data.validated_data["accept"],
            comment=data.validated_data["comment"],
            by=request.user,
        )
        return Response(s.MissionReportSerializer(report, context=self.get_serializer_context()).data)
