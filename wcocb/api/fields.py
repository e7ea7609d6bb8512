"""Serializer fields shared by every app's API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's SlugRelatedField, but a slug PostgreSQL cannot even compare (one with a NUL character)
    is reported as a field error instead of failing in the database."""

    default_error_messages = {**serializers.SlugRelatedField.default_error_messages}

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=_("(a value with a NUL character)"))
        return super().to_internal_value(data)


class OptionalEmailField(serializers.EmailField):
    """An e-mail address that may be missing: ``null`` in responses when none is recorded (the model keeps
    ``""``), so the answer matches the schema's ``format: email, nullable``; ``""`` or ``null`` in input."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None

    def to_internal_value(self, data):
        return super().to_internal_value(data) if data else ""

    def validate_empty_values(self, data):
        if data is None:
            return True, ""
        return super().validate_empty_values(data)
