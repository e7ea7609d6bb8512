"""Who the caller is, in one place: the role predicates every app's ``rules.py`` builds on.

An inactive account is nobody: every predicate is false for it (and for an anonymous user). Each is a
``TypeGuard``: where one holds, the type checker knows the caller is a signed-in ``User``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from wcocb.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from wcocb.models import User


def _active(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_secretariat(user: User | AnonymousUser | None) -> TypeGuard[User]:
    """Secretariat staff (superusers included), signed in and active."""
    return _active(user) and bool(user.is_superuser or user.role == Role.SECRETARIAT)


def has_role(user: User | AnonymousUser | None, *roles: str) -> TypeGuard[User]:
    """An active user of one of ``roles`` (superusers count as Secretariat)."""
    if not _active(user):
        return False
    return user.role in roles or (Role.SECRETARIAT in roles and user.is_superuser)


def is_rocb(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return has_role(user, Role.ROCB)


def is_member(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return has_role(user, Role.MEMBER)


def is_expert(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return has_role(user, Role.EXPERT)
