"""View mixins shared by every app's pages."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from rest_framework.exceptions import AuthenticationFailed

from wcocb.api.authentication import ApiTokenAuthentication, LockedOut
from wcocb.choices import Role
from wcocb.scoping import scope_queryset


class ScopedQuerysetMixin:
    """Restrict the view's queryset to the user's scope (see :mod:`wcocb.scoping`)."""

    def get_queryset(self):
        return scope_queryset(super().get_queryset(), self.request.user)


class RoleRequiredMixin(UserPassesTestMixin):
    """Only the listed roles (Secretariat staff by default) may use the view; others get a 403."""

    allowed_roles: frozenset[str] = frozenset({Role.SECRETARIAT})

    def test_func(self) -> bool:
        user = self.request.user
        return user.is_authenticated and user.is_active and (user.is_superuser or user.role in self.allowed_roles)


class FileDownloadMixin(LoginRequiredMixin):
    """Signed in with the session (pages) or with an API token (the file links the API gives)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            try:
                authenticated = ApiTokenAuthentication().authenticate(request)
            except (AuthenticationFailed, LockedOut):
                authenticated = None
            if authenticated is not None:
                request.user = authenticated[0]
        return super().dispatch(request, *args, **kwargs)
