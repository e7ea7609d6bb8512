"""What the integrity services share: the row lock and a model's validation as a domain refusal."""

from __future__ import annotations

from django.db.models import Model


def lock[M: Model](obj: M) -> M:
    """Re-read ``obj`` under a row lock: whoever comes second sees the first one's change."""
    return type(obj)._default_manager.select_for_update(of=("self",)).get(pk=obj.pk)


def save_clean(obj: Model, *, fields: list[str] | None = None) -> None:
    """Validate (validators, choices, check and unique constraints) then save (``fields`` only, when given)."""
    obj.full_clean()
    if fields is None or obj._state.adding:
        obj.save()
    else:
        obj.save(update_fields=fields)
