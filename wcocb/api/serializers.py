import copy

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers

from wcocb.models import ROCB, RTC, ApiToken, Donor, FundingSource, Language, MemberAdministration, Person, Region
from wcocb.services import PROFILE_FIELDS
from wcocb.validators import text_validator


class CleanModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer that also runs the model's own validation (``full_clean``: field
    validators, unique and check constraints) so a rule the database enforces is reported as a
    400 with field errors instead of failing on write.

    Every writable text field refuses control characters (:mod:`wcocb.validators`): a model's
    ``TextField`` (and a declared field without a model field) keeps tab and line breaks, a ``CharField``
    refuses them too."""

    def get_fields(self):
        fields = super().get_fields()
        model = self.Meta.model
        for name, field in fields.items():
            if field.read_only or not isinstance(field, serializers.CharField):
                continue
            try:
                model_field = model._meta.get_field(field.source or name)
            except FieldDoesNotExist:
                model_field = None
            multiline = model_field is None or isinstance(model_field, models.TextField)
            validator = text_validator(multiline)
            if validator not in field.validators:
                field.validators = [*field.validators, validator]
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        many_to_many = {field.name for field in model._meta.many_to_many}
        plain = {key: value for key, value in attrs.items() if key not in many_to_many}
        instance = copy.copy(self.instance) if self.instance is not None else model()
        for key, value in plain.items():
            setattr(instance, key, value)
        try:
            instance.full_clean(exclude=[*many_to_many], validate_unique=True, validate_constraints=True)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return attrs


class RegionSerializer(CleanModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name_en", "name_fr", "name_es"]


class MemberAdministrationSerializer(CleanModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = MemberAdministration
        fields = ["id", "iso_code", "name_en", "name_fr", "name_es", "region", "region_code", "is_active"]


class ROCBSerializer(CleanModelSerializer):
    class Meta:
        model = ROCB
        fields = ["id", "region", "host", "city", "email"]


class RTCSerializer(CleanModelSerializer):
    class Meta:
        model = RTC
        fields = ["id", "name", "host", "city", "areas_of_excellence"]


class LanguageSerializer(CleanModelSerializer):
    class Meta:
        model = Language
        fields = ["id", "code", "name_en", "name_fr", "name_es", "is_official"]


class DonorSerializer(CleanModelSerializer):
    class Meta:
        model = Donor
        fields = ["id", "code", "name", "country"]


class FundingSourceSerializer(CleanModelSerializer):
    class Meta:
        model = FundingSource
        fields = ["id", "code", "name", "kind", "donor", "is_active"]


class PersonSerializer(CleanModelSerializer):
    class Meta:
        model = Person
        fields = ["id", *PROFILE_FIELDS]


class ApiTokenSerializer(serializers.ModelSerializer):
    """One of the user's tokens: never its key (only a digest is kept), its first characters instead."""

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created", "expires", "last_used"]
        read_only_fields = fields
