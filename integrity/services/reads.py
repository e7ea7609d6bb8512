"""The read log: every read of an administration's integrity record by someone outside it (the Secretariat
included) is kept (who, when, what, through which door), and the administration sees its log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist

from integrity import rules
from integrity.choices import ReadDoor
from integrity.models import IntegrityRead

if TYPE_CHECKING:
    from django.db.models import Model

    from wcocb.models import User


def administration_of(obj: Model) -> int:
    """The administration that owns an integrity record."""
    for path in ("administration_id", "assessment.administration_id", "plan.administration_id"):
        target = obj
        try:
            for part in path.split("."):
                target = getattr(target, part)
        except AttributeError:
            continue
        return target
    raise TypeError(f"{type(obj).__name__} has no owning administration")


def log_reads(*, user: User, records: Iterable[Model], door: str, path: str = "") -> int:
    """Record the reads of ``records`` by ``user`` from outside their administrations (one insert)."""
    rows = []
    for obj in records:
        administration_id = administration_of(obj)
        if not user.is_authenticated or not rules.is_outsider(user, administration_id):
            continue
        rows.append(
            IntegrityRead(
                administration_id=administration_id,
                reader=user,
                record_type=obj._meta.label,
                record_id=obj.pk,
                record_label=str(obj)[:200],
                door=door,
                path=path[:300],
            )
        )
    IntegrityRead.objects.bulk_create(rows)
    return len(rows)


def history_read(*, user: User, obj: Model, events: list, path: str) -> None:
    """Log the read of an integrity record's change history from outside its administration (a listener of
    ``wcocb.registry.history_read``). A deleted record's owner is read from its last audit event."""
    if obj._meta.app_label != "integrity" or isinstance(obj, IntegrityRead):
        return
    if obj._state.adding and events:  # deleted: a stand-in with only its key; its last row says the rest
        data = events[0].pgh_data or {}
        for field in obj._meta.concrete_fields:
            for key in (field.attname, field.name):
                if key in data:
                    setattr(obj, field.attname, data[key])
                    break
    try:
        if administration_of(obj) is None:
            return
    except (TypeError, ObjectDoesNotExist):
        return  # a questionnaire and its parts are public reference, not an administration's record
    log_reads(user=user, records=[obj], door=ReadDoor.HISTORY, path=path)
