"""What the experts app plugs into the project package: its home-inbox entries, the refresh of the
experts' search columns when a shared person or administration record changes, and the experts import
(its spec in the import engine's store)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from experts import services
from experts.importing import SPEC as IMPORT_SPEC
from wcocb import registry
from wcocb.choices import Role
from wcocb.importing import specs as import_specs
from wcocb.navigation import InboxEntry

registry.person_changed.add(services.expert_person_changed)
registry.administration_moved.add(services.expert_administration_moved)
import_specs.add(IMPORT_SPEC)


@registry.inbox.add
def experts_inbox(user) -> list[InboxEntry]:
    from experts.choices import NominationStatus, Stage
    from experts.models import Accreditation, CandidateListEntry, Expert

    entries: list[InboxEntry] = []
    if not user.is_authenticated:
        return entries
    if user.is_secretariat:
        waiting = Accreditation.objects.filter(stage=Stage.FIRST_STEP).values("expert").distinct().count()
        if waiting:
            entries.append(
                InboxEntry(
                    _("1st-step experts awaiting a field evaluation"), waiting,
                    reverse("experts:search") + "?stage=first_step", icon="hourglass-split",
                )
            )  # fmt: skip
    if user.role == Role.ROCB:
        pending = CandidateListEntry.objects.filter(
            region_id=user.region_id, status=NominationStatus.NOMINATED
        ).count()
        if pending:
            entries.append(
                InboxEntry(
                    _("Nominations awaiting your decision"), pending,
                    reverse("experts:candidate-list") + "?status=nominated", icon="list-check", tone="warning",
                )
            )  # fmt: skip
    if user.role == Role.MEMBER:
        mine = CandidateListEntry.objects.filter(nominated_by_id=user.administration_id)
        pending = mine.filter(status=NominationStatus.NOMINATED).count()
        if mine.exists():
            entries.append(
                InboxEntry(
                    _("Your candidate nominations"), pending, reverse("experts:candidate-list"), icon="list-check",
                    detail=_("awaiting the ROCB's decision"),
                )
            )  # fmt: skip
    if user.role == Role.EXPERT and Expert.objects.filter(person__user=user).exists():
        entries.append(
            InboxEntry(_("Your expert profile"), 1, reverse("experts:my-profile"), icon="person-badge",
                                  detail=_("Keep your contact details and languages up to date"))
        )  # fmt: skip
    return entries
