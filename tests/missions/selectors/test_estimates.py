"""The mission cost estimate: flight + per diem per team member, region fallback, who pays."""

from decimal import Decimal

import pytest

from missions import selectors
from missions.choices import DeliveryMode, TeamRole
from tests.missions.costs import D, assignment, fare, rate, region_fare
from tests.missions.factories import MissionRequestFactory
from wcocb.choices import FundingKind
from wcocb.models import Donor, FundingSource

pytestmark = pytest.mark.django_db


# --- the estimate ----------------------------------------------------------------------------------
def test_assignment_estimate_is_flight_plus_per_diem_times_mission_and_travel_days():
    mission = MissionRequestFactory()  # Thailand, in-country
    rate("TH", "183.35", D(2027, 1, 1))
    fare("JP", "TH", "1234.56")
    line = selectors.estimate_assignment(assignment(mission))  # 5 days + 2 travel days
    assert line.mission_days == 5
    assert line.per_diem_days == 7
    assert line.flight_amount == Decimal("1234.56")
    assert line.per_diem_amount == Decimal("1283.45")  # 183.35 x 7
    assert line.totals == {"USD": Decimal("2518.01")}
    assert line.complete


def test_remote_mission_has_no_travel_days_and_no_flight():
    mission = MissionRequestFactory(delivery_mode=DeliveryMode.REMOTE)
    rate("TH", "100.10", D(2027, 1, 1))
    fare("JP", "TH", "999")
    line = selectors.estimate_assignment(assignment(mission))
    assert line.travel_days == 0
    assert line.flight_amount == Decimal("0.00")
    assert line.per_diem_amount == Decimal("500.50")


def test_region_fallback_is_used_and_named():
    mission = MissionRequestFactory()
    rate("TH", "200", D(2027, 1, 1))
    region_fare("EUR", "AP", "1500.00")
    line = selectors.estimate_assignment(assignment(mission, home="FR"))
    assert line.flight_amount == Decimal("1500.00")
    assert "region pair" in line.flight_basis


def test_missing_rate_and_fare_are_reported_not_raised():
    mission = MissionRequestFactory()
    rate("TH", "200", D(2027, 3, 2))  # starts the day after the mission starts
    line = selectors.estimate_assignment(assignment(mission))
    assert line.per_diem_amount is None
    assert line.flight_amount is None
    assert "No per diem rate for Thailand on 2027-03-01." in line.problems
    assert "No flight cost from Japan to Thailand (nor for their regions) on 2027-03-01." in line.problems
    assert not line.complete


def test_request_estimate_totals_per_currency_and_who_pays():
    mission = MissionRequestFactory()
    rate("TH", "150.25", D(2027, 1, 1), currency="EUR")
    fare("JP", "TH", "800.10")
    fare("KR", "TH", "700.05")
    assignment(mission, home="JP")
    assignment(mission, home="KR", role=TeamRole.MEMBER, end=D(2027, 3, 3))  # 3 days
    assignment(mission, home="CN", role=TeamRole.MEMBER, selected=False)  # not on the team
    estimate = selectors.estimate_request(mission)
    assert len(estimate.lines) == 2
    assert not estimate.provisional
    # EUR: 150.25 x 7 + 150.25 x 5 = 1051.75 + 751.25; USD: 800.10 + 700.05
    assert estimate.totals == {"EUR": Decimal("1803.00"), "USD": Decimal("1500.15")}
    assert estimate.payer == "WCO"


def test_unselected_shortlist_gives_a_provisional_estimate():
    mission = MissionRequestFactory()
    assignment(mission, selected=False)
    estimate = selectors.estimate_request(mission)
    assert estimate.provisional
    assert len(estimate.lines) == 1


@pytest.mark.parametrize(
    ("kind", "payer"),
    [
        (FundingKind.WCO, "WCO"),
        (FundingKind.DONOR, "Sida"),
        (FundingKind.BENEFICIARY, "Thailand"),
        (FundingKind.HOME, "each expert's home administration"),
    ],
)
def test_who_pays_follows_the_funding_source(kind, payer):
    donor = Donor.objects.create(code="SIDA-T", name="Sida") if kind == FundingKind.DONOR else None
    funding = FundingSource.objects.create(code=f"T-{kind}", name=f"Test {kind}", kind=kind, donor=donor)
    mission = MissionRequestFactory(funding=funding)
    assignment(mission)
    estimate = selectors.estimate_request(mission)
    assert estimate.payer == payer
    if kind == FundingKind.HOME:
        assert estimate.lines[0].payer == "Japan"
