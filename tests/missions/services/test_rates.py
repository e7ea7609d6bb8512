"""The cost tables: Decimal validity edges, overlaps refused by the check and by the database, a row
saved by someone else at the same moment (service, page, API, import), flight fares."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from missions import selectors, services
from missions.importing.rates import rates_import_csv
from missions.models import FlightCost, PerDiemRate
from tests import factories as base
from tests.missions.costs import PER_DIEM_CSV, Y2020, D, fare, rate, region_fare
from wcocb.errors import ConflictError

pytestmark = pytest.mark.django_db


# --- the per diem table ----------------------------------------------------------------------------
def test_overlapping_rate_is_refused_with_a_message_naming_the_other_rate():
    rate("TH", "180.00", D(2027, 1, 1), D(2027, 6, 30))
    clash = PerDiemRate(country=base.member("TH"), daily_amount=Decimal("190"), valid_from=D(2027, 6, 30))
    with pytest.raises(ValidationError) as exc:
        clash.full_clean()
    assert exc.value.message_dict["valid_from"] == [
        "The rate for Thailand valid from 2027-01-01 until 2027-06-30 overlaps these dates: "
        "end it before this one starts."
    ]


def test_the_database_refuses_an_overlap_too():
    rate("TH", "180.00", D(2027, 1, 1))  # open-ended
    with pytest.raises(IntegrityError), transaction.atomic():
        rate("TH", "190.00", D(2030, 1, 1), D(2030, 2, 1))


def test_adjacent_rates_and_other_countries_do_not_overlap():
    rate("TH", "180.00", D(2027, 1, 1), D(2027, 6, 30))
    after = PerDiemRate(country=base.member("TH"), daily_amount=Decimal("190"), valid_from=D(2027, 7, 1))
    after.full_clean()
    other = PerDiemRate(country=base.member("JP"), daily_amount=Decimal("300"), valid_from=D(2027, 3, 1))
    other.full_clean()
    after.save()
    other.save()
    assert selectors.per_diem_rate_on(base.member("TH"), D(2027, 6, 30)).daily_amount == Decimal("180.00")
    assert selectors.per_diem_rate_on(base.member("TH"), D(2027, 7, 1)) == after
    assert selectors.per_diem_rate_on(base.member("JP"), D(2027, 6, 30)) == other


def test_currency_must_be_iso_4217_shaped():
    bad = PerDiemRate(country=base.member("TH"), daily_amount=Decimal("1"), currency="usd", valid_from=D(2027, 1, 1))
    with pytest.raises(ValidationError) as exc:
        bad.full_clean()
    assert "currency" in exc.value.message_dict


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 12, 31), None),
        (D(2027, 1, 1), Decimal("180.00")),  # first day of validity
        (D(2027, 6, 30), Decimal("180.00")),  # last day of validity (inclusive)
        (D(2027, 7, 1), Decimal("195.50")),  # the next rate, open-ended
        (D(2040, 1, 1), Decimal("195.50")),
    ],
)
def test_rate_valid_on_a_day(day, expected):
    rate("TH", "180.00", D(2027, 1, 1), D(2027, 6, 30))
    rate("TH", "195.50", D(2027, 7, 1))
    found = selectors.per_diem_rate_on(base.member("TH"), day)
    assert (found.daily_amount if found else None) == expected


# --- a row saved by someone else at the same moment ----------------------------------------------
@pytest.fixture
def check_passes(monkeypatch):
    """The other row commits between this row's checks and its insert: the model checks find nothing."""
    monkeypatch.setattr(PerDiemRate, "clean", lambda self: None)
    monkeypatch.setattr(FlightCost, "validate_constraints", lambda self, exclude=None: None)


def test_overlap_the_check_missed_is_a_conflict_with_the_constraint_message(secretariat, check_passes):
    rate("TH", "180.00", D(2027, 1, 1), D(2027, 6, 30))
    clash = PerDiemRate(country=base.member("TH"), daily_amount=Decimal("190"), valid_from=D(2027, 6, 1))
    with pytest.raises(ConflictError, match="Another per diem rate for this country is valid"):
        services.cost_row_save(instance=clash, by=secretariat)
    assert PerDiemRate.objects.count() == 1


def test_duplicate_fare_the_check_missed_is_a_conflict(secretariat, check_passes):
    fare("JP", "TH", "600")
    again = FlightCost(origin=base.member("JP"), destination=base.member("TH"), fare=Decimal("610"), valid_from=Y2020)
    with pytest.raises(ConflictError, match="A fare for this country pair from this date already exists"):
        services.cost_row_save(instance=again, by=secretariat)


def test_api_answers_409_with_the_error_body_when_the_check_missed_an_overlap(api_as, secretariat, check_passes):
    rate("TH", "180.00", D(2027, 1, 1))
    payload = {"country": base.member("TH").pk, "daily_amount": "190", "currency": "USD", "valid_from": "2027-05-01"}
    response = api_as(secretariat).post("/api/v1/per-diem-rates/", payload, format="json")
    assert response.status_code == 409
    assert "Another per diem rate" in response.json()["error"]["message"]


def test_page_shows_the_conflict_when_the_check_missed_an_overlap(client_as, secretariat, check_passes):
    rate("TH", "180.00", D(2027, 1, 1))
    response = client_as(secretariat).post(
        reverse("missions:per-diem-create"),
        {"country": base.member("TH").pk, "daily_amount": "190", "currency": "USD", "valid_from": "2027-05-01"},
    )
    assert response.status_code == 400
    assert "Another per diem rate" in response.content.decode()


def test_import_reports_the_row_the_constraint_refused(secretariat, check_passes):
    rate("TH", "170.00", D(2026, 1, 1))
    result = rates_import_csv(kind="per_diem", content=PER_DIEM_CSV, by=secretariat, dry_run=False)
    assert [number for number, _message in result.errors] == [2, 3]
    assert "Another per diem rate" in result.errors[0][1]
    assert not result.written
    assert PerDiemRate.objects.count() == 1


# --- flights ---------------------------------------------------------------------------------------
def test_fare_prefers_the_country_pair_then_the_reverse_then_the_region_pair():
    region_fare("AP", "AP", "700")
    assert selectors.flight_fare_on(base.member("JP"), base.member("TH"), D(2027, 3, 1)).fare == Decimal("700.00")
    fare("TH", "JP", "650")
    assert selectors.flight_fare_on(base.member("JP"), base.member("TH"), D(2027, 3, 1)).fare == Decimal("650.00")
    fare("JP", "TH", "612.40")
    assert selectors.flight_fare_on(base.member("JP"), base.member("TH"), D(2027, 3, 1)).fare == Decimal("612.40")


def test_region_pair_is_found_in_either_direction():
    region_fare("EUR", "AP", "1400")
    assert selectors.flight_fare_on(base.member("TH"), base.member("FR"), D(2027, 3, 1)).fare == Decimal("1400.00")


def test_fare_valid_from_edge_takes_the_latest_fare_not_after_the_day():
    fare("JP", "TH", "600", start=D(2026, 1, 1))
    fare("JP", "TH", "640", start=D(2027, 3, 1))
    assert selectors.flight_fare_on(base.member("JP"), base.member("TH"), D(2027, 2, 28)).fare == Decimal("600.00")
    assert selectors.flight_fare_on(base.member("JP"), base.member("TH"), D(2027, 3, 1)).fare == Decimal("640.00")
    assert selectors.flight_fare_on(base.member("JP"), base.member("TH"), D(2025, 12, 31)) is None


def test_flight_cost_is_a_country_pair_or_a_region_pair_not_both():
    mixed = FlightCost(
        origin=base.member("JP"), destination=base.member("TH"), origin_region=base.region("AP"),
        destination_region=base.region("AP"), fare=Decimal("1"), valid_from=D(2027, 1, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="either an origin and destination country, or two regions"):
        mixed.full_clean()
