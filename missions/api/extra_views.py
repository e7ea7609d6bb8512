"""API of the cost tables (per diem rates, flight costs) and of mission reports.

Reads for every signed-in role (cost tables are reference data); writes through the services."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from missions import costs, reports, uploads
from missions.api.serializers import download_url
from missions.filters import MissionReportFilterSet
from missions.models import FlightCost, MissionReport, MissionRequest, PerDiemRate
from wcocb.api.serializers import CleanModelSerializer
from wcocb.api.viewsets import ScopedModelViewSet
from wcocb.choices import Role
from wcocb.scoping import scope_queryset


# --- cost tables -----------------------------------------------------------------------------------
class PerDiemRateSerializer(CleanModelSerializer):
    country_code = serializers.CharField(source="country.iso_code", read_only=True)

    class Meta:
        model = PerDiemRate
        fields = ["id", "country", "country_code", "daily_amount", "currency", "valid_from", "valid_to"]


class FlightCostSerializer(CleanModelSerializer):
    route = serializers.CharField(read_only=True)

    class Meta:
        model = FlightCost
        fields = [
            "id",
            "origin",
            "destination",
            "origin_region",
            "destination_region",
            "route",
            "fare",
            "currency",
            "valid_from",
        ]


class _CostTableViewSet(ScopedModelViewSet):
    """Writes go through :func:`missions.costs.cost_row_save` / ``cost_row_delete`` (Secretariat)."""

    filter_backends = [DjangoFilterBackend, OrderingFilter]

    def perform_create(self, serializer):
        serializer.instance = costs.cost_row_save(
            instance=self.get_serializer().Meta.model(**serializer.validated_data), by=self.request.user
        )

    def perform_update(self, serializer):
        instance = serializer.instance
        for key, value in serializer.validated_data.items():
            setattr(instance, key, value)
        serializer.instance = costs.cost_row_save(instance=instance, by=self.request.user)

    def perform_destroy(self, instance):
        costs.cost_row_delete(instance=instance, by=self.request.user)


class PerDiemRateViewSet(_CostTableViewSet):
    queryset = PerDiemRate.objects.select_related("country")
    serializer_class = PerDiemRateSerializer
    filterset_class = costs.PerDiemRateFilterSet
    ordering_fields = ["valid_from", "daily_amount"]


class FlightCostViewSet(_CostTableViewSet):
    queryset = FlightCost.objects.select_related("origin", "destination", "origin_region", "destination_region")
    serializer_class = FlightCostSerializer
    filterset_class = costs.FlightCostFilterSet
    ordering_fields = ["valid_from", "fare"]


# --- mission reports -------------------------------------------------------------------------------
class MissionReportSerializer(serializers.ModelSerializer):
    request_reference = serializers.CharField(source="request.reference", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    attachment = serializers.SerializerMethodField(help_text="Download link of the attachment, if any.")

    def get_attachment(self, obj: MissionReport) -> str | None:
        return download_url(self, uploads.report_attachment_url(obj)) if obj.attachment else None

    class Meta:
        model = MissionReport
        fields = [
            "id",
            "request",
            "request_reference",
            "status",
            "status_label",
            *MissionReport.TEMPLATE_FIELDS,
            "attachment",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
        ]
        read_only_fields = fields


class ReportDraftInputSerializer(serializers.Serializer):
    request = serializers.PrimaryKeyRelatedField(queryset=MissionRequest.objects.all())
    purpose = serializers.CharField(required=False, allow_blank=True)
    participants_profile = serializers.CharField(required=False, allow_blank=True)
    main_activities = serializers.CharField(required=False, allow_blank=True)
    initial_feedback_and_outcomes = serializers.CharField(required=False, allow_blank=True)
    future_needs = serializers.CharField(required=False, allow_blank=True)
    attachment = serializers.FileField(
        required=False, allow_null=True, validators=[uploads.validate_upload], help_text=str(uploads.UPLOAD_HELP)
    )


class ReportSubmitInputSerializer(serializers.Serializer):
    """Submitting takes no input: the report as saved is sent."""


class ReportReviewInputSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class MissionReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Mission reports. ``POST`` saves the team leader's draft (input → ``report_save_draft``);
    ``submit`` and ``review`` are the workflow actions; a refusal answers 400/403/409 with the reason."""

    serializer_class = MissionReportSerializer
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
            return ReportDraftInputSerializer
        if self.action == "review":
            return ReportReviewInputSerializer
        if self.action == "submit":
            return ReportSubmitInputSerializer
        return MissionReportSerializer

    @extend_schema(request=ReportDraftInputSerializer, responses={201: MissionReportSerializer})
    def create(self, request, *args, **kwargs):
        data = ReportDraftInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        mission = get_object_or_404(
            scope_queryset(MissionRequest.objects.all(), request.user), pk=values.pop("request").pk
        )
        report = reports.report_save_draft(request=mission, by=request.user, **values)
        return Response(MissionReportSerializer(report, context=self.get_serializer_context()).data, status=201)

    @extend_schema(request=ReportSubmitInputSerializer, responses=MissionReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = reports.report_submit(report=self.get_object(), by=request.user)
        return Response(MissionReportSerializer(report, context=self.get_serializer_context()).data)

    @extend_schema(request=ReportReviewInputSerializer, responses=MissionReportSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        data = ReportReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = reports.report_review(
            report=self.get_object(),
            accept=data.validated_data["accept"],
            comment=data.validated_data["comment"],
            by=request.user,
        )
        return Response(MissionReportSerializer(report, context=self.get_serializer_context()).data)
