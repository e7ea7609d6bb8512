"""The read log: every read of an administration's integrity record by someone outside it (the Secretariat
included) is kept (who, when, what, through which door), and the administration sees its log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from integrity import rules
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
