"""The capacity-building needs survey: what member administrations need, set against the experts
available in their region by the gap analysis (:mod:`experts.selectors.gap`)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from experts import rules
from experts.choices import NeedPriority
from experts.models import ExpertiseArea, NeedsSurveyEntry
from wcocb.errors import DomainError
from wcocb.models import MemberAdministration, User


@transaction.atomic
def needs_entry_add(
    *,
    by: User,
    administration: MemberAdministration,
    area: ExpertiseArea,
    year: int,
    priority: str = NeedPriority.MEDIUM,
    notes: str = "",
) -> NeedsSurveyEntry:
    """Record a needs-survey entry: the Secretariat for any administration, an ROCB officer for the
    administrations of their region."""
    rules.check("record_needs", by, administration)
    if not area.is_accreditable:
        raise DomainError(_("Record needs in an accreditation area."))
    entry = NeedsSurveyEntry(
        administration=administration, area=area, year=year, priority=priority, notes=notes.strip(), created_by=by
    )
    entry.full_clean()
    entry.save()
    return entry
