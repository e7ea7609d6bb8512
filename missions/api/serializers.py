"""Serializers of the missions API: output shapes and action inputs. Rules live in the services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from experts.models import Expert, ExpertiseArea
from missions import models, selectors
from missions.choices import (
    Action,
    AvailabilityAnswer,
    DeliveryMode,
    DocumentKind,
    LetterAnswer,
    LetterLanguage,
    MissionKind,
    Origin,
    Status,
    TeamRole,
)
from missions.models import (
    Assignment,
    FlightCost,
    MissionDocument,
    MissionEvent,
    MissionReport,
    MissionRequest,
    PerDiemRate,
    ReleaseLetter,
)
from missions.selectors import CostEstimate, CostLine
from wcocb.api.fields import SlugRelatedField
from wcocb.api.serializers import CleanModelSerializer
from wcocb.models import FundingSource, Language, MemberAdministration


def choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented with an inline enum (no shared schema component whose name could
    collide with another app's ``status`` or ``kind``)."""
    values = [value for value, _label in choices]
    schema = {"allOf": [{"type": "string", "enum": values}], "description": "One of: " + ", ".join(map(str, values))}
    field_class = extend_schema_field(schema)(type("InlineChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


class DisclosingSerializer(serializers.ModelSerializer):
    """Reads confidential fields through ``missions.selectors.disclose_*`` for the requesting user,
    the same rules the mission page applies. Without a user in the context, nothing confidential shows."""

    disclose = None  # a selectors.disclose_* function

    def to_representation(self, instance):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:
            from django.contrib.auth.models import AnonymousUser

            user = AnonymousUser()
        type(self).disclose(user, instance)
        return super().to_representation(instance)


class ErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ErrorSerializer(serializers.Serializer):
    """The body of every refusal: ``{"error": {"status", "code", "message", "fields"}}``."""

    error = ErrorBodySerializer()


class MissionEventSerializer(DisclosingSerializer):
    disclose = selectors.disclose_event
    actor = serializers.SerializerMethodField()
    actor_name = serializers.SerializerMethodField()
    comment = serializers.CharField(
        source="shown_comment",
        read_only=True,
        help_text="What the entry says, in the language of the request: its system lines, then what someone wrote.",
    )
    system_lines = serializers.ListField(
        child=serializers.CharField(),
        source="shown_system_lines",
        read_only=True,
        help_text="The lines the platform wrote about the entry (the first lines of `comment`), in the request's "
        "language.",
    )
    on_behalf_of = serializers.CharField(
        source="shown_on_behalf_of",
        read_only=True,
        help_text="The administration whose release answer the Secretariat recorded (empty otherwise).",
    )
    action = choice(
        [*Action.choices, (selectors.ANSWER_HIDDEN_ACTION, selectors.ANSWER_HIDDEN_LABEL)],
        source="shown_action",
        read_only=True,
    )
    from_status = choice([("", ""), *Status.choices], read_only=True)
    to_status = choice(Status.choices, read_only=True)

    class Meta:
        model = MissionEvent
        fields = [
            "id",
            "at",
            "actor",
            "actor_name",
            "on_behalf_of",
            "action",
            "from_status",
            "to_status",
            "comment",
            "system_lines",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_actor(self, obj: MissionEvent) -> int | None:
        return obj.shown_actor.pk if obj.shown_actor else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor_name(self, obj: MissionEvent) -> str | None:
        return str(obj.shown_actor) if obj.shown_actor else None


class MissionRequestSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    kind = choice(MissionKind.choices)
    delivery_mode = choice(DeliveryMode.choices, default=DeliveryMode.IN_COUNTRY)
    origin = choice(Origin.choices, default=Origin.AD_HOC)
    status = choice(Status.choices, read_only=True)
    step = serializers.IntegerField(read_only=True, allow_null=True)
    administration_name = serializers.CharField(source="administration.name", read_only=True)
    region = serializers.CharField(source="administration.region.code", read_only=True)
    funding = SlugRelatedField(slug_field="code", queryset=FundingSource.objects.all())
    language = SlugRelatedField(slug_field="code", queryset=Language.objects.all())
    administration = serializers.PrimaryKeyRelatedField(queryset=MemberAdministration.objects.all(), required=False)
    areas = serializers.PrimaryKeyRelatedField(queryset=ExpertiseArea.objects.all(), many=True, required=False)

    class Meta:
        model = MissionRequest
        fields = [
            "id",
            "reference",
            "administration",
            "administration_name",
            "region",
            "kind",
            "areas",
            "title",
            "objectives",
            "preferred_start",
            "preferred_end",
            "duration_days",
            "start_date",
            "end_date",
            "language",
            "delivery_mode",
            "origin",
            "origin_reference",
            "funding",
            "plan_year",
            "status",
            "step",
            "delivered_by_secretariat",
            "hold_reason",
            "cancel_reason",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "start_date",
            "end_date",
            "plan_year",
            "status",
            "delivered_by_secretariat",
            "hold_reason",
            "cancel_reason",
            "created_by",
            "created_at",
            "updated_at",
        ]


class MissionRequestDetailSerializer(MissionRequestSerializer):
    timeline = MissionEventSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta(MissionRequestSerializer.Meta):
        fields = [*MissionRequestSerializer.Meta.fields, "timeline", "actions"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, obj: MissionRequest) -> list[str]:
        """The actions the requesting user may take now (API names, with hyphens)."""
        from missions.rules import allowed_actions

        request = self.context.get("request")
        if request is None:
            return []
        return [api_action_name(name) for name in allowed_actions(obj, request.user)]


def api_action_name(action: str) -> str:
    """The URL path, under ``/api/v1/mission-requests/{id}/``, of the endpoint running ``action``:
    the action's name with hyphens."""
    return action.replace("_", "-")


class ReleaseLetterSerializer(DisclosingSerializer):
    """``answer``, ``answer_reason`` and ``answered_by`` only for the expert's home administration, the
    Secretariat and the region's ROCB (``answer`` is ``null`` for anyone else)."""

    disclose = selectors.disclose_letter
    request = serializers.IntegerField(source="assignment.request_id", read_only=True)
    expert = serializers.IntegerField(source="assignment.expert_id", read_only=True)
    expert_name = serializers.CharField(source="assignment.expert.person.full_name", read_only=True)
    home_administration = serializers.IntegerField(
        source="assignment.expert.person.administration_id", read_only=True, allow_null=True
    )
    start_date = serializers.DateField(source="assignment.start_date", read_only=True)
    end_date = serializers.DateField(source="assignment.end_date", read_only=True)
    language = choice(LetterLanguage.choices, read_only=True)
    answer = choice(LetterAnswer.choices, source="shown_answer", read_only=True, allow_null=True)
    answer_reason = serializers.CharField(source="shown_answer_reason", read_only=True)
    answered_by = serializers.IntegerField(source="shown_answered_by_id", read_only=True, allow_null=True)
    pdf = serializers.SerializerMethodField(help_text="Download link of the letter (PDF).")

    def get_pdf(self, obj: ReleaseLetter) -> str:
        return download_url(self, obj.get_download_url())

    class Meta:
        model = ReleaseLetter
        fields = [
            "id",
            "assignment",
            "request",
            "expert",
            "expert_name",
            "home_administration",
            "start_date",
            "end_date",
            "language",
            "pdf",
            "sent_at",
            "deadline",
            "answer",
            "answer_reason",
            "answered_by",
            "answered_at",
        ]
        read_only_fields = fields


class AssignmentSerializer(DisclosingSerializer):
    """``availability_note`` for the Secretariat, the ROCB and the expert; the override reason for the
    Secretariat and the ROCB; ``release_answer`` as on :class:`ReleaseLetterSerializer`."""

    disclose = selectors.disclose_assignment
    expert_name = serializers.CharField(source="expert.person.full_name", read_only=True)
    availability_note = serializers.CharField(source="shown_availability_note", read_only=True)
    commitment_override_reason = serializers.CharField(source="shown_override_reason", read_only=True)
    commitment_override_by = serializers.IntegerField(source="shown_override_by_id", read_only=True, allow_null=True)
    release_answer = serializers.SerializerMethodField()
    selected = serializers.BooleanField(source="shown_selected", read_only=True, allow_null=True)
    is_booked = serializers.BooleanField(source="shown_is_booked", read_only=True, allow_null=True)
    role = choice(TeamRole.choices, read_only=True)
    availability = choice(AvailabilityAnswer.choices, read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "request",
            "expert",
            "expert_name",
            "role",
            "start_date",
            "end_date",
            "availability",
            "availability_note",
            "selected",
            "is_booked",
            "external_justification",
            "commitment_override",
            "commitment_override_reason",
            "commitment_override_by",
            "briefed_at",
            "evaluation_positive",
            "evaluated_at",
            "release_answer",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_release_answer(self, obj: Assignment) -> str | None:
        return obj.release_letter.shown_answer if selectors.has_letter(obj) else None


def download_url(serializer: serializers.Serializer, path: str) -> str:
    """An absolute link to a permission-checked download view (mission files have no public URL)."""
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class MissionDocumentSerializer(serializers.ModelSerializer):
    kind = choice(DocumentKind.choices, read_only=True)
    file = serializers.SerializerMethodField()

    def get_file(self, obj: MissionDocument) -> str:
        return download_url(self, obj.get_download_url())

    class Meta:
        model = MissionDocument
        fields = ["id", "request", "kind", "title", "file", "uploaded_by", "uploaded_at"]
        read_only_fields = fields


# --- action inputs ---------------------------------------------------------------------------------
class CommentInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class RocbCommentInput(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True)


class PlanInput(CommentInput):
    plan_year = serializers.IntegerField(min_value=2000, max_value=2100)
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    end_date = serializers.DateField(required=False, allow_null=True, default=None)


class DatesInput(CommentInput):
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class ShortlistEntryInput(serializers.Serializer):
    expert = serializers.PrimaryKeyRelatedField(queryset=Expert.objects.select_related("person"))
    role = choice(TeamRole.choices, default=TeamRole.MEMBER)
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    external_justification = serializers.CharField(required=False, allow_blank=True, default="")


class ShortlistInput(CommentInput):
    experts = ShortlistEntryInput(many=True, allow_empty=False, source="entries")


class AssignmentInput(CommentInput):
    assignment = serializers.PrimaryKeyRelatedField(queryset=Assignment.objects.select_related("request"))


class AvailabilityInput(serializers.Serializer):
    assignment = serializers.PrimaryKeyRelatedField(queryset=Assignment.objects.select_related("request"))
    availability = choice(AvailabilityAnswer.choices, source="answer")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    selected = serializers.BooleanField(default=False)


class ReleaseInput(CommentInput):
    deadline = serializers.DateField()
    language = choice(LetterLanguage.choices, required=False, allow_null=True, default=None)


class TeamRoleInput(serializers.Serializer):
    assignment = serializers.IntegerField()
    role = choice(TeamRole.choices)


class FormTeamInput(CommentInput):
    roles = TeamRoleInput(many=True, required=False, default=list)

    def validate(self, attrs: dict) -> dict:
        # The service takes ``{assignment id: role}``.
        return {**attrs, "roles": {item["assignment"]: item["role"] for item in attrs["roles"]}}


class EvaluationInput(AssignmentInput):
    positive = serializers.BooleanField()


class DocumentInput(serializers.Serializer):
    kind = choice(DocumentKind.choices)
    title = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(validators=[models.validate_upload], help_text=str(models.UPLOAD_HELP))


class DocumentReplaceInput(serializers.Serializer):
    document = serializers.IntegerField(min_value=1, help_text="The id of one of this request's documents.")
    title = serializers.CharField(required=False, allow_blank=True, default="", help_text="Empty: keep the title.")
    file = serializers.FileField(validators=[models.validate_upload], help_text=str(models.UPLOAD_HELP))


class DocumentRemoveInput(CommentInput):
    document = serializers.IntegerField(min_value=1, help_text="The id of one of this request's documents.")


class ApproveInput(CommentInput):
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")


class OverrideInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ReasonItemSerializer(serializers.Serializer):
    text = serializers.CharField()
    points = serializers.IntegerField()


class SuggestionQuery(serializers.Serializer):
    """Query parameters of ``GET /mission-requests/{id}/suggestions/``."""

    limit = serializers.IntegerField(
        min_value=1, max_value=100, default=20, help_text="How many experts to return (1-100, default 20)."
    )


class SuggestionSerializer(serializers.Serializer):
    expert = serializers.IntegerField(source="expert.pk")
    expert_name = serializers.CharField(source="expert.person.full_name")
    kind = serializers.CharField(source="expert.kind")
    score = serializers.IntegerField()
    reasons = ReasonItemSerializer(many=True)


# --- cost tables, the cost estimate, mission reports ---------------------------------------------
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


class MissionReportSerializer(serializers.ModelSerializer):
    request_reference = serializers.CharField(source="request.reference", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    attachment = serializers.SerializerMethodField(help_text="Download link of the attachment, if any.")

    def get_attachment(self, obj: MissionReport) -> str | None:
        return download_url(self, obj.get_download_url()) if obj.attachment else None

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
        required=False, allow_null=True, validators=[models.validate_upload], help_text=str(models.UPLOAD_HELP)
    )
    remove_attachment = serializers.BooleanField(
        required=False, default=False, help_text="Remove the attachment (on the mission's timeline)."
    )


class ReportSubmitInputSerializer(serializers.Serializer):
    """Submitting takes no input: the report as saved is sent."""


class ReportReviewInputSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def _amount(value) -> str | None:
    return None if value is None else str(value)


def line_data(line: CostLine) -> dict:
    return {
        "assignment": line.assignment.pk,
        "expert": line.expert_name,
        "role": line.role,
        "origin": line.origin.iso_code if line.origin else None,
        "destination": line.destination.iso_code,
        "mission_days": line.mission_days,
        "travel_days": line.travel_days,
        "flight": {
            "amount": _amount(line.flight_amount),
            "currency": line.flight_currency,
            "basis": line.flight_basis,
        },
        "per_diem": {
            "daily_rate": _amount(line.per_diem_rate),
            "days": line.per_diem_days,
            "amount": _amount(line.per_diem_amount),
            "currency": line.per_diem_currency,
        },
        "totals": {currency: str(amount) for currency, amount in line.totals.items()},
        "payer": line.payer,
        "problems": [str(problem) for problem in line.problems],
    }


def estimate_data(estimate: CostEstimate) -> dict:
    return {
        "request": estimate.request.pk,
        "payer": str(estimate.payer),
        "funding_kind": estimate.funding_kind,
        "provisional": estimate.provisional,
        "complete": estimate.complete,
        "missing": [str(problem) for problem in estimate.missing],
        "totals": {currency: str(amount) for currency, amount in estimate.totals.items()},
        "lines": [line_data(line) for line in estimate.lines],
    }


class CostEstimateSerializer(serializers.Serializer):  # for the schema only
    request = serializers.IntegerField()
    payer = serializers.CharField()
    funding_kind = serializers.CharField()
    provisional = serializers.BooleanField()
    complete = serializers.BooleanField()
    missing = serializers.ListField(
        child=serializers.CharField(), help_text="What could not be priced: the totals leave it out."
    )
    totals = serializers.DictField(child=serializers.DecimalField(max_digits=14, decimal_places=2))
    lines = serializers.ListField(child=serializers.DictField())
