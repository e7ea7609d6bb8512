"""Sign-in: who the client is (its address behind the proxies), the lockout and the per-address
throttle, and the lockout response (pages and API). API tokens: :mod:`wcocb.api.authentication`.

Lockout (django-axes): five failed sign-ins lock the *pair* (username, address) for
``AXES_COOLOFF_MINUTES``, so a stranger cannot lock the owner out from elsewhere. Beside it, a throttle
per address: after ``LOGIN_ADDRESS_FAILURE_LIMIT`` failed sign-ins from one address within
``LOGIN_ADDRESS_WINDOW_MINUTES`` (counted in django-axes' failure log), further attempts from that
address only are refused until the oldest of those failures leaves the window: a guesser spraying many
usernames from one address is stopped, other addresses are not.
Behind a reverse proxy, ``AXES_IPWARE_PROXY_COUNT`` and ``AXES_IPWARE_META_PRECEDENCE_ORDER`` say where
the client's address is, so the address is the client's, not the proxy's.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessFailureLog
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _


# --- The client's address ----------------------------------------------------------------------------
def client_ip(request: HttpRequest) -> str | None:
    """The client's address (``AXES_CLIENT_IP_CALLABLE``): the first of the
    ``AXES_IPWARE_META_PRECEDENCE_ORDER`` headers present; in a list header (``X-Forwarded-For``) the
    address added by the outermost of the ``AXES_IPWARE_PROXY_COUNT`` trusted proxies (the one they
    saw the request come from), never one the client wrote itself."""
    proxies = settings.AXES_IPWARE_PROXY_COUNT or 0
    for header in settings.AXES_IPWARE_META_PRECEDENCE_ORDER:
        value = request.META.get(header, "")
        addresses = [address.strip() for address in value.split(",") if address.strip()]
        if not addresses:
            continue
        if len(addresses) == 1 and header == "REMOTE_ADDR":
            return addresses[0]
        if proxies <= 0:
            continue  # without trusted proxies a forwarded header is the client's own claim
        if len(addresses) >= proxies:
            return addresses[-proxies]
    return request.META.get("REMOTE_ADDR") or None


# --- The per-address throttle ------------------------------------------------------------------------
def _window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES)


def address_throttle_ends(request: HttpRequest) -> datetime | None:
    """When the request's address may try again, if failed sign-ins from it (django-axes' failure log,
    whatever the username) reached ``LOGIN_ADDRESS_FAILURE_LIMIT`` within the window; else ``None``."""
    address = client_ip(request)
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    if not address or limit <= 0:
        return None
    since = timezone.now() - _window()
    times = list(
        AccessFailureLog.objects.filter(ip_address=address, attempt_time__gte=since)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)[:limit]
    )
    if len(times) < limit:
        return None
    return times[-1] + _window()


def address_throttled(request: HttpRequest) -> bool:
    return address_throttle_ends(request) is not None


class AddressThrottleBackend:
    """First of ``AUTHENTICATION_BACKENDS``: refuses every sign-in from a throttled address (the
    response is the lockout response, see :func:`lockout_response`). It never signs anyone in, and has
    no ``get_user``, so sessions never name it as their backend."""

    def authenticate(self, request, **credentials):
        ends = address_throttle_ends(request) if request is not None else None
        if ends is not None:
            request.wcocb_address_throttled = ends
            request.axes_locked_out = True  # AxesMiddleware answers with lockout_response
            request.axes_credentials = credentials
            raise PermissionDenied
        return


def is_locked_out(request: HttpRequest, username: str) -> bool:
    """The user may not sign in from this request's address: the (username, address) pair is locked,
    or the address is throttled."""
    return address_throttled(request) or AxesProxyHandler.is_locked(request, {"username": username})


def lockout_response(request, original_response, credentials):
    """What a locked-out sign-in gets: a page for people, the API's error body for clients."""
    throttle_ends = getattr(request, "wcocb_address_throttled", None)
    if throttle_ends is not None:
        seconds = max(1, int((throttle_ends - timezone.now()).total_seconds()))
    else:
        seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    minutes = max(1, math.ceil(seconds / 60))
    if request.path.startswith("/api/"):
        message = _("Too many failed sign-in attempts: try again in %(minutes)d minutes.") % {"minutes": minutes}
        body = {"error": {"status": 429, "code": "locked_out", "message": message, "fields": {}}}
        response = JsonResponse(body, status=429)
    else:
        response = render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
    response["Retry-After"] = str(seconds)
    return response
