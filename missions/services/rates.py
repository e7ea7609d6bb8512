"""The cost tables' single-row writes (pages, API and admin call these): per diem rates and flight costs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from missions import rules
from missions.models import FlightCost, PerDiemRate
from wcocb.errors import ConflictError, ForbiddenError

if TYPE_CHECKING:
    from wcocb.models import User


def _secretariat_only(by: User) -> None:
    if not rules.can_manage_costs(by):
        raise ForbiddenError(_("Only the Secretariat may manage cost tables."))


def _violated_constraint_message(instance: PerDiemRate | FlightCost, exc: IntegrityError) -> str | None:
    """The message of the model constraint the database reports as violated, if it is one of ours."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    for constraint in instance._meta.constraints:
        if constraint.name == name:
            return str(constraint.get_violation_error_message())
    return None


def _save_or_conflict(instance: PerDiemRate | FlightCost) -> None:
    """Save in a savepoint. ``full_clean()`` checks overlaps and duplicates first, but a row saved by
    someone else at the same moment passes that check too: the database constraint then refuses
    this one, which is reported as a conflict with the constraint's message, not a 500."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        message = _violated_constraint_message(instance, exc)
        if message is None:
            raise
        raise ConflictError(message) from exc


@transaction.atomic
def cost_row_save(*, instance: PerDiemRate | FlightCost, by: User) -> PerDiemRate | FlightCost:
    """Create or change one per diem rate or flight cost (validated, including overlaps).

    Raises ``ValidationError`` for what ``full_clean()`` finds, ``ConflictError`` when a row saved
    at the same moment makes this one overlap or repeat it."""
    _secretariat_only(by)
    instance.full_clean()
    _save_or_conflict(instance)
    return instance


@transaction.atomic
def cost_row_delete(*, instance: PerDiemRate | FlightCost, by: User) -> None:
    _secretariat_only(by)
    instance.delete()
