"""The missions app's records in the isolation world beyond tests/world.py's: an expert's calendar address."""

from __future__ import annotations

from tests import world
from tests.world import Record, Rule

#: An expert's calendar subscription secret: the expert's own (the Secretariat may see that one exists; it
#: never sees the key, which is not stored).
world.VISIBILITY["missions.CalendarFeedToken"] = Rule(rocb="none", member="none", api_client=False)


@world.builder
def _calendar_tokens(tenant: str, clerk, copy: int = 0) -> list[Record]:
    from django.contrib.auth import get_user_model

    from missions import services

    suffix = f"-{copy}" if copy else ""
    user = get_user_model().objects.get(username=f"world-expert-{tenant.lower()}{suffix}")
    token, _key = services.calendar_feed_rotate(expert=user.person.expert, by=user)
    return [Record(token, tenant=tenant, expert_owner=tenant)]
