"""What the reports app plugs into the project package: the historic missions import (the import engine) and,
in a member administration's inbox, the feedback forms of its completed missions still to answer."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reports.importing.history import SPEC
from wcocb import registry
from wcocb.choices import Role
from wcocb.importing import specs as import_specs
from wcocb.navigation import InboxEntry
from wcocb.rules import has_role

import_specs.add(SPEC)


@registry.inbox.add
def feedback_to_give(user) -> list[InboxEntry]:
    if not has_role(user, Role.MEMBER):
        return []
    from missions.models import MissionRequest

    waiting = MissionRequest.objects.filter(
        administration_id=user.administration_id, status__in=["completed", "closed"], feedback__isnull=True
    ).exclude(origin_reference__startswith="historic:")
    first = waiting.order_by("-end_date", "-pk").values_list("pk", flat=True).first()
    if first is None:
        return []
    return [
        InboxEntry(
            title=_("Feedback forms to answer on completed missions"),
            count=waiting.count(),
            url=reverse("reports:feedback", kwargs={"pk": first}),
            icon="chat-square-text",
        )
    ]
