"""API permissions: reads follow the role's scope; writes only for the roles a viewset names."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from wcocb.choices import Role
from wcocb.scoping import can_view


class RolePermission(BasePermission):
    """Signed-in users may read (rows are scoped by the viewset's queryset); read-only API clients
    never write; other roles write only where the view lists them in ``write_roles``
    (Secretariat staff by default)."""

    message = _("You do not have permission to perform this action.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        read_roles = getattr(view, "read_roles", None)
        if request.method in SAFE_METHODS:
            return read_roles is None or user.is_superuser or user.role in read_roles
        if user.role == Role.API_CLIENT:
            return False
        if user.is_superuser:
            return True
        write_roles = getattr(view, "write_roles", {Role.SECRETARIAT})
        action_roles = getattr(view, "action_roles", {}).get(getattr(view, "action", None))
        return user.role in (action_roles if action_roles is not None else write_roles)

    def has_object_permission(self, request, view, obj) -> bool:
        # The queryset is already scoped; this guards objects fetched another way.
        return can_view(request.user, obj)
