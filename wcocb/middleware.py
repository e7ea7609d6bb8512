"""Project-wide middleware: the API's error body on every ``/api/`` failure, and the
Permissions-Policy header."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from rest_framework.response import Response

API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad_request", _("The request could not be read.")),
        401: ("not_authenticated", _("Authentication credentials were not provided.")),
        403: ("permission_denied", _("You do not have permission to perform this action.")),
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        413: ("too_large", _("The request body is larger than the server accepts.")),
        500: ("server_error", _("Something went wrong on our side; the error was logged.")),
    }


def error_body(status: int, code: str | None = None, message: str | None = None) -> dict:
    """``{"error": {"status", "code", "message", "fields"}}``, the body of every API error."""
    default_code, default_message = _messages().get(status, ("error", _("The request failed.")))
    body = {"status": status, "code": code or default_code, "message": message or default_message, "fields": {}}
    return {"error": body}


def api_error(status: int, code: str | None = None, message: str | None = None) -> JsonResponse:
    return JsonResponse(error_body(status, code, message), status=status)


def too_big_error(exception: Exception) -> tuple[int, dict]:
    """A body or upload over Django's limits (``DATA_UPLOAD_MAX_MEMORY_SIZE`` and the field counts)."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = _("The request body is larger than %(limit)d bytes.") % {"limit": limit}
        return 413, error_body(413, "too_large", message)
    return 400, error_body(400, "too_many_fields", _("The request has too many fields or files."))


def too_big_response(exception: Exception) -> JsonResponse:
    status, body = too_big_error(exception)
    return JsonResponse(body, status=status)


TOO_BIG = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


class ApiErrorMiddleware:
    """Under ``/api/`` every error answers JSON with the error body, whoever produced it: a body over
    the upload limit (413), the resolver's 404, a 405, a 500, and Django's HTML debug pages when
    ``DEBUG`` is on. Responses that are already JSON (the API's own errors) pass unchanged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_api(request) or response.status_code < 400 or response.streaming:
            return response
        if isinstance(response, Response):  # the API's own error body, whatever renderer drew it
            return response
        content_type = response.get("Content-Type", "")
        if content_type.startswith("application/json") or "+json" in content_type.split(";")[0]:
            return response
        replaced = api_error(response.status_code)
        for header in ("Allow", "Retry-After", "WWW-Authenticate", "Vary"):
            if header in response:
                replaced[header] = response[header]
        return replaced

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_api(request) and isinstance(exception, TOO_BIG):
            return too_big_response(exception)
        return None


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY`` (feature → allow list; an empty list
    turns the feature off for every origin)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in getattr(settings, "PERMISSIONS_POLICY", {}).items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response
