"""Unavailability: periods in which an expert cannot be deployed."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from experts import rules
from experts.models import Expert, Unavailability
from wcocb.models import User


@transaction.atomic
def unavailability_add(
    *, expert: Expert, start_date: datetime.date, end_date: datetime.date, by: User, reason: str = ""
) -> Unavailability:
    """Record a period in which the expert cannot be deployed (the Secretariat, the expert, or their
    home administration: :func:`experts.rules.can_manage_unavailability`)."""
    rules.check("manage_unavailability", by, expert)
    unavailability = Unavailability(expert=expert, start_date=start_date, end_date=end_date, reason=reason)
    unavailability.full_clean()
    unavailability.save()
    return unavailability


UNAVAILABILITY_FIELDS = ("start_date", "end_date", "reason")


@transaction.atomic
def unavailability_update(*, unavailability: Unavailability, by: User, **fields: Any) -> Unavailability:
    """Change a period's dates or reason (the same people who may record one)."""
    unknown = set(fields) - set(UNAVAILABILITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown unavailability fields: {', '.join(sorted(unknown))}")
    unavailability = (
        Unavailability.objects.select_for_update().select_related("expert__person").get(pk=unavailability.pk)
    )
    rules.check("manage_unavailability", by, unavailability.expert)
    for key, value in fields.items():
        setattr(unavailability, key, value)
    unavailability.full_clean()
    unavailability.save()
    return unavailability


@transaction.atomic
def unavailability_remove(*, unavailability: Unavailability, by: User) -> None:
    """Remove an unavailability period (the same people who may record one)."""
    unavailability = (
        Unavailability.objects.select_for_update().select_related("expert__person").get(pk=unavailability.pk)
    )
    rules.check("manage_unavailability", by, unavailability.expert)
    unavailability.delete()
