"""An expert's missions as an iCalendar feed (read by :mod:`missions.views.calendar`).

The subscription URL carries a random per-expert secret (``missions.services.calendar_feed_rotate``) of which
only a digest is stored; calendar applications fetch it without signing in. The expert replaces or revokes it
from the calendar page. Signed-in experts can also download their own feed.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from experts.models import Expert
from missions.choices import LetterAnswer, Status
from missions.models import Assignment, CalendarFeedToken


def feed_token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def live_feed_token(expert: Expert) -> CalendarFeedToken | None:
    """The expert's live subscription token (its key is not kept: only when it was made)."""
    return CalendarFeedToken.objects.filter(expert=expert, revoked_at__isnull=True).first()


def expert_from_feed_token(key: str) -> Expert | None:
    """The expert whose live subscription key is ``key`` (compared by digest); ``None`` otherwise."""
    if not key or len(key) > 200:
        return None
    token = (
        CalendarFeedToken.objects.filter(digest=feed_token_digest(key), revoked_at__isnull=True)
        .select_related("expert__person")
        .first()
    )
    return token.expert if token else None


def feed_url(key: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("missions:ical-feed", kwargs={"token": key})


def feed_assignments(expert: Expert):
    """Booked (release requested) or approved assignments of missions that are not cancelled."""
    return (
        Assignment.objects.filter(expert=expert)
        .filter(Q(is_booked=True) | Q(release_letter__answer=LetterAnswer.APPROVED))
        .exclude(request__status=Status.CANCELLED)
        .select_related("request__administration")
        .order_by("start_date", "pk")
    )


def calendar_for(expert: Expert) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//WCO Capacity Building//Missions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"WCO missions: {expert.person.full_name}")
    stamp = timezone.now()
    for assignment in feed_assignments(expert):
        request = assignment.request
        event = Event()
        event.add("uid", f"assignment-{assignment.pk}@wcocb")
        event.add("dtstamp", stamp)
        event.add("summary", f"{request.reference} {request.title}")
        event.add("dtstart", assignment.start_date)
        event.add("dtend", assignment.end_date + datetime.timedelta(days=1))  # all-day: DTEND is exclusive
        event.add("location", request.administration.name_en)
        event.add(
            "description",
            "\n".join(
                [
                    f"{request.get_kind_display()} · {request.get_delivery_mode_display()}",
                    f"{assignment.get_role_display()} · {request.get_status_display()}",
                    settings.SITE_URL.rstrip("/") + request.get_absolute_url(),
                ]
            ),
        )
        event.add("status", "CONFIRMED" if request.status != Status.RELEASE_REQUESTED else "TENTATIVE")
        calendar.add_component(event)
    return calendar.to_ical()
