"""An expert's missions as an iCalendar feed (read by :mod:`missions.views.calendar`).

The subscription URL carries a per-expert secret token signed with ``django.core.signing`` (salted,
so it is good for nothing else); calendar applications fetch it without signing in. Rotating
``SECRET_KEY`` invalidates every token. Signed-in experts can also download their own feed.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from experts.models import Expert
from missions.choices import LetterAnswer, Status
from missions.models import Assignment

SALT = "missions.ical.feed"


def feed_token(expert: Expert) -> str:
    return signing.Signer(salt=SALT).sign(str(expert.pk))


def expert_from_feed_token(token: str) -> Expert | None:
    try:
        pk = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Expert.objects.filter(pk=pk).select_related("person").first()


def feed_url(expert: Expert) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("missions:ical-feed", kwargs={"token": feed_token(expert)})


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
