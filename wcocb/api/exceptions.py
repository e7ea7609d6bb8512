"""One error body for every API failure:

``{"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"name": ["..."]}}}``
"""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from wcocb.errors import DomainError
from wcocb.middleware import TOO_BIG, too_big_error

logger = logging.getLogger(__name__)


def _flatten(detail):
    if isinstance(detail, list):
        return [str(item) for item in detail]
    if isinstance(detail, dict):
        return _fields(detail)
    return [str(detail)]


def _fields(detail: dict) -> dict[str, list[str]]:
    """Field errors as the documented ``{name: [message, ...]}``, however deep the input: the errors of a
    nested object or list item stay under the top-level field, each message prefixed with where it is
    (``0.language: ...``; a nested object's own errors without a prefix)."""
    return {str(key): _messages(value) for key, value in detail.items()}


def _messages(value, path: str = "") -> list[str]:
    def located(message) -> str:
        return f"{path}: {message}" if path else str(message)

    if isinstance(value, dict):
        out = []
        for key, inner in value.items():
            inner_path = path if key == "non_field_errors" else (f"{path}.{key}" if path else str(key))
            out.extend(_messages(inner, inner_path))
        return out
    if isinstance(value, list):
        out = []
        for index, item in enumerate(value):
            if isinstance(item, dict | list):
                out.extend(_messages(item, f"{path}.{index}" if path else str(index)))
            elif item:
                out.append(located(item))
        return out
    return [located(value)]


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        message = _("This record is still in use by other records and cannot be deleted.")
        body = {"error": {"status": 409, "code": "protected", "message": message, "fields": {}}}
        return Response(body, status=status.HTTP_409_CONFLICT)
    elif isinstance(exc, DataError):
        # A value the database cannot store (a NUL character, a number out of range) that no field
        # validator caught: the client's input, so a 400; the statement was not applied.
        logger.warning("Input rejected by the database: %s", exc)
        message = _("A value in the request cannot be stored (for example a NUL character or a number out of range).")
        body = {"error": {"status": 400, "code": "invalid", "message": message, "fields": {}}}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    elif isinstance(exc, TOO_BIG):  # read while parsing request.data
        status_code, body = too_big_error(exc)
        return Response(body, status=status_code)
    elif isinstance(exc, DomainError):
        body = {"error": {"status": exc.status, "code": exc.code, "message": str(exc.message), "fields": {}}}
        return Response(body, status=exc.status)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    fields = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            fields = _flatten(detail)
            non_field = fields.pop("non_field_errors", None)
            message = " ".join(non_field) if non_field else _("Invalid input.")
            if non_field:
                fields["non_field_errors"] = non_field
        else:
            message = " ".join(_flatten(detail))
    else:
        message = str(exc.detail) if hasattr(exc, "detail") else str(exc)
    response.data = {"error": {"status": response.status_code, "code": code, "message": message, "fields": fields}}
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS and "Retry-After" not in response:
        response["Retry-After"] = "60"
    return response
