"""Serializers of the training API: output shapes and action inputs. Rules live in the services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from experts.models import Expert
from training.choices import Change, ParticipantStatus, Rating, ReviewerSlot
from training.models import (
    Certificate,
    ELearningCompletion,
    FeedbackForm,
    ImpactReview,
    Participant,
    PathEvent,
    Programme,
    Session,
)
from wcocb.api.fields import SlugRelatedField
from wcocb.api.serializers import CleanModelSerializer
from wcocb.choices import Gender
from wcocb.models import RTC, FundingSource, Language, MemberAdministration, Person
from wcocb.rules import is_secretariat


class TrainingErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class TrainingErrorSerializer(serializers.Serializer):
    """The body of every refusal: ``{"error": {"status", "code", "message", "fields"}}``."""

    error = TrainingErrorBodySerializer()


class ProgrammeSerializer(CleanModelSerializer):
    languages = SlugRelatedField(slug_field="code", queryset=Language.objects.all(), many=True, required=False)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "kind",
            "kind_label",
            "title",
            "description",
            "duration_weeks",
            "hours",
            "topic",
            "languages",
            "is_active",
        ]


class SessionSerializer(CleanModelSerializer):
    language = SlugRelatedField(slug_field="code", queryset=Language.objects.all())
    host = SlugRelatedField(
        slug_field="iso_code", queryset=MemberAdministration.objects.all(), required=False, allow_null=True
    )
    rtc = serializers.PrimaryKeyRelatedField(queryset=RTC.objects.all(), required=False, allow_null=True)
    funding = SlugRelatedField(
        slug_field="code", queryset=FundingSource.objects.all(), required=False, allow_null=True
    )
    programme_title = serializers.CharField(source="programme.title", read_only=True)
    kind = serializers.CharField(source="programme.kind", read_only=True)
    tutors = SlugRelatedField(
        slug_field="external_id",
        queryset=Expert.objects.all(),
        many=True,
        required=False,
        help_text="The tutors and experts of the session, by their identifier in the experts database.",
    )
    tutor_names = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id",
            "programme",
            "programme_title",
            "kind",
            "title",
            "start_date",
            "end_date",
            "language",
            "mode",
            "venue",
            "rtc",
            "host",
            "capacity",
            "funding",
            "accreditation_workshop",
            "tutors",
            "tutor_names",
        ]

    def get_tutor_names(self, session) -> list[str]:
        return [tutor.person.full_name for tutor in session.tutors.all()]

    def validate_tutors(self, tutors):
        if len({tutor.pk for tutor in tutors}) != len(tutors):
            raise serializers.ValidationError(_("An expert is named more than once."))
        return tutors


class SessionStatisticsSerializer(serializers.Serializer):
    participants = serializers.IntegerField()
    administrations = serializers.IntegerField()
    completed = serializers.IntegerField()
    certified = serializers.IntegerField()
    honours = serializers.IntegerField()
    waitlisted = serializers.IntegerField()
    gender = serializers.DictField(child=serializers.IntegerField())


class FeedbackSummarySerializer(serializers.Serializer):
    sent = serializers.IntegerField()
    answered = serializers.IntegerField()
    relevance = serializers.FloatField(allow_null=True)
    quality = serializers.FloatField(allow_null=True)
    applicability = serializers.FloatField(allow_null=True)


class ImpactSummarySerializer(serializers.Serializer):
    requested = serializers.IntegerField()
    answered = serializers.IntegerField()
    assessed = serializers.IntegerField()
    improved = serializers.IntegerField()
    share_improved = serializers.FloatField(allow_null=True)
    rule = serializers.CharField()


class SessionFiguresSerializer(serializers.Serializer):
    statistics = SessionStatisticsSerializer()
    feedback = FeedbackSummarySerializer()
    impact = ImpactSummarySerializer()


class PathEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.StringRelatedField(source="actor")

    class Meta:
        model = PathEvent
        fields = ["at", "actor_name", "from_status", "to_status", "comment"]


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.full_name", read_only=True)
    gender = serializers.CharField(source="person.gender", read_only=True)
    administration = serializers.CharField(source="administration.iso_code", read_only=True)
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = [
            "id",
            "session",
            "person",
            "name",
            "gender",
            "administration",
            "post",
            "status",
            "waitlist_position",
            "honours",
            "certificate",
        ]
        read_only_fields = fields

    def get_certificate(self, participant) -> int | None:
        certificate = (
            getattr(participant, "certificate", None) if participant.status == ParticipantStatus.CERTIFIED else None
        )
        return certificate.pk if certificate else None


class ParticipantDetailSerializer(ParticipantSerializer):
    timeline = PathEventSerializer(many=True, read_only=True)

    class Meta(ParticipantSerializer.Meta):
        fields = [*ParticipantSerializer.Meta.fields, "timeline"]
        read_only_fields = fields


class TrainingNominationInput(serializers.Serializer):
    """An existing person (``person``) or an officer described by name (found, or created once)."""

    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all())
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)
    administration = SlugRelatedField(
        slug_field="iso_code", queryset=MemberAdministration.objects.all(), required=False, allow_null=True
    )
    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False)
    email = serializers.EmailField(required=False)
    post = serializers.CharField(max_length=200, required=False, allow_blank=True)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    def validate(self, attrs):
        if attrs.get("person") is None and not (attrs.get("first_name") and attrs.get("last_name")):
            raise serializers.ValidationError(
                {"person": ["Give an existing person, or the officer's first and last name."]}
            )
        return attrs


class PathCommentInput(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class PathCertifyInput(PathCommentInput):
    honours = serializers.BooleanField(required=False, default=False)


class ImpactReviewerInput(serializers.Serializer):
    slot = serializers.ChoiceField(choices=ReviewerSlot.choices)
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField()


class CertificateSerializer(serializers.ModelSerializer):
    session = serializers.IntegerField(source="participant.session_id", read_only=True)
    session_title = serializers.CharField(source="participant.session.title", read_only=True)
    revoked = serializers.BooleanField(source="is_revoked", read_only=True)
    verification_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "participant",
            "session",
            "session_title",
            "holder_name",
            "honours",
            "issued_on",
            "code",
            "verification_url",
            "revoked",
            "revoked_at",
            "revoked_reason",
        ]
        read_only_fields = fields

    def get_verification_url(self, certificate) -> str:
        request = self.context.get("request")
        path = certificate.get_verification_url()
        return request.build_absolute_uri(path) if request else path


class CertificateRevokeInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class FeedbackSerializer(serializers.ModelSerializer):
    session = serializers.IntegerField(source="participant.session_id", read_only=True)
    relevance = serializers.ChoiceField(choices=Rating.choices, read_only=True)
    quality = serializers.ChoiceField(choices=Rating.choices, read_only=True)
    applicability = serializers.ChoiceField(choices=Rating.choices, read_only=True)

    class Meta:
        model = FeedbackForm
        fields = [
            "id",
            "participant",
            "session",
            "expires_at",
            "answered_at",
            "relevance",
            "quality",
            "applicability",
            "comment",
        ]
        read_only_fields = fields


class ImpactReviewSerializer(serializers.ModelSerializer):
    """A review request; the reviewer's answers only to the Secretariat (others see the aggregates)."""

    participant = serializers.IntegerField(source="reviewer.participant_id", read_only=True)
    slot = serializers.ChoiceField(source="reviewer.slot", choices=ReviewerSlot.choices, read_only=True)
    reviewer_name = serializers.CharField(source="reviewer.name", read_only=True)
    answered = serializers.SerializerMethodField()
    leadership = serializers.ChoiceField(choices=Change.choices, read_only=True)
    management = serializers.ChoiceField(choices=Change.choices, read_only=True)
    communication = serializers.ChoiceField(choices=Change.choices, read_only=True)

    class Meta:
        model = ImpactReview
        fields = [
            "id",
            "participant",
            "slot",
            "reviewer_name",
            "due_on",
            "deadline",
            "reminded_at",
            "answered",
            "answered_at",
            "leadership",
            "management",
            "communication",
        ]
        read_only_fields = fields

    def get_answered(self, review) -> bool:
        return review.answered_at is not None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if not is_secretariat(getattr(request, "user", None)):
            for key in ("leadership", "management", "communication"):
                data[key] = None
        return data


class CompletionSerializer(serializers.ModelSerializer):
    course_code = serializers.CharField(source="course.code", read_only=True)
    name = serializers.CharField(source="person.full_name", read_only=True)
    administration = serializers.CharField(source="person.administration.iso_code", read_only=True, default=None)

    class Meta:
        model = ELearningCompletion
        fields = [
            "id",
            "external_id",
            "course",
            "course_code",
            "person",
            "name",
            "administration",
            "completed_on",
            "score",
        ]
        read_only_fields = fields
