"""Serializers of the experts API: they check shape; the services check the rules."""

from __future__ import annotations

from functools import cached_property

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from experts.choices import ExpertKind, WorkshopResult
from experts.models import (
    Accreditation,
    AccreditationEvent,
    AccreditationWorkshop,
    CandidateListEntry,
    Deployment,
    Expert,
    ExpertiseArea,
    ExpertLanguage,
    Unavailability,
)
from experts.selectors.commitment import CAP_DAYS
from wcocb.api.fields import OptionalEmailField, SlugRelatedField
from wcocb.api.serializers import CleanModelSerializer
from wcocb.choices import Gender
from wcocb.models import Language, MemberAdministration, Person, Region


class ExpertsErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ExpertsErrorSerializer(serializers.Serializer):
    error = ExpertsErrorDetailSerializer()


class ExpertiseAreaSerializer(CleanModelSerializer):
    class Meta:
        model = ExpertiseArea
        fields = ["id", "category", "code", "name_en", "name_fr", "name_es", "is_active"]


class LanguageSkillSerializer(serializers.ModelSerializer):
    language = SlugRelatedField(slug_field="code", queryset=Language.objects.all())

    class Meta:
        model = ExpertLanguage
        fields = ["language", "level"]


class AccreditationBriefSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code")
    category = serializers.CharField(source="area.category")

    class Meta:
        model = Accreditation
        fields = ["id", "area", "category", "stage", "accredited_on"]


class CommitmentSerializer(serializers.Serializer):
    window_start = serializers.DateField()
    window_end = serializers.DateField()
    cap_days = serializers.IntegerField()
    used_days = serializers.IntegerField()
    remaining_days = serializers.IntegerField()


class ExpertSerializer(serializers.ModelSerializer):
    """An expert as the list and detail show them (person fields flattened)."""

    first_name = serializers.CharField(source="person.first_name")
    last_name = serializers.CharField(source="person.last_name")
    gender = serializers.CharField(source="person.gender")
    nationality = serializers.CharField(source="person.nationality")
    administration = serializers.SlugRelatedField(
        source="person.administration", slug_field="iso_code", read_only=True
    )
    region = serializers.SerializerMethodField()
    current_post = serializers.CharField(source="person.current_post")
    email = OptionalEmailField(source="person.email", read_only=True)
    phone = serializers.CharField(source="person.phone")
    languages = serializers.SerializerMethodField()
    accreditations = serializers.SerializerMethodField()
    commitment = serializers.SerializerMethodField()
    candidate_topic = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    rank = serializers.FloatField(read_only=True, required=False, allow_null=True)
    photo = serializers.SerializerMethodField()

    class Meta:
        model = Expert
        fields = [
            "id",
            "external_id",
            "first_name",
            "last_name",
            "gender",
            "nationality",
            "administration",
            "region",
            "current_post",
            "email",
            "phone",
            "kind",
            "is_serving",
            "biography",
            "photo",
            "external_justification",
            "languages",
            "accreditations",
            "commitment",
            "candidate_topic",
            "candidate_topic_expertise",
            "candidate_english",
            "candidate_capacity_building",
            "candidate_wco_instruments",
            "rank",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_photo(self, expert: Expert) -> str | None:
        """The permission-checked photo link (session or token), not a public media URL."""
        if not expert.photo:
            return None
        url = reverse("experts:photo", args=[expert.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_region(self, expert: Expert) -> str | None:
        administration = expert.person.administration
        return administration.region.code if administration else None

    @extend_schema_field(LanguageSkillSerializer(many=True))
    def get_languages(self, expert: Expert):
        """From the list selector's ``listed_languages`` when present: a related manager per row
        (``expert.language_skills.all()``) costs a queryset clone each."""
        skills = getattr(expert, "listed_languages", None)
        if skills is None:
            skills = expert.language_skills.all()
        return self._language_skills.to_representation(skills)

    @cached_property
    def _language_skills(self) -> serializers.ListSerializer:
        return LanguageSkillSerializer(many=True, read_only=True)

    @extend_schema_field(AccreditationBriefSerializer(many=True))
    def get_accreditations(self, expert: Expert):
        accreditations = getattr(expert, "live_accreditations", None)
        if accreditations is None:
            accreditations = expert.accreditations.all()
        return self._accreditation_briefs.to_representation(accreditations)

    @cached_property
    def _accreditation_briefs(self) -> serializers.ListSerializer:
        """One nested serializer for every row of a list: building a ModelSerializer's fields per
        row cost more than the page's SQL."""
        return AccreditationBriefSerializer(many=True)

    @extend_schema_field(CommitmentSerializer(allow_null=True))
    def get_commitment(self, expert: Expert):
        """From the columns kept by the services (no extra query per row)."""
        if expert.commitment_window_start is None:
            return None
        return {
            "window_start": expert.commitment_window_start,
            "window_end": expert.commitment_window_end,
            "cap_days": CAP_DAYS,
            "used_days": expert.commitment_used_days,
            "remaining_days": max(CAP_DAYS - expert.commitment_used_days, 0),
        }


class ExpertInputSerializer(serializers.Serializer):
    """Create (all required person fields) or update (any subset) an expert."""

    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    nationality = serializers.CharField(max_length=2, required=False, allow_blank=True)
    administration = SlugRelatedField(
        slug_field="iso_code", queryset=MemberAdministration.objects.all(), required=False, allow_null=True
    )
    current_post = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=50, required=False, allow_blank=True)
    external_id = serializers.CharField(max_length=64, required=False)
    kind = serializers.ChoiceField(choices=ExpertKind.choices)
    is_serving = serializers.BooleanField(required=False)
    biography = serializers.CharField(required=False, allow_blank=True)
    external_justification = serializers.CharField(required=False, allow_blank=True)
    candidate_topic = SlugRelatedField(
        slug_field="code", queryset=ExpertiseArea.objects.all(), required=False, allow_null=True
    )
    candidate_topic_expertise = serializers.BooleanField(required=False)
    candidate_english = serializers.BooleanField(required=False)
    candidate_capacity_building = serializers.BooleanField(required=False)
    candidate_wco_instruments = serializers.BooleanField(required=False)
    languages = LanguageSkillSerializer(many=True, required=False)


class ExpertCreateSerializer(ExpertInputSerializer):
    """Create an expert: a new person from the person fields, or an existing ``person`` (the same
    officer already known as a trainee, a workshop participant...), whose record is reused and
    updated with any person fields given."""

    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        required=False,
        help_text=_("An existing person record to make an expert of, instead of creating one."),
    )
    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        data = getattr(self, "initial_data", None)
        if not (hasattr(data, "get") and data.get("person") not in (None, "")):
            for name in ("first_name", "last_name"):  # a new person needs a name
                self.fields[name].required = True


class OwnProfileInputSerializer(serializers.Serializer):
    """What an expert may change on their own record."""

    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=50, required=False, allow_blank=True)
    biography = serializers.CharField(required=False, allow_blank=True)
    languages = LanguageSkillSerializer(many=True, required=False)


class AccreditationEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = AccreditationEvent
        fields = ["at", "actor", "from_stage", "to_stage", "on_date", "comment"]


class AccreditationSerializer(serializers.ModelSerializer):
    expert_name = serializers.CharField(source="expert.person.full_name", read_only=True)
    area_code = serializers.CharField(source="area.code", read_only=True)
    category = serializers.CharField(source="area.category", read_only=True)
    events = AccreditationEventSerializer(many=True, read_only=True)

    class Meta:
        model = Accreditation
        fields = [
            "id",
            "expert",
            "expert_name",
            "area",
            "area_code",
            "category",
            "stage",
            "pre_assessed_on",
            "workshop",
            "workshop_passed_on",
            "evaluator",
            "evaluated_on",
            "evaluation_mission",
            "accredited_on",
            "withdrawn_on",
            "withdrawn_reason",
            "events",
        ]
        read_only_fields = fields


class PreAssessInputSerializer(serializers.Serializer):
    expert = serializers.PrimaryKeyRelatedField(queryset=Expert.objects.all())
    area = SlugRelatedField(slug_field="code", queryset=ExpertiseArea.objects.all())
    on = serializers.DateField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class PassWorkshopInputSerializer(serializers.Serializer):
    workshop = serializers.PrimaryKeyRelatedField(queryset=AccreditationWorkshop.objects.all())
    on = serializers.DateField(required=False, allow_null=True, default=None)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class FieldEvaluationInputSerializer(serializers.Serializer):
    evaluator = serializers.PrimaryKeyRelatedField(queryset=Expert.objects.all())
    evaluated_on = serializers.DateField()
    accredited_on = serializers.DateField(required=False, allow_null=True, default=None)
    mission_reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class EndInputSerializer(serializers.Serializer):
    on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class WorkshopParticipationSerializer(serializers.Serializer):
    expert = serializers.IntegerField(source="expert_id")
    expert_name = serializers.CharField(source="expert.person.full_name")
    result = serializers.CharField()


class WorkshopSerializer(CleanModelSerializer):
    participants = serializers.SerializerMethodField()

    class Meta:
        model = AccreditationWorkshop
        fields = [
            "id",
            "kind",
            "category",
            "area",
            "title",
            "start_date",
            "end_date",
            "venue",
            "region",
            "participants",
        ]

    @extend_schema_field(WorkshopParticipationSerializer(many=True))
    def get_participants(self, workshop: AccreditationWorkshop):
        visible = self.context.get("visible_expert_ids")
        rows = [p for p in workshop.participations.all() if visible is None or p.expert_id in visible]
        return WorkshopParticipationSerializer(rows, many=True).data


class WorkshopResultInputSerializer(serializers.Serializer):
    expert = serializers.PrimaryKeyRelatedField(queryset=Expert.objects.all())
    result = serializers.ChoiceField(choices=[c for c in WorkshopResult.choices if c[0]])
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class DeploymentSerializer(CleanModelSerializer):
    class Meta:
        model = Deployment
        fields = ["id", "expert", "start_date", "end_date", "description", "source", "source_key"]
        read_only_fields = ["source", "source_key"]


class UnavailabilitySerializer(CleanModelSerializer):
    class Meta:
        model = Unavailability
        fields = ["id", "expert", "start_date", "end_date", "reason"]


class CandidateListEntrySerializer(serializers.ModelSerializer):
    expert_name = serializers.CharField(source="expert.person.full_name", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    nominated_by = serializers.SlugRelatedField(slug_field="iso_code", read_only=True)

    class Meta:
        model = CandidateListEntry
        fields = [
            "id",
            "region",
            "expert",
            "expert_name",
            "nominated_by",
            "status",
            "motivation",
            "decided_at",
            "decision_comment",
            "created_at",
        ]
        read_only_fields = fields


class NominationInputSerializer(serializers.Serializer):
    expert = serializers.PrimaryKeyRelatedField(queryset=Expert.objects.all())
    region = SlugRelatedField(slug_field="code", queryset=Region.objects.all(), required=False)
    motivation = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionInputSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


# --- facets, import, gap analysis -----------------------------------------------------------------
class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    category = FacetValueSerializer(many=True)
    subcategory = FacetValueSerializer(many=True)
    stage = FacetValueSerializer(many=True)
    kind = FacetValueSerializer(many=True)
    region = FacetValueSerializer(many=True)
    administration = FacetValueSerializer(many=True)
    language = FacetValueSerializer(many=True)
    serving = FacetValueSerializer(many=True)


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)


CELL_FIELDS = {
    "region": serializers.CharField(),
    "area": serializers.CharField(),
    "fully_accredited": serializers.IntegerField(),
    "first_step": serializers.IntegerField(),
    "need": serializers.IntegerField(),
    "status": serializers.ChoiceField(choices=["gap", "amber", "green"]),
    "level": serializers.IntegerField(help_text="Heat level 0-4 (0: gap with a need, 4: ten or more)."),
}


GapSerializer = inline_serializer(
    "GapAnalysis",
    {
        "as_of": serializers.DateField(),
        "category": serializers.CharField(allow_null=True),
        "thresholds": inline_serializer(
            "GapThresholds", {"gap_below": serializers.IntegerField(), "green_from": serializers.IntegerField()}
        ),
        "regions": inline_serializer(
            "GapRegion", {"code": serializers.CharField(), "name": serializers.CharField()}, many=True
        ),
        "areas": inline_serializer(
            "GapArea",
            {
                "id": serializers.IntegerField(),
                "code": serializers.CharField(),
                "category": serializers.CharField(),
                "name": serializers.CharField(),
            },
            many=True,
        ),
        "cells": inline_serializer("GapCell", CELL_FIELDS, many=True),
    },
)
