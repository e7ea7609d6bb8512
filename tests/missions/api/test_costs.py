"""The cost API: the estimate endpoint, the rate tables per role, their query counts."""

import pytest

from tests import factories as base
from tests.missions.costs import D, assignment, fare, rate, region_fare
from tests.missions.factories import MissionRequestFactory

pytestmark = pytest.mark.django_db


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
