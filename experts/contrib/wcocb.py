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
from wcocb.navigation import Card, InboxEntry, list_cards

registry.person_changed.add(services.expert_person_changed)
registry.administration_moved.add(services.expert_administration_moved)
import_specs.add(IMPORT_SPEC)


@registry.inbox.add
def experts_inbox(user) -> list[InboxEntry]:
    """Each card counted by the list it opens (the search, the candidate list), with the same parameters."""
    from experts import selectors
    from experts.choices import NominationStatus, Stage
    from experts.filters import ExpertFilterSet
    from experts.models import Expert

    entries: list[InboxEntry] = []
    if not user.is_authenticated:
        return entries
    if user.is_secretariat:
        card = Card(
            _("1st-step experts awaiting a field evaluation"), {"stage": Stage.FIRST_STEP}, icon="hourglass-split"
        )
        entries += list_cards(
            [card],
            url=reverse("experts:search"),
            queryset=selectors.expert_list(user),
            filterset_class=ExpertFilterSet,
        )
    if user.role in {Role.ROCB, Role.MEMBER}:
        rocb = user.role == Role.ROCB
        card = Card(
            _("Nominations awaiting your decision") if rocb else _("Your candidate nominations"),
            {"status": NominationStatus.NOMINATED},
            icon="list-check",
            tone="warning" if rocb else "primary",
            detail="" if rocb else _("awaiting the ROCB's decision"),
        )
        nominated = selectors.candidate_list(user, status=NominationStatus.NOMINATED)
        entries += list_cards([card], url=reverse("experts:candidate-list"), queryset=nominated)
    if user.role == Role.EXPERT and Expert.objects.filter(person__user=user).exists():
        entries.append(
            InboxEntry(_("Your expert profile"), 1, reverse("experts:my-profile"), icon="person-badge",
                                  detail=_("Keep your contact details and languages up to date"))
        )  # fmt: skip
    return entries
