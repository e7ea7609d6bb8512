"""Serializers of the reports API: a run as it is polled, the input that starts one; a beneficiary's feedback."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from reports.models import MissionFeedback, ReportRun
from wcocb.api.fields import SlugRelatedField
from wcocb.api.serializers import CleanModelSerializer
from wcocb.models import MemberAdministration, Region


class ReportRunSerializer(CleanModelSerializer):
    """A run: its parameters, status and progress; the links to its figures and files once it succeeded."""

    reference = serializers.CharField(read_only=True)
    region = serializers.CharField(source="scope_region.code", read_only=True, default=None)
    administration = serializers.CharField(source="scope_administration.iso_code", read_only=True, default=None)
    requested_by = serializers.CharField(source="requested_by.username", read_only=True, default=None)
    files = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = [
            "id", "reference", "title", "period_start", "period_end", "as_of", "region", "administration",
            "status", "progress", "step", "attempts", "trigger", "schedule", "requested_by", "error",
            "created_at", "started_at", "finished_at", "duration_ms", "files",
        ]  # fmt: skip
        read_only_fields = fields

    def get_files(self, run: ReportRun) -> dict[str, str]:
        if run.status != "succeeded":
            return {}
        return {
            name: reverse(f"report-run-{name}", kwargs={"pk": run.pk}) for name in ("figures", "xlsx", "csv", "pdf")
        }


class RunStartSerializer(CleanModelSerializer):
    """``POST /api/v1/reports/runs/``: the period (and the as-of date of the experts, the period's end by
    default) and the scope: a region code or a member administration's ISO code, or neither for all."""

    region = SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), source="scope_region", required=False, allow_null=True
    )
    administration = SlugRelatedField(
        slug_field="iso_code",
        queryset=MemberAdministration.objects.all(),
        source="scope_administration",
        required=False,
        allow_null=True,
    )
    as_of = serializers.DateField(required=False)

    class Meta:
        model = ReportRun
        fields = ["title", "period_start", "period_end", "as_of", "region", "administration"]

    def validate(self, attrs):
        checked = {**attrs, "requested_by": self.context["request"].user}
        if "period_end" in attrs:
            checked.setdefault("as_of", attrs["period_end"])
        super().validate(checked)
        return attrs


class FiguresSerializer(serializers.Serializer):
    """The frozen figures of a run (``snapshot``): its parameters, the previous period, the sections."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    snapshot = serializers.JSONField()


class MissionFeedbackSerializer(serializers.ModelSerializer):
    """One beneficiary administration's answer to the standard feedback form on a completed mission (ratings 1-5)."""

    mission_reference = serializers.CharField(source="mission.reference", read_only=True)
    mission_title = serializers.CharField(source="mission.title", read_only=True)
    kind = serializers.CharField(source="mission.kind", read_only=True)
    administration = serializers.CharField(source="mission.administration.iso_code", read_only=True)
    region = serializers.CharField(source="mission.administration.region.code", read_only=True)
    start_date = serializers.DateField(source="mission.start_date", read_only=True)
    end_date = serializers.DateField(source="mission.end_date", read_only=True)
    submitted_by = serializers.CharField(source="submitted_by.username", read_only=True)

    class Meta:
        model = MissionFeedback
        fields = [
            "id", "mission", "mission_reference", "mission_title", "kind", "administration", "region", "start_date",
            "end_date", "relevance", "expert_quality", "usefulness", "follow_up_needed", "follow_up_needs",
            "comments", "submitted_by", "submitted_at",
        ]  # fmt: skip
        read_only_fields = fields
