"""The corruption risk map: an administration's risks, each likelihood x impact (1-5 each)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from integrity import rules
from integrity.models import Risk
from integrity.services._common import lock, save_clean

if TYPE_CHECKING:
    from wcocb.models import MemberAdministration, User

RISK_FIELDS = (
    "process",
    "risk",
    "likelihood",
    "impact",
    "existing_controls",
    "mitigation",
    "owner",
    "review_date",
)


@transaction.atomic
def risk_create(*, administration: MemberAdministration, by: User, **fields) -> Risk:
    rules.refuse_unless(rules.can_manage_risks(by, administration))
    risk = Risk(administration=administration, created_by=by, **{f: fields[f] for f in RISK_FIELDS if f in fields})
    save_clean(risk)
    return risk


@transaction.atomic
def risk_update(*, risk: Risk, by: User, **fields) -> Risk:
    risk = lock(risk)
    rules.refuse_unless(rules.can_edit_risk(by, risk))
    changed = [f for f in RISK_FIELDS if f in fields]
    for name in changed:
        setattr(risk, name, fields[name])
    save_clean(risk, fields=[*changed, "updated_at"])
    risk.refresh_from_db(fields=["score"])
    return risk


@transaction.atomic
def risk_delete(*, risk: Risk, by: User) -> None:
    risk = lock(risk)
    rules.refuse_unless(rules.can_edit_risk(by, risk))
    risk.delete()
