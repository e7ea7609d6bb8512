"""Serializers of the integrity API: output shapes and action inputs. Rules live in the services."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from integrity import selectors
from integrity.choices import ActionStatus
from integrity.models import (
    ActionPlan,
    ActionUpdate,
    Assessment,
    AssessmentMove,
    Evidence,
    IntegrityRead,
    PlanAction,
    Question,
    Questionnaire,
    Risk,
    ScaleLevel,
    Section,
)
from missions.models import MissionRequest
from training.models import Session
from wcocb.api.serializers import CleanModelSerializer
from wcocb.choices import Role


def choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented with an inline enum (no schema component whose name could collide)."""
    values = [value for value, _label in choices]
    schema = {"allOf": [{"type": "string", "enum": values}], "description": "One of: " + ", ".join(map(str, values))}
    field_class = extend_schema_field(schema)(type("InlineChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


class CurrentAdministration:
    """The requesting member user's administration (a hidden field's default)."""

    requires_context = True

    def __call__(self, field):
        return getattr(field.context["request"].user, "administration", None)


# --- Questionnaires ------------------------------------------------------------------------------------
class ScaleLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScaleLevel
        fields = ["level", "name_en", "name_fr", "name_es", "description_en", "description_fr", "description_es"]


class IntegrityQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "code", "order", "text_en", "text_fr", "text_es", "evidence_en", "evidence_fr", "evidence_es"]


class IntegritySectionSerializer(serializers.ModelSerializer):
    questions = IntegrityQuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Section
        fields = ["id", "code", "order", "name_en", "name_fr", "name_es", "questions"]


class QuestionnaireSerializer(serializers.ModelSerializer):
    status = choice(Questionnaire._meta.get_field("status").choices, read_only=True)
    kind = choice(Questionnaire._meta.get_field("kind").choices, read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["id", "code", "version", "kind", "status", "published_at", "name_en", "name_fr", "name_es"]


class QuestionnaireDetailSerializer(QuestionnaireSerializer):
    levels = ScaleLevelSerializer(many=True, read_only=True)
    sections = IntegritySectionSerializer(many=True, read_only=True)

    class Meta(QuestionnaireSerializer.Meta):
        fields = [
            *QuestionnaireSerializer.Meta.fields,
            "description_en",
            "description_fr",
            "description_es",
            "levels",
            "sections",
        ]


# --- Assessments -----------------------------------------------------------------------------------------
class AssessmentMoveSerializer(serializers.ModelSerializer):
    actor_name = serializers.StringRelatedField(source="actor")
    action = choice(AssessmentMove._meta.get_field("action").choices, read_only=True)
    from_status = choice(AssessmentMove._meta.get_field("from_status").choices, read_only=True)
    to_status = choice(AssessmentMove._meta.get_field("to_status").choices, read_only=True)

    class Meta:
        model = AssessmentMove
        fields = ["action", "from_status", "to_status", "comment", "actor_name", "created_at"]


class IntegrityEvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.CharField(source="get_download_url", read_only=True)

    class Meta:
        model = Evidence
        fields = ["id", "title", "question", "filename", "download_url", "uploaded_at"]


class SectionScoreSerializer(serializers.Serializer):
    code = serializers.CharField(source="section.code")
    name = serializers.CharField(source="section.name")
    score = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    answered = serializers.IntegerField()
    questions = serializers.IntegerField()


class AssessmentSerializer(CleanModelSerializer):
    administration = serializers.HiddenField(default=CurrentAdministration())
    administration_id = serializers.IntegerField(read_only=True)
    administration_name = serializers.CharField(source="administration.name", read_only=True)
    created_by = serializers.HiddenField(default=serializers.CurrentUserDefault())
    status = choice(Assessment._meta.get_field("status").choices, read_only=True)
    shared_with_rocb = serializers.BooleanField(source="is_shared", read_only=True)
    questionnaire = serializers.PrimaryKeyRelatedField(queryset=Questionnaire.objects.all())
    corrects = serializers.PrimaryKeyRelatedField(queryset=Assessment.objects.all(), required=False, allow_null=True)
    mission = serializers.PrimaryKeyRelatedField(
        queryset=MissionRequest.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "administration",
            "administration_id",
            "administration_name",
            "questionnaire",
            "title",
            "assessed_on",
            "status",
            "overall_score",
            "shared_with_rocb",
            "corrects",
            "mission",
            "submitted_at",
            "reviewed_at",
            "review_comment",
            "created_by",
        ]
        read_only_fields = ["overall_score", "submitted_at", "reviewed_at", "review_comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "corrects" in self.fields:
            from wcocb.scoping import scope_queryset

            # Only records the caller sees can be named (another administration's are not even found).
            self.fields["corrects"].queryset = scope_queryset(Assessment.objects.all(), request.user)
            self.fields["mission"].queryset = scope_queryset(MissionRequest.objects.all(), request.user)


class AssessmentUpdateSerializer(AssessmentSerializer):
    class Meta(AssessmentSerializer.Meta):
        read_only_fields = [*AssessmentSerializer.Meta.read_only_fields, "questionnaire", "corrects"]


class AssessmentDetailSerializer(AssessmentSerializer):
    scores = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField()
    evidence = IntegrityEvidenceSerializer(many=True, read_only=True)
    timeline = AssessmentMoveSerializer(many=True, read_only=True)

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "scores", "answers", "evidence", "timeline"]

    @extend_schema_field(SectionScoreSerializer(many=True))
    def get_scores(self, assessment):
        return SectionScoreSerializer(selectors.section_scores(assessment), many=True).data

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "question": {"type": "integer"},
                    "level": {"type": "integer"},
                    "comment": {"type": "string"},
                },
            },
        }
    )
    def get_answers(self, assessment):
        return [
            {"question": a.question_id, "level": a.level, "comment": a.comment}
            for a in assessment.answers.all().order_by("question_id")
        ]


class IntegrityAnswerInput(serializers.Serializer):
    question = serializers.PrimaryKeyRelatedField(queryset=Question.objects.select_related("section"))
    level = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class IntegrityEvidenceInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    file = serializers.FileField()
    question = serializers.PrimaryKeyRelatedField(
        queryset=Question.objects.select_related("section"), required=False, allow_null=True
    )


class AssessmentCommentInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class IntegrityReviewInput(serializers.Serializer):
    comment = serializers.CharField(max_length=5000)


class IntegrityShareInput(serializers.Serializer):
    shared = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class CompareQuery(serializers.Serializer):
    before = serializers.IntegerField()
    after = serializers.IntegerField()


class FactorChangeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    before = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    after = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    change = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)


# --- Plans and actions -----------------------------------------------------------------------------------
class IntegrityActionPlanSerializer(CleanModelSerializer):
    administration = serializers.HiddenField(default=CurrentAdministration())
    administration_id = serializers.IntegerField(read_only=True)
    created_by = serializers.HiddenField(default=serializers.CurrentUserDefault())
    status = choice(ActionPlan._meta.get_field("status").choices, read_only=True)
    action_count = serializers.IntegerField(read_only=True)
    assessment = serializers.PrimaryKeyRelatedField(queryset=Assessment.objects.all(), required=False, allow_null=True)
    mission = serializers.PrimaryKeyRelatedField(
        queryset=MissionRequest.objects.all(), required=False, allow_null=True
    )
    workshop_session = serializers.PrimaryKeyRelatedField(
        queryset=Session.objects.all(),
        required=False,
        allow_null=True,
        help_text="The training session (an integrity development workshop) the plan came out of.",
    )

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "administration",
            "administration_id",
            "title",
            "assessment",
            "mission",
            "workshop_session",
            "workshop",
            "status",
            "adopted_on",
            "action_count",
            "created_by",
        ]
        read_only_fields = ["adopted_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            from wcocb.scoping import scope_queryset

            self.fields["assessment"].queryset = scope_queryset(Assessment.objects.all(), request.user)
            self.fields["mission"].queryset = scope_queryset(MissionRequest.objects.all(), request.user)


class IntegrityAdoptInput(serializers.Serializer):
    adopted_on = serializers.DateField(required=False)


class ActionUpdateSerializer(serializers.ModelSerializer):
    actor_name = serializers.StringRelatedField(source="actor")
    from_status = choice(ActionStatus.choices, read_only=True)
    to_status = choice(ActionStatus.choices, read_only=True)

    class Meta:
        model = ActionUpdate
        fields = ["from_status", "to_status", "progress", "comment", "actor_name", "created_at"]


def _member_users():
    return get_user_model().objects.filter(role=Role.MEMBER, is_active=True)


class PlanActionSerializer(CleanModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=ActionPlan.objects.all())
    owner = serializers.PrimaryKeyRelatedField(queryset=_member_users())
    factor = serializers.PrimaryKeyRelatedField(queryset=Section.objects.all(), required=False, allow_null=True)
    status = choice(ActionStatus.choices, read_only=True)
    factor_name = serializers.CharField(source="factor.name", read_only=True, default="")
    evidence_url = serializers.SerializerMethodField()

    class Meta:
        model = PlanAction
        fields = [
            "id",
            "plan",
            "factor",
            "factor_name",
            "title",
            "description",
            "owner",
            "due_date",
            "status",
            "progress",
            "evidence",
            "evidence_url",
            "overdue",
        ]
        read_only_fields = ["progress", "evidence", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            from wcocb.scoping import scope_queryset

            self.fields["plan"].queryset = scope_queryset(ActionPlan.objects.all(), request.user)

    def get_evidence_url(self, action) -> str:
        return action.get_download_url() if action.evidence_file else ""


class PlanActionDetailSerializer(PlanActionSerializer):
    updates = ActionUpdateSerializer(many=True, read_only=True)

    class Meta(PlanActionSerializer.Meta):
        fields = [*PlanActionSerializer.Meta.fields, "updates"]


class IntegrityProgressInput(serializers.Serializer):
    status = choice(ActionStatus.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    evidence_file = serializers.FileField(required=False)
    due_date = serializers.DateField(required=False)


# --- Risks and the read log ------------------------------------------------------------------------------
class IntegrityRiskSerializer(CleanModelSerializer):
    administration = serializers.HiddenField(default=CurrentAdministration())
    administration_id = serializers.IntegerField(read_only=True)
    created_by = serializers.HiddenField(default=serializers.CurrentUserDefault())
    score = serializers.IntegerField(read_only=True)

    class Meta:
        model = Risk
        fields = [
            "id",
            "administration",
            "administration_id",
            "process",
            "risk",
            "likelihood",
            "impact",
            "score",
            "existing_controls",
            "mitigation",
            "owner",
            "review_date",
            "created_by",
        ]


class IntegrityReadSerializer(serializers.ModelSerializer):
    reader_name = serializers.StringRelatedField(source="reader")
    door = choice(IntegrityRead._meta.get_field("door").choices, read_only=True)

    class Meta:
        model = IntegrityRead
        fields = [
            "id",
            "administration",
            "reader",
            "reader_name",
            "record_type",
            "record_id",
            "record_label",
            "door",
            "read_at",
        ]
