"""Cost table rows and assignments for the cost tests."""

import datetime
from decimal import Decimal

from missions.choices import TeamRole
from missions.models import Assignment, FlightCost, PerDiemRate
from tests import factories as base
from tests.missions.factories import make_expert

D = datetime.date
Y2020 = D(2020, 1, 1)
MAR1 = D(2027, 3, 1)
MAR5 = D(2027, 3, 5)


def rate(iso, amount, start, end=None, currency="USD"):
    return PerDiemRate.objects.create(
        country=base.member(iso), daily_amount=Decimal(amount), currency=currency, valid_from=start, valid_to=end
    )


def fare(origin, destination, amount, start=Y2020, currency="USD"):
    return FlightCost.objects.create(
        origin=base.member(origin), destination=base.member(destination), fare=Decimal(amount), currency=currency,
        valid_from=start,
    )  # fmt: skip


def region_fare(origin, destination, amount, start=Y2020):
    return FlightCost.objects.create(
        origin_region=base.region(origin), destination_region=base.region(destination), fare=Decimal(amount),
        valid_from=start,
    )  # fmt: skip


def assignment(mission, *, home="JP", start=MAR1, end=MAR5, role=TeamRole.LEAD, selected=True):
    return Assignment.objects.create(
        request=mission, expert=make_expert(administration=home), role=role, start_date=start, end_date=end,
        selected=selected,
    )  # fmt: skip


PER_DIEM_CSV = """country,daily_amount,currency,valid_from,valid_to
TH,180.00,USD,2027-01-01,2027-06-30
TH,195.50,USD,2027-07-01,
JP,310,usd,2027-01-01,
"""
