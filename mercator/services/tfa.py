"""The TFA: the reference articles and measures (the Secretariat) and each member's commitments (the member
for its own rows, the Secretariat for all; the import engine writes through :func:`commitment_save` too)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from mercator import rules
from mercator.choices import TFA_ENTRY_INTO_FORCE, TfaCategory
from mercator.models import TfaArticle, TfaCommitment, TfaMeasure
from wcocb.errors import DomainError, ForbiddenError

if TYPE_CHECKING:
    from wcocb.models import User


@transaction.atomic
def commitment_save(*, commitment: TfaCommitment, by: User | None) -> TfaCommitment:
    """Create or change a member's commitment on one measure. A Category A commitment's definitive date is
    the entry into force (22 February 2017) unless one is given."""
    if by is None or not rules.can_edit_commitment(by, commitment.administration):
        raise ForbiddenError(_("A member keeps only its own TFA commitments."))
    if commitment.pk:
        stored = TfaCommitment.objects.select_for_update().get(pk=commitment.pk)
        if stored.administration_id != commitment.administration_id or stored.measure_id != commitment.measure_id:
            raise DomainError(_("A commitment cannot move to another member or measure."))
    if commitment.category == TfaCategory.A and commitment.definitive_date is None:
        commitment.definitive_date = TFA_ENTRY_INTO_FORCE
    commitment.full_clean()
    commitment.save()
    return commitment


@transaction.atomic
def reference_save(*, instance: TfaArticle | TfaMeasure, by: User) -> TfaArticle | TfaMeasure:
    if not rules.can_edit_reference(by):
        raise ForbiddenError(_("Only the Secretariat edits the TFA reference data."))
    instance.full_clean()
    instance.save()
    return instance
