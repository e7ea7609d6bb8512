"""Demo data of the training app (``manage.py seed_demo``), idempotent: keyed on the sessions' titles.
Written through the services, so the demo obeys the same rules as real data.

- the 4th and 5th sessions of the Virtual Customs Orientation Academy (July 2016, March 2017): 63 officials
  from 50 administrations took part, 51 were certified, 7 with honours;
- three Fellowship sessions (English, French, Spanish) with 43 officers (the demo ``expert`` login is one of
  the English session's, certified);
- two LMD workshops whose six-month 360° reviews are in progress (reviewers asked, some answered) and a
  Top Executive Retreat coming up; an LMD workshop next year open for nominations (the demo ``member-th``).
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from training import services
from training.choices import DeliveryMode, ReviewerSlot
from training.models import ImpactReview, Programme, Session
from wcocb.models import RTC, FundingSource, Language, MemberAdministration, Person, User

FIRST = ["Ana", "Bo", "Chen", "Dara", "Emeka", "Fatima", "Hana", "Ivan", "Kenji", "Lucia", "Omar", "Priya", "Sven"]
LAST = ["Lee", "Kim", "Silva", "Dubois", "Okafor", "Tanaka", "Garcia", "Nguyen", "Ivanova", "Haddad", "Mensah"]
GENDERS = ["F", "M", "F", "M", "X"]


def _session(programme: str, title: str, start, end, language: str, mode: str, capacity: int, **extra) -> Session:
    return Session(
        programme=Programme.objects.get(code=programme),
        title=title,
        start_date=start,
        end_date=end,
        language=Language.objects.get(code=language),
        mode=mode,
        capacity=capacity,
        **extra,
    )


def _officers(rng: random.Random, administrations: list[MemberAdministration], count: int, tag: str) -> list[Person]:
    people = []
    for number in range(count):
        administration = administrations[number % len(administrations)]
        first, last = rng.choice(FIRST), f"{rng.choice(LAST)}-{tag}{number + 1}"
        people.append(
            services.find_or_create_person(
                administration=administration,
                first_name=first,
                last_name=last,
                gender=GENDERS[number % len(GENDERS)],
                email=f"{first}.{last}@demo-{administration.iso_code.lower()}.example.org".lower(),
                current_post=rng.choice(["Customs officer", "Inspector", "Trainee officer", "Assistant director"]),
            )
        )
    return people


def _run(session: Session, people: list[Person], by: User, *, certified: int, honours: int) -> list:
    """Take ``people`` along the path: all enrolled and completed, the first ``certified`` certified (the
    first ``honours`` of them with honours)."""
    participants = []
    today = timezone.localdate()
    for index, person in enumerate(people):
        participant = services.participant_nominate(session=session, person=person, by=by)
        services.participant_select(participant=participant, by=by)
        services.participant_enrol(participant=participant, by=by)
        if session.start_date <= today:
            services.participant_complete(participant=participant, by=by)
            if index < certified and session.end_date <= today:
                services.participant_certify(
                    participant=participant,
                    by=by,
                    honours=index < honours,
                    issued_on=min(today, session.end_date + datetime.timedelta(days=3)),
                )
        participants.append(participant)
    return participants


def _reviews(participants, by: User, rng: random.Random, *, answered_share: float) -> None:
    for participant in participants:
        for slot in ReviewerSlot.values:
            services.reviewer_give(
                participant=participant,
                slot=slot,
                name=f"{slot.replace('_', ' ').title()} of {participant.person.last_name}",
                email=f"{slot}.{participant.pk}@reviewers.example.org",
                by=by,
            )
    services.impact_reviews_schedule()
    reviews = ImpactReview.objects.filter(reviewer__participant__in=participants).order_by("pk")
    for review in reviews:
        if rng.random() < answered_share:
            better = rng.random() < 0.85
            values = [rng.choice([1, 2]) if better else rng.choice([-1, 0]) for _ in range(3)]
            services.review_answer(
                token=services.review_token(review),
                **dict(zip(("leadership", "management", "communication"), values, strict=True)),
                comment="",
            )


@transaction.atomic
def seed(stdout=None) -> int:
    by = User.objects.filter(username="secretariat").first()
    if by is None or Session.objects.filter(title__startswith="VCOA 4th session").exists():
        return 0
    rng = random.Random(2016)  # noqa: S311 - demo names, not secrets
    today = timezone.localdate()
    administrations = list(MemberAdministration.objects.order_by("iso_code")[::3][:50])
    ccf_japan = FundingSource.objects.filter(code__icontains="CCF").first()

    # VCOA: 63 officials from 50 administrations in two sessions, 51 certified, 7 with honours.
    people = _officers(rng, administrations, 63, "V")
    fourth = _session(
        "VCOA",
        "VCOA 4th session (July 2016)",
        datetime.date(2016, 7, 4),
        datetime.date(2016, 10, 7),
        "en",
        DeliveryMode.REMOTE,
        35,
        funding=ccf_japan,
    )
    fifth = _session(
        "VCOA",
        "VCOA 5th session (March 2017)",
        datetime.date(2017, 3, 6),
        datetime.date(2017, 6, 9),
        "en",
        DeliveryMode.REMOTE,
        35,
        funding=ccf_japan,
    )
    for session in (fourth, fifth):
        services.session_save(by=by, **{f: getattr(session, f) for f in services.SESSION_FIELDS})
    fourth, fifth = Session.objects.get(title=fourth.title), Session.objects.get(title=fifth.title)
    _run(fourth, people[:31], by, certified=25, honours=3)
    _run(fifth, people[31:], by, certified=26, honours=4)

    # Fellowship: 43 officers in three sessions (English, French, Spanish), 6 weeks in Brussels.
    fellows = _officers(rng, administrations[::-1], 43, "F")
    expert = Person.objects.filter(user__username="expert").first()
    if expert is not None and expert.administration_id:
        fellows[0] = expert
    for language, label, start, group in (
        ("en", "English", datetime.date(2024, 9, 2), fellows[:15]),
        ("fr", "French", datetime.date(2025, 2, 3), fellows[15:29]),
        ("es", "Spanish", datetime.date(2025, 9, 1), fellows[29:]),
    ):
        services.session_save(
            by=by,
            programme=Programme.objects.get(code="FELLOWSHIP"),
            title=f"Fellowship Programme {start.year} ({label})",
            start_date=start,
            end_date=start + datetime.timedelta(weeks=6) - datetime.timedelta(days=3),
            language=Language.objects.get(code=language),
            mode=DeliveryMode.IN_PERSON,
            venue="WCO headquarters, Brussels",
            capacity=15,
        )
        session = Session.objects.get(title=f"Fellowship Programme {start.year} ({label})")
        _run(session, group, by, certified=len(group), honours=0)

    # LMD workshops: two ended six to eight months ago (360° reviews asked, answers coming in).
    rtc = RTC.objects.filter(host__iso_code="TH").first() or RTC.objects.first()
    for months, label, answered in ((8, "Bangkok", 0.8), (6, "Nairobi", 0.4)):
        end = today - datetime.timedelta(days=31 * months)
        title = f"LMD workshop, {label} ({end:%B %Y})"
        services.session_save(
            by=by,
            programme=Programme.objects.get(code="LMD"),
            title=title,
            start_date=end - datetime.timedelta(days=4),
            end_date=end,
            language=Language.objects.get(code="en"),
            mode=DeliveryMode.IN_PERSON,
            venue=label,
            rtc=rtc if label == "Bangkok" else None,
            capacity=16,
        )
        session = Session.objects.get(title=title)
        group = _officers(rng, administrations[5:25], 12, f"L{months}")
        _reviews(_run(session, group, by, certified=12, honours=0), by, rng, answered_share=answered)

    # Coming up: a Top Executive Retreat and an LMD workshop open for nominations.
    start = today + datetime.timedelta(days=60)
    services.session_save(
        by=by,
        programme=Programme.objects.get(code="TER"),
        title=f"Top Executive Retreat {start.year}",
        start_date=start,
        end_date=start + datetime.timedelta(days=3),
        language=Language.objects.get(code="en"),
        mode=DeliveryMode.IN_PERSON,
        venue="Brussels",
        capacity=12,
    )
    services.session_save(
        by=by,
        programme=Programme.objects.get(code="LMD"),
        title=f"LMD workshop, Seoul ({start + datetime.timedelta(days=30):%B %Y})",
        start_date=start + datetime.timedelta(days=30),
        end_date=start + datetime.timedelta(days=34),
        language=Language.objects.get(code="en"),
        mode=DeliveryMode.HYBRID,
        venue="Seoul",
        capacity=20,
    )
    if stdout:
        stdout.write(f"training: {Session.objects.count()} sessions\n")
    return Session.objects.count()
