"""Demo mission requests at several steps of the workflow (idempotent: keyed on the title)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from missions import services
from missions.choices import AvailabilityAnswer, MissionKind
from missions.models import FlightCost, MissionRequest, PerDiemRate
from wcocb.choices import Role
from wcocb.models import FundingSource, Language, MemberAdministration, Region, User

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


# --- cost tables: plausible daily allowances (USD) and economy fares, so that estimates are complete -----
#: The usual daily allowance in a region's capitals (accommodation, local transport, incidentals), USD.
PER_DIEM_BY_REGION = {"AP": 190, "AMS": 210, "ESA": 200, "EUR": 310, "MENA": 230, "WCA": 195}
#: Where the allowance is far from the region's usual one (large, expensive capitals).
PER_DIEM_BY_COUNTRY = {
    "JP": 300, "SG": 320, "HK": 330, "KR": 270, "AU": 290, "NZ": 260, "CN": 240, "MO": 280, "TH": 200,
    "KE": 250, "ZA": 215, "ET": 205, "US": 340, "CA": 300, "BR": 230, "CH": 420, "BE": 330, "FR": 340,
    "GB": 360, "DE": 320, "AE": 320, "QA": 330, "SA": 300, "NG": 240, "CI": 230, "SN": 220,
}  # fmt: skip
#: Economy return fares between regions (either direction), USD; within a region the diagonal.
REGION_FARES = {
    ("AP", "AP"): 650, ("AP", "AMS"): 1900, ("AP", "ESA"): 1200, ("AP", "EUR"): 1300, ("AP", "MENA"): 900,
    ("AP", "WCA"): 1700, ("AMS", "AMS"): 700, ("AMS", "ESA"): 1800, ("AMS", "EUR"): 1100, ("AMS", "MENA"): 1500,
    ("AMS", "WCA"): 1600, ("ESA", "ESA"): 550, ("ESA", "EUR"): 1000, ("ESA", "MENA"): 750, ("ESA", "WCA"): 900,
    ("EUR", "EUR"): 400, ("EUR", "MENA"): 600, ("EUR", "WCA"): 850, ("MENA", "MENA"): 500, ("MENA", "WCA"): 800,
    ("WCA", "WCA"): 600,
}  # fmt: skip
RATES_VALID_FROM = datetime.date(2025, 1, 1)


def seed_rates() -> int:
    """One open-ended per diem rate per member administration and a fare for every region pair (idempotent:
    a country or pair that has a row keeps it)."""
    created = 0
    for member in MemberAdministration.objects.select_related("region"):
        if PerDiemRate.objects.filter(country=member).exists():
            continue
        amount = PER_DIEM_BY_COUNTRY.get(member.iso_code, PER_DIEM_BY_REGION.get(member.region.code, 200))
        PerDiemRate.objects.create(country=member, daily_amount=amount, currency="USD", valid_from=RATES_VALID_FROM)
        created += 1
    regions = {region.code: region for region in Region.objects.all()}
    for (origin, destination), fare in REGION_FARES.items():
        if origin not in regions or destination not in regions:
            continue
        _row, made = FlightCost.objects.get_or_create(
            origin_region=regions[origin],
            destination_region=regions[destination],
            valid_from=RATES_VALID_FROM,
            defaults={"fare": fare, "currency": "USD"},
        )
        created += made
    return created


def seed(stdout=None) -> int:
    rates = seed_rates()
    if stdout and rates:
        stdout.write(f"missions: {rates} per diem rates and flight fares")
    secretariat = User.objects.filter(username="secretariat").first()
    if secretariat is None:
        return rates
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
