"""Unavailability: periods in which an expert cannot be deployed."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from experts.models import (
    Expert,
    Unavailability,
)
from wcocb.choices import Role
from wcocb.errors import ForbiddenError
from wcocb.models import User
from wcocb.rules import is_secretariat


@transaction.atomic
def can_manage_unavailability(expert: Expert, user: User) -> bool:
    """The Secretariat, the expert themself and the expert's home administration keep the periods
    in which the expert cannot be deployed."""
    if is_secretariat(user):
        return True
    person = expert.person
    if user.role == Role.EXPERT:
        return person.user_id == user.pk
    return (
        user.role == Role.MEMBER
        and person.administration_id is not None
        and (person.administration_id == user.administration_id)
    )


def _check_unavailability_rights(expert: Expert, by: User) -> None:
    if not can_manage_unavailability(expert, by):
        raise ForbiddenError(
            _("Only the Secretariat, the expert and their home administration keep the expert's unavailability.")
        )


def unavailability_add(
    *, expert: Expert, start_date: datetime.date, end_date: datetime.date, by: User, reason: str = ""
) -> Unavailability:
    _check_unavailability_rights(expert, by)
    unavailability = Unavailability(expert=expert, start_date=start_date, end_date=end_date, reason=reason)
    unavailability.full_clean()
    unavailability.save()
    return unavailability


@transaction.atomic
def unavailability_remove(*, unavailability: Unavailability, by: User) -> None:
    _check_unavailability_rights(unavailability.expert, by)
    unavailability.delete()
