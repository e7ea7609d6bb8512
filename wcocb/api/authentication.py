"""API tokens: ``Authorization: Token <key>`` with a :class:`wcocb.models.ApiToken`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.authentication import TokenAuthentication

from wcocb import services
from wcocb.auth import is_locked_out


class LockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"
    default_detail = gettext_lazy("Too many failed sign-in attempts from this address: the token is refused for now.")


class ApiTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>`` with a :class:`wcocb.models.ApiToken`: refused once expired, for an
    inactive user, and while the user is locked out at the request's address."""

    def authenticate(self, request):
        self._request = getattr(request, "_request", request)
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        token = services.api_token_find(key) or services.legacy_token_find(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("The token has expired: issue a new one."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if is_locked_out(self._request, user.get_username()):
            raise LockedOut
        services.api_token_touch(token)
        return user, token
