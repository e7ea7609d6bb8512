"""Sign-in helpers: the lockout response (pages and API) and the API token view."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.authtoken.views import ObtainAuthToken


def lockout_response(request, original_response, credentials):
    """What a locked-out sign-in gets: a page for people, the API's error body for clients."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if request.path.startswith("/api/"):
        message = _("Too many failed sign-in attempts: try again in %(minutes)d minutes.") % {"minutes": minutes}
        body = {"error": {"status": 429, "code": "locked_out", "message": message, "fields": {}}}
        response = JsonResponse(body, status=429)
    else:
        response = render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


class ObtainTokenView(ObtainAuthToken):
    """``POST /api/v1/auth/token/`` with username and password; lockout rules apply as on the page."""

    def get_serializer_context(self):
        # django-axes marks the Django request (not DRF's wrapper) when it locks the account.
        return {"request": self.request._request, "format": self.format_kwarg, "view": self}
