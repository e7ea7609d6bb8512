"""Who sees what: the one place where a user's role and scope restrict a queryset.

Each scoped model declares a :class:`ScopePolicy` as its ``scope`` attribute, naming the lookups
that tie a row to a member administration, a region and an owning user. Every page, API endpoint,
export and history view calls :func:`scope_queryset`, so a member administration's user can never
reach another administration's rows by choosing another door.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.db.models import Model, Q, QuerySet

from wcocb.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from wcocb.models import User


def _as_tuple(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@dataclass(frozen=True)
class ScopePolicy:
    """How rows of one model relate to the scopes of users.

    administration: lookup(s) from the model to the ``MemberAdministration`` whose users may see the row.
    region: lookup(s) to the ``Region`` whose ROCB officers may see the row (when ``rocb == "region"``).
    owner: lookup(s) to the ``User`` who may see the row as their own (experts).
    owner_also: further ``(lookup, value)`` conditions the owner's row must meet, on the same related
        row as ``owner`` (e.g. only an expert *selected* on a mission sees it, not one merely shortlisted).
    creator: lookup to the ``User`` who made the row, who sees it whatever their role (an import job).
    rocb: ``"all"`` (ROCB officers see every row), ``"region"`` (their region's rows) or ``"none"``.
    api_client: whether read-only API clients see every row.
    public: reference data that every signed-in user may read.
    """

    administration: str | tuple[str, ...] | None = None
    region: str | tuple[str, ...] | None = None
    owner: str | tuple[str, ...] | None = None
    owner_also: tuple[tuple[str, object], ...] = ()
    creator: str | None = None
    rocb: Literal["all", "region", "none"] = "region"
    api_client: bool = True
    public: bool = False

    def _any(
        self, lookups: str | tuple[str, ...] | None, value, also: tuple[tuple[str, object], ...] = ()
    ) -> Q | None:
        paths = _as_tuple(lookups)
        if not paths or value is None:
            return None
        condition = Q()
        for path in paths:
            # One Q with every lookup: in one filter() call they apply to the same related row.
            condition |= Q(**{path: value}, **dict(also))
        return condition

    def condition_for(self, user: User | AnonymousUser) -> Q | None:
        """A Q restricting rows to the user's scope; ``None`` means every row; ``Q(pk__in=[])`` none."""
        nothing = Q(pk__in=[])
        if not user.is_authenticated or not user.is_active:
            return nothing
        if user.is_superuser or user.role == Role.SECRETARIAT or self.public:
            return None
        if user.role == Role.API_CLIENT:
            return None if self.api_client else nothing
        conditions: list[Q] = []
        if user.role == Role.ROCB:
            if self.rocb == "all":
                return None
            if self.rocb == "region":
                conditions.append(self._any(self.region, user.region_id) or nothing)
        elif user.role == Role.MEMBER:
            conditions.append(self._any(self.administration, user.administration_id) or nothing)
        elif user.role == Role.EXPERT:
            conditions.append(self._any(self.owner, user.pk, self.owner_also) or nothing)
        if self.creator:
            conditions.append(Q(**{self.creator: user.pk}))
        if not conditions:
            return nothing
        combined = Q()
        for condition in conditions:
            combined |= condition
        return combined


DEFAULT_POLICY = ScopePolicy(rocb="none", api_client=False)


def policy_for(model: type[Model]) -> ScopePolicy:
    return getattr(model, "scope", DEFAULT_POLICY)


def scope_queryset(queryset: QuerySet, user: User | AnonymousUser) -> QuerySet:
    """Restrict ``queryset`` to the rows ``user`` may see. Secretariat staff see everything."""
    condition = policy_for(queryset.model).condition_for(user)
    if condition is None:
        return queryset
    # distinct() only when the lookup crosses a to-many relation would be needed; the policies
    # here follow foreign keys, so rows cannot repeat.
    return queryset.filter(condition)


def can_view(user: User | AnonymousUser, obj: Model) -> bool:
    """Whether ``user`` may see this one record."""
    condition = policy_for(type(obj)).condition_for(user)
    if condition is None:
        return True
    return type(obj)._default_manager.filter(condition, pk=obj.pk).exists()
