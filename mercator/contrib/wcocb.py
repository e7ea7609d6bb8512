"""What Mercator plugs into the project package: the TFA commitments import (its spec in the engine's store) and
home-inbox entries (reports awaiting the Secretariat's decision; reports to write or rework)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mercator.importing import SPEC as IMPORT_SPEC
from wcocb import registry
from wcocb.choices import Role
from wcocb.importing import specs as import_specs
from wcocb.navigation import InboxEntry

import_specs.add(IMPORT_SPEC)


@registry.inbox.add
def mercator_inbox(user) -> list[InboxEntry]:
    from mercator.choices import ReportStatus
    from mercator.models import PeriodReport

    entries: list[InboxEntry] = []
    if not user.is_authenticated:
        return entries
    if user.is_secretariat:
        waiting = PeriodReport.objects.filter(status=ReportStatus.SUBMITTED).count()
        if waiting:
            entries.append(InboxEntry(_("Mercator period reports awaiting approval"), waiting,
                                      reverse("mercator:plan-list"), icon="clipboard-check"))  # fmt: skip
    if user.role in (Role.MEMBER, Role.EXPERT):
        from wcocb.scoping import scope_queryset

        returned = scope_queryset(PeriodReport.objects.filter(status=ReportStatus.RETURNED), user).distinct().count()
        if returned:
            entries.append(
                InboxEntry(
                    _("Mercator period reports returned for changes"),
                    returned,
                    reverse("mercator:plan-list"),
                    icon="arrow-return-left",
                    tone="warning",
                )
            )
    return entries
