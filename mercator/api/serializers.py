"""Serializers of the Mercator API: output shapes and action inputs. Rules live in the services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from experts.models import Expert
from mercator import models, selectors
from mercator.choices import (
    ActivityStatus,
    EventKind,
    ImplementationStatus,
    MilestoneStatus,
    OrgArea,
    PeriodKind,
    Phase,
    PlanForm,
    Priority,
    Rag,
    RecommendationStatus,
    ReportStatus,
    RiskStatus,
    TfaCategory,
    Track,
)
from missions.models import MissionRequest
from wcocb.api.fields import SlugRelatedField
from wcocb.api.serializers import CleanModelSerializer
from wcocb.models import FundingSource, MemberAdministration


def choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented with an inline enum (no shared schema component whose name could collide with
    another app's ``status`` or ``kind``)."""
    values = [value for value, _label in choices]
    schema = {"allOf": [{"type": "string", "enum": values}], "description": "One of: " + ", ".join(map(str, values))}
    field_class = extend_schema_field(schema)(type("InlineChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


class MercatorErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class MercatorErrorSerializer(serializers.Serializer):
    error = MercatorErrorBodySerializer()


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class MissionLinkSerializer(serializers.ModelSerializer):
    status = choice(MissionRequest._meta.get_field("status").choices, read_only=True)

    class Meta:
        model = MissionRequest
        fields = ["id", "reference", "title", "kind", "status", "start_date", "end_date"]
        read_only_fields = fields


# --- TFA --------------------------------------------------------------------------------------------
class TfaMeasureSerializer(CleanModelSerializer):
    article = SlugRelatedField(slug_field="number", queryset=models.TfaArticle.objects.all())

    class Meta:
        model = models.TfaMeasure
        fields = ["id", "number", "article", "position", "name", "name_en", "name_fr", "name_es"]
        read_only_fields = ["name"]


class TfaArticleSerializer(CleanModelSerializer):
    measures = serializers.SerializerMethodField()

    class Meta:
        model = models.TfaArticle
        fields = ["id", "number", "position", "name", "name_en", "name_fr", "name_es", "measures"]
        read_only_fields = ["name"]

    @extend_schema_field({"type": "array", "items": {"type": "object"}})
    def get_measures(self, article) -> list[dict]:
        return [{"id": m.pk, "number": m.number, "name": m.name} for m in article.measures.all()]


class TfaCommitmentSerializer(CleanModelSerializer):
    administration = SlugRelatedField(slug_field="iso_code", queryset=MemberAdministration.objects.all())
    measure = SlugRelatedField(slug_field="number", queryset=models.TfaMeasure.objects.all())
    category = choice(TfaCategory.choices)
    status = choice(ImplementationStatus.choices, required=False)
    on_time = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = models.TfaCommitment
        fields = [
            "id", "administration", "measure", "category", "indicative_date", "definitive_date", "status",
            "status_date", "on_time",
        ]  # fmt: skip


class ImplementationRateSerializer(serializers.Serializer):
    administration = serializers.CharField()
    total = serializers.IntegerField()
    implemented = serializers.IntegerField()
    implemented_share = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    due = serializers.IntegerField()
    on_time = serializers.IntegerField()
    on_time_share = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)


class MatrixCellSerializer(serializers.Serializer):
    measure = serializers.CharField()
    category = serializers.CharField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    recommendations = serializers.ListField(child=serializers.IntegerField())
    activities = serializers.ListField(child=serializers.IntegerField())
    missions = serializers.ListField(child=serializers.IntegerField())


class MatrixRowSerializer(serializers.Serializer):
    administration = serializers.CharField()
    rate = ImplementationRateSerializer()
    cells = MatrixCellSerializer(many=True)


# --- Plans ------------------------------------------------------------------------------------------
class PlanTimelineEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.StringRelatedField(source="actor")
    kind = choice(EventKind.choices, read_only=True)

    class Meta:
        model = models.PlanTimelineEvent
        fields = ["id", "at", "actor_name", "kind", "from_state", "to_state", "comment", "recommendation", "report"]
        read_only_fields = fields


class PlanSerializer(CleanModelSerializer):
    administration = SlugRelatedField(slug_field="iso_code", queryset=MemberAdministration.objects.all())
    region = serializers.CharField(source="administration.region.code", read_only=True)
    track = choice(Track.choices, required=False)
    form = choice(PlanForm.choices, required=False)
    phase = choice(Phase.choices, read_only=True)
    mpas = NamedSerializer(many=True, read_only=True)
    funding = SlugRelatedField(slug_field="code", queryset=FundingSource.objects.all(), many=True, required=False)
    has_request_document = serializers.SerializerMethodField()

    class Meta:
        model = models.Plan
        fields = [
            "id", "reference", "administration", "region", "title", "track", "form", "request_reference",
            "request_date", "has_request_document", "contact_name", "contact_email", "mpas", "funding", "endorsed_on",
            "phase", "held_from", "phase_reason",
        ]  # fmt: skip
        read_only_fields = ["held_from", "phase_reason"]

    def get_has_request_document(self, plan) -> bool:
        return bool(plan.request_document)

    def validate(self, attrs):
        if self.instance is None:
            attrs["created_by"] = self.context["request"].user
        return super().validate(attrs)


class KpiProgressSerializer(serializers.Serializer):
    kpi = serializers.IntegerField(source="kpi.pk")
    name = serializers.CharField(source="kpi.name")
    baseline = serializers.DecimalField(source="kpi.baseline_value", max_digits=14, decimal_places=2)
    target = serializers.DecimalField(source="kpi.target_value", max_digits=14, decimal_places=2)
    actual = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    progress = serializers.DecimalField(max_digits=10, decimal_places=4, allow_null=True)
    note = serializers.CharField()


class PlanProgressSerializer(serializers.Serializer):
    milestones_total = serializers.IntegerField()
    milestones_due = serializers.IntegerField()
    milestones_on_time = serializers.IntegerField()
    on_time_share = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    planned_cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    actual_cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    cost_variance = serializers.DecimalField(max_digits=14, decimal_places=2)
    cost_variance_share = serializers.DecimalField(max_digits=10, decimal_places=4, allow_null=True)
    recommendations_total = serializers.IntegerField()
    recommendations_implemented = serializers.IntegerField()
    implemented_share = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    kpis = KpiProgressSerializer(many=True)
    kpi_average = serializers.DecimalField(max_digits=10, decimal_places=4, allow_null=True)
    rag = choice(Rag.choices)
    rag_rule = serializers.CharField()


class PlanDetailSerializer(PlanSerializer):
    progress = serializers.SerializerMethodField()
    timeline = PlanTimelineEventSerializer(many=True, read_only=True)
    chain = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "progress", "chain", "timeline"]

    @extend_schema_field(PlanProgressSerializer)
    def get_progress(self, plan) -> dict:
        return PlanProgressSerializer(selectors.plan_progress(plan)).data

    @extend_schema_field({"type": "array", "items": {"type": "object"}})
    def get_chain(self, plan) -> list[dict]:
        """Finding → recommendation → TFA measures → activities → missions, and the KPIs of each link."""
        chain = []
        for recommendation in plan.recommendations.all():
            chain.append(
                {
                    "finding": recommendation.finding_id,
                    "recommendation": recommendation.pk,
                    "measures": [m.number for m in recommendation.measures.all()],
                    "activities": [
                        {"id": a.pk, "missions": [m.pk for m in a.missions.all()]}
                        for a in plan.activities.all()
                        if a.recommendation_id == recommendation.pk
                    ],
                    "kpis": [k.pk for k in recommendation.kpis.all()],
                }
            )
        return chain


class PlanReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class PlanCommentInput(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReportReturnInput(serializers.Serializer):
    comment = serializers.CharField(max_length=2000)


class MpaInput(serializers.Serializer):
    expert = serializers.PrimaryKeyRelatedField(queryset=Expert.objects.all())


# --- A plan's content -------------------------------------------------------------------------------
class DiagnosticSerializer(CleanModelSerializer):
    team = serializers.PrimaryKeyRelatedField(queryset=Expert.objects.all(), many=True, required=False)
    mission = serializers.PrimaryKeyRelatedField(
        queryset=MissionRequest.objects.all(), required=False, allow_null=True
    )
    findings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = models.Diagnostic
        fields = ["id", "plan", "title", "start_date", "end_date", "team", "mission", "summary", "findings"]


class FindingSerializer(CleanModelSerializer):
    area = choice(OrgArea.choices)
    recommendations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = models.Finding
        fields = ["id", "diagnostic", "text", "area", "recommendations"]


class RecommendationSerializer(CleanModelSerializer):
    measures = SlugRelatedField(slug_field="number", queryset=models.TfaMeasure.objects.all(), many=True)
    area = choice(OrgArea.choices)
    priority = choice(Priority.choices, required=False)
    status = choice(RecommendationStatus.choices, read_only=True)
    activities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    kpis = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    history = PlanTimelineEventSerializer(source="timeline", many=True, read_only=True)

    class Meta:
        model = models.Recommendation
        fields = [
            "id", "plan", "finding", "title", "measures", "area", "priority", "status", "activities", "kpis",
            "history",
        ]  # fmt: skip


class RecommendationMoveInput(serializers.Serializer):
    to = choice(RecommendationStatus.choices)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ActivitySerializer(CleanModelSerializer):
    status = choice(ActivityStatus.choices, required=False)
    missions = MissionLinkSerializer(many=True, read_only=True)
    milestones = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    kpis = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = models.Activity
        fields = [
            "id", "plan", "recommendation", "title", "owner", "planned_start", "planned_end", "actual_start",
            "actual_end", "planned_cost", "actual_cost", "status", "missions", "milestones", "kpis",
        ]  # fmt: skip


class RaiseMissionInput(serializers.Serializer):
    kind = choice(MissionRequest._meta.get_field("kind").choices)
    title = serializers.CharField(max_length=200)
    objectives = serializers.CharField(max_length=5000)
    preferred_start = serializers.DateField()
    preferred_end = serializers.DateField()
    duration_days = serializers.IntegerField(min_value=1, max_value=365)
    language = SlugRelatedField(
        slug_field="code", queryset=MissionRequest._meta.get_field("language").related_model.objects.all()
    )
    funding = SlugRelatedField(slug_field="code", queryset=FundingSource.objects.filter(is_active=True))


class MilestoneSerializer(CleanModelSerializer):
    status = choice(MilestoneStatus.choices, required=False)
    on_time = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = models.Milestone
        fields = ["id", "plan", "activity", "title", "due_date", "achieved_on", "status", "on_time"]


class KpiSerializer(CleanModelSerializer):
    approved_actuals = serializers.SerializerMethodField()

    class Meta:
        model = models.Kpi
        fields = [
            "id", "plan", "recommendation", "activity", "name", "unit", "baseline_value", "baseline_date",
            "target_value", "target_date", "approved_actuals",
        ]  # fmt: skip

    @extend_schema_field({"type": "array", "items": {"type": "object"}})
    def get_approved_actuals(self, kpi) -> list[dict]:
        return [
            {"period_end": actual.report.period_end, "value": str(actual.value)}
            for actual in kpi.actuals.all()
            if actual.report.status == ReportStatus.APPROVED
        ]


class PlanRiskSerializer(CleanModelSerializer):
    status = choice(RiskStatus.choices, required=False)
    score = serializers.IntegerField(read_only=True)

    class Meta:
        model = models.Risk
        fields = ["id", "plan", "title", "likelihood", "impact", "score", "owner", "mitigation", "status"]


class KpiActualSerializer(serializers.Serializer):
    kpi = serializers.IntegerField()
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, min_value=-(10**9), max_value=10**9
    )


class ActivityNoteSerializer(serializers.Serializer):
    activity = serializers.IntegerField()
    narrative = serializers.CharField(max_length=10000, allow_blank=True)


class PeriodReportSerializer(CleanModelSerializer):
    kind = choice(PeriodKind.choices, required=False)
    status = choice(ReportStatus.choices, read_only=True)
    drafted_by = serializers.StringRelatedField(read_only=True)
    actuals = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()

    class Meta:
        model = models.PeriodReport
        fields = [
            "id", "plan", "kind", "period_start", "period_end", "narrative", "risks_review", "status", "drafted_by",
            "return_comment", "actuals", "notes",
        ]  # fmt: skip
        read_only_fields = ["return_comment"]

    @extend_schema_field(KpiActualSerializer(many=True))
    def get_actuals(self, report) -> list[dict]:
        return [{"kpi": a.kpi_id, "value": str(a.value)} for a in report.actuals.all()]

    @extend_schema_field(ActivityNoteSerializer(many=True))
    def get_notes(self, report) -> list[dict]:
        return [{"activity": n.activity_id, "narrative": n.narrative} for n in report.notes.all()]

    def validate(self, attrs):
        if self.instance is None:
            attrs["drafted_by"] = self.context["request"].user
        return super().validate(attrs)


class PeriodReportUpdateInput(serializers.Serializer):
    narrative = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    risks_review = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    actuals = KpiActualSerializer(many=True, required=False)
    notes = ActivityNoteSerializer(many=True, required=False)
