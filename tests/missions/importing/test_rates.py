"""The cost tables' CSV import: dry run, idempotent, all or nothing with row-numbered errors."""

from decimal import Decimal

import pytest

from missions.importing.rates import rates_import_csv
from missions.models import FlightCost, PerDiemRate
from tests.missions.costs import PER_DIEM_CSV
from wcocb.errors import DomainError

pytestmark = pytest.mark.django_db


def test_per_diem_import_dry_run_writes_nothing(secretariat):
    result = rates_import_csv(kind="per_diem", content=PER_DIEM_CSV, by=secretariat, dry_run=True)
    assert (result.created, result.errors, result.written) == (3, [], False)
    assert not PerDiemRate.objects.exists()


def test_per_diem_import_is_idempotent(secretariat):
    first = rates_import_csv(kind="per_diem", content=PER_DIEM_CSV, by=secretariat, dry_run=False)
    assert (first.created, first.written) == (3, True)
    second = rates_import_csv(kind="per_diem", content=PER_DIEM_CSV, by=secretariat, dry_run=False)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
    assert PerDiemRate.objects.count() == 3
    changed = PER_DIEM_CSV.replace("310", "320")
    third = rates_import_csv(kind="per_diem", content=changed, by=secretariat, dry_run=False)
    assert (third.updated, third.unchanged) == (1, 2)
    assert PerDiemRate.objects.get(country__iso_code="JP").daily_amount == Decimal("320.00")


def test_per_diem_import_is_all_or_nothing_with_row_numbered_errors(secretariat):
    content = PER_DIEM_CSV + "XX,10,USD,2027-01-01,\nTH,abc,USD,2027-01-01,\nTH,100,USD,2027-05-01,2027-08-01\n"
    result = rates_import_csv(kind="per_diem", content=content, by=secretariat, dry_run=False)
    numbers = [number for number, _message in result.errors]
    assert numbers == [5, 6, 7]
    assert "unknown country code" in result.errors[0][1]
    assert "is not an amount" in result.errors[1][1]
    assert "overlaps" in result.errors[2][1]  # overlaps a row earlier in the same file
    assert not result.written
    assert not PerDiemRate.objects.exists()


def test_flight_import_with_country_and_region_rows(secretariat):
    content = (
        "origin,destination,origin_region,destination_region,fare,currency,valid_from\n"
        "JP,TH,,,612.40,USD,2027-01-01\n"
        ",,EUR,AP,1400,USD,2027-01-01\n"
        "JP,TH,EUR,AP,1,USD,2027-01-01\n"
    )
    result = rates_import_csv(kind="flight", content=content, by=secretariat, dry_run=False)
    assert result.errors == [(4, "Give either an origin and destination country, or two regions.")]
    fixed = content.rsplit("JP,TH,EUR", 1)[0]
    result = rates_import_csv(kind="flight", content=fixed, by=secretariat, dry_run=False)
    assert (result.created, result.written) == (2, True)
    again = rates_import_csv(kind="flight", content=fixed, by=secretariat, dry_run=False)
    assert again.unchanged == 2
    assert FlightCost.objects.count() == 2


def test_import_refuses_a_bad_header_and_non_secretariat(secretariat, member_user):
    with pytest.raises(DomainError, match="missing: daily_amount"):
        rates_import_csv(kind="per_diem", content="country,amount,valid_from\n", by=secretariat)
    with pytest.raises(DomainError, match="Only the Secretariat"):
        rates_import_csv(kind="per_diem", content=PER_DIEM_CSV, by=member_user)
