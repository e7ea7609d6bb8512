"""Demo mission requests at several steps of the workflow (idempotent: keyed on the title)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from missions import services
from missions.choices import AvailabilityAnswer, MissionKind
from missions.models import MissionRequest
from wcocb.choices import Role
from wcocb.models import FundingSource, Language, MemberAdministration, User

DEMO_REQUESTS = [
    # title, administration, kind, funding, weeks from today, how far to take it
    # Received, not yet commented: the A/P ROCB has a request to comment on.
    ("Risk management diagnostic", "TH", MissionKind.RISK_DIAGNOSTIC, "WCO", 10, "received"),
    ("TFA scoping, articles 7 and 10", "KH", MissionKind.TFA_SCOPING, "SIDA-MERCATOR", 14, "planned"),
    ("Integrity assessment", "KE", MissionKind.INTEGRITY_ASSESSMENT, "NORAD-ACIP", 18, "expert_search"),
    ("Strategic advisory support to the new DG", "LA", MissionKind.STRATEGIC_ADVISORY, "CCF-JP", 22, "availability"),
    # A Thai expert is asked for: the demo member administration (Thailand) has a release request to answer.
    ("Post-clearance audit support", "VN", MissionKind.STRATEGIC_ADVISORY, "WCO", 26, "release"),
]


def seed(stdout=None) -> int:
    secretariat = User.objects.filter(username="secretariat").first()
    if secretariat is None:
        return 0
    created = 0
    today = timezone.localdate()
    for title, iso, kind, funding, weeks, target in DEMO_REQUESTS:
        if MissionRequest.objects.filter(title=title).exists():
            continue
        start = today + datetime.timedelta(weeks=weeks, days=-today.weekday())
        mission = services.request_submit(
            by=secretariat,
            administration=MemberAdministration.objects.get(iso_code=iso),
            kind=kind,
            title=title,
            objectives=f"{title}: demo request.",
            preferred_start=start,
            preferred_end=start + datetime.timedelta(days=4),
            duration_days=5,
            language=Language.objects.get(code="en"),
            funding=FundingSource.objects.get(code=funding),
        )
        created += 1
        if target == "received":
            continue
        # The region's ROCB comments (the Secretariat records it for a region without a demo officer).
        rocb = User.objects.filter(role=Role.ROCB, region_id=mission.administration.region_id).order_by("pk").first()
        services.request_rocb_comment(
            request=mission, comment="A priority of the region; the ROCB supports it.", by=rocb or secretariat
        )
        services.request_plan(
            request=mission,
            plan_year=start.year,
            start_date=start,
            end_date=start + datetime.timedelta(days=4),
            by=secretariat,
        )
        if target == "planned":
            continue
        services.request_start_search(request=mission, by=secretariat)
        if target == "expert_search":
            continue
        from experts.models import Expert

        experts = Expert.objects.filter(kind="accredited").exclude(person__administration__iso_code=iso)
        if target == "release":
            experts = experts.filter(person__administration__iso_code="TH")
        expert = experts.order_by("pk").first()
        if expert is None:
            continue
        [assignment] = services.request_shortlist(
            request=mission, entries=[services.ShortlistEntry(expert=expert, role="lead")], by=secretariat
        )
        services.assignment_record_availability(
            assignment=assignment,
            answer=AvailabilityAnswer.AVAILABLE,
            note="Demo",
            selected=target == "release",
            by=secretariat,
        )
        if target == "release":
            services.request_request_release(
                request=mission, deadline=today + datetime.timedelta(days=14), by=secretariat
            )
    if stdout:
        stdout.write(f"missions: {created} demo requests")
    return created
