"""The expert's calendar subscription address: a random secret of which only a digest is kept."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experts.models import Expert
from missions import rules
from missions.models import CalendarFeedToken
from missions.selectors.calendar import feed_token_digest
from wcocb.errors import ForbiddenError
from wcocb.models import User


def _check(expert: Expert, by: User) -> Expert:
    expert = Expert.objects.select_for_update(of=("self",)).select_related("person").get(pk=expert.pk)
    if not rules.can_manage_calendar_feed(by, expert):
        raise ForbiddenError(_("Only the expert manages their calendar address."))
    return expert


@transaction.atomic
def calendar_feed_rotate(*, expert: Expert, by: User) -> tuple[CalendarFeedToken, str]:
    """A new subscription address for ``expert`` (the old one, if any, stops working). Returns the token and
    its key, which is not stored: the address is shown once."""
    expert = _check(expert, by)
    now = timezone.now()
    CalendarFeedToken.objects.filter(expert=expert, revoked_at__isnull=True).update(revoked_at=now, updated_at=now)
    key = secrets.token_urlsafe(32)
    token = CalendarFeedToken(expert=expert, digest=feed_token_digest(key))
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def calendar_feed_revoke(*, expert: Expert, by: User) -> int:
    """Stop the expert's subscription address; returns how many were live (0 or 1)."""
    expert = _check(expert, by)
    now = timezone.now()
    return CalendarFeedToken.objects.filter(expert=expert, revoked_at__isnull=True).update(
        revoked_at=now, updated_at=now
    )
