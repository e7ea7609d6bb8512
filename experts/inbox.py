"""Menu entries and home-inbox providers of the experts app (imported from AppConfig.ready)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wcocb import navigation
from wcocb.choices import Role

navigation.menu(
    navigation.MenuItem(
        _("Experts"), "experts:search", "people", frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER}), order=10
    )
)
navigation.menu(
    navigation.MenuItem(
        _("My expert profile"), "experts:my-profile", "person-badge", frozenset({Role.EXPERT}), order=10
    )
)
navigation.menu(
    navigation.MenuItem(
        _("Accreditation workshops"),
        "experts:workshop-list",
        "mortarboard",
        frozenset({Role.SECRETARIAT, Role.ROCB}),
        order=15,
    )
)
navigation.menu(
    navigation.MenuItem(
        _("Candidate lists"),
        "experts:candidate-list",
        "list-check",
        frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER}),
        order=16,
    )
)
navigation.menu(
    navigation.MenuItem(
        _("Gap analysis"), "experts_data:gap-analysis", "grid-3x3", frozenset({Role.SECRETARIAT, Role.ROCB}), order=17
    )
)
navigation.menu(
    navigation.MenuItem(_("Import experts"), "experts_data:import", "upload", frozenset({Role.SECRETARIAT}), order=18)
)


@navigation.inbox
def experts_inbox(user) -> list[navigation.InboxEntry]:
    from experts.choices import NominationStatus, Stage
    from experts.models import Accreditation, CandidateListEntry, Expert

    entries: list[navigation.InboxEntry] = []
    if not user.is_authenticated:
        return entries
    if user.is_secretariat:
        waiting = Accreditation.objects.filter(stage=Stage.FIRST_STEP).values("expert").distinct().count()
        if waiting:
            entries.append(
                navigation.InboxEntry(
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
                navigation.InboxEntry(
                    _("Nominations awaiting your decision"), pending,
                    reverse("experts:candidate-list") + "?status=nominated", icon="list-check", tone="warning",
                )
            )  # fmt: skip
    if user.role == Role.MEMBER:
        mine = CandidateListEntry.objects.filter(nominated_by_id=user.administration_id)
        pending = mine.filter(status=NominationStatus.NOMINATED).count()
        if mine.exists():
            entries.append(
                navigation.InboxEntry(
                    _("Your candidate nominations"), pending, reverse("experts:candidate-list"), icon="list-check",
                    detail=_("awaiting the ROCB's decision"),
                )
            )  # fmt: skip
    if user.role == Role.EXPERT and Expert.objects.filter(person__user=user).exists():
        entries.append(
            navigation.InboxEntry(_("Your expert profile"), 1, reverse("experts:my-profile"), icon="person-badge",
                                  detail=_("Keep your contact details and languages up to date"))
        )  # fmt: skip
    return entries
