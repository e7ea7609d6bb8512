"""Cost tables and the mission cost estimate: Decimal arithmetic, validity edges, region fallback,
who pays, CSV import, pages and API per role."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from missions import selectors, services
from missions.choices import DeliveryMode, TeamRole
from missions.importing.rates import rates_import_csv
from missions.models import Assignment, FlightCost, PerDiemRate
from tests import factories as base
from tests.missions.factories import MissionRequestFactory, make_expert
from wcocb.choices import FundingKind
from wcocb.errors import ConflictError, DomainError
from wcocb.models import Donor, FundingSource

pytestmark = pytest.mark.django_db

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


# --- CSV import ------------------------------------------------------------------------------------
PER_DIEM_CSV = """country,daily_amount,currency,valid_from,valid_to
TH,180.00,USD,2027-01-01,2027-06-30
TH,195.50,USD,2027-07-01,
JP,310,usd,2027-01-01,
"""


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


# --- pages -----------------------------------------------------------------------------------------
def test_import_page_previews_then_imports(client_as, secretariat):
    client = client_as(secretariat)
    url = reverse("missions:rates-import")
    preview = client.post(url, {"kind": "per_diem", "content": PER_DIEM_CSV, "dry_run": "on"})
    assert preview.status_code == 200
    assert b"3 to create" in preview.content
    assert not PerDiemRate.objects.exists()
    done = client.post(url, {"kind": "per_diem", "content": PER_DIEM_CSV})
    assert done.status_code == 302
    assert PerDiemRate.objects.count() == 3


def test_import_preview_shows_translated_row_actions(client_as, secretariat):
    preview = client_as(secretariat).post(
        reverse("missions:rates-import"), {"kind": "per_diem", "content": PER_DIEM_CSV, "dry_run": "on"}
    )
    rows = preview.context["result"].rows
    assert [row.action_label for row in rows] == ["create", "create", "create"]
    assert b"2 \xc2\xb7 create \xc2\xb7" in preview.content


def test_cost_labels_use_names_makemessages_extracts():
    """``makemessages`` only extracts the standard names (``_``, ``gettext_lazy`` ...), not aliases."""
    from pathlib import Path

    import missions.filters
    import missions.forms
    import missions.importing.rates
    import missions.selectors.estimates
    import missions.services.rates
    import missions.views.costs

    modules = (
        missions.filters,
        missions.forms,
        missions.importing.rates,
        missions.selectors.estimates,
        missions.services.rates,
        missions.views.costs,
    )
    for module in modules:
        source = Path(module.__file__).read_text()
        assert "_l(" not in source, module.__name__


def test_rate_pages_are_for_the_secretariat(client_as, secretariat, member_user):
    rate("TH", "180", D(2027, 1, 1))
    assert client_as(secretariat).get(reverse("missions:rates")).status_code == 200
    response = client_as(secretariat).post(
        reverse("missions:per-diem-create"),
        {"country": base.member("JP").pk, "daily_amount": "300", "currency": "USD", "valid_from": "2027-01-01"},
    )
    assert response.status_code == 302
    assert PerDiemRate.objects.filter(country__iso_code="JP").exists()
    client_as(member_user)
    assert client_as(member_user).get(reverse("missions:rates")).status_code == 403


def test_cost_partial_on_the_mission_page(client_as, secretariat, member_user, other_member_user):
    mission = MissionRequestFactory()
    rate("TH", "100", D(2027, 1, 1))
    fare("JP", "TH", "500")
    assignment(mission)
    url = reverse("missions:cost-estimate", kwargs={"pk": mission.pk})
    response = client_as(secretariat).get(url)
    assert response.status_code == 200
    assert b"1,200.00" in response.content or b"1200.00" in response.content  # 500 + 100 x 7
    assert client_as(member_user).get(url).status_code == 200  # the requesting member
    assert client_as(other_member_user).get(url).status_code == 404
    detail = client_as(secretariat).get(mission.get_absolute_url())
    assert url.encode() in detail.content  # included in the mission page


# --- API -------------------------------------------------------------------------------------------
def test_cost_estimate_endpoint(api_as, secretariat, other_member_user):
    mission = MissionRequestFactory()
    rate("TH", "100.05", D(2027, 1, 1))
    assignment(mission)
    url = f"/api/v1/mission-requests/{mission.pk}/cost-estimate/"
    body = api_as(secretariat).get(url).json()
    assert body["totals"] == {"USD": "700.35"}
    assert body["payer"] == "WCO"
    assert body["complete"] is False
    assert body["lines"][0]["problems"] == [
        "No flight cost from Japan to Thailand (nor for their regions) on 2027-03-01."
    ]
    assert api_as(other_member_user).get(url).status_code == 404


def test_per_diem_rate_api_writes_for_secretariat_only(api_as, secretariat, member_user):
    payload = {
        "country": base.member("TH").pk,
        "daily_amount": "180.00",
        "currency": "USD",
        "valid_from": "2027-01-01",
    }
    assert api_as(member_user).post("/api/v1/per-diem-rates/", payload, format="json").status_code == 403
    created = api_as(secretariat).post("/api/v1/per-diem-rates/", payload, format="json")
    assert created.status_code == 201, created.content
    clash = api_as(secretariat).post("/api/v1/per-diem-rates/", {**payload, "valid_from": "2027-05-01"}, format="json")
    assert clash.status_code == 400
    assert "overlaps" in str(clash.json())
    listing = api_as(member_user).get("/api/v1/per-diem-rates/?country=" + str(base.member("TH").pk))
    assert listing.status_code == 200
    assert listing.json()["count"] == 1


def test_flight_cost_api(api_as, secretariat, api_client_user):
    payload = {"origin_region": base.region("EUR").pk, "destination_region": base.region("AP").pk, "fare": "1400"}
    payload["valid_from"] = "2027-01-01"
    assert api_as(secretariat).post("/api/v1/flight-costs/", payload, format="json").status_code == 201
    assert api_as(api_client_user).get("/api/v1/flight-costs/").json()["count"] == 1
    bad = {**payload, "origin": base.member("JP").pk}
    assert api_as(secretariat).post("/api/v1/flight-costs/", bad, format="json").status_code == 400


@pytest.mark.parametrize("size", [1, 20])
def test_per_diem_list_query_count(api_as, secretariat, django_assert_max_num_queries, size):
    for index in range(size):
        rate("TH", "100", D(2000 + index, 1, 1), D(2000 + index, 12, 31))
    client = api_as(secretariat)
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/per-diem-rates/").status_code == 200


@pytest.mark.parametrize("size", [2, 20])
def test_flight_cost_list_query_count(api_as, secretariat, django_assert_max_num_queries, size):
    for index in range(size):
        fare("JP", "TH", "600", start=D(2000 + index, 1, 1))
        region_fare("EUR", "AP", "1400", start=D(2000 + index, 1, 1))
    client = api_as(secretariat)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/flight-costs/", {"page_size": 2 * size})
    assert len(response.json()["results"]) == 2 * size
    assert {row["route"] for row in response.json()["results"]} == {"Japan → Thailand", "Europe → Asia/Pacific"}
