"""The FilterSets of assignments, release letters and mission reports: one test per parameter, on the
API and, for release letters, on the page that shares the FilterSet."""

import pytest

from missions import services
from missions.choices import AvailabilityAnswer
from missions.models import Assignment, MissionReport, ReleaseLetter, ReportStatus
from tests.missions import flow
from tests.missions.factories import MissionRequestFactory, home_member, make_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def letters(secretariat):
    """Mission A: a Japanese expert (pending, French letter) and a Korean one (declined);
    mission B: a Malaysian expert, pending."""
    kr_expert = make_expert(administration="KR")
    first, (jp, kr) = flow.release_requested(secretariat, experts=[make_expert(administration="JP"), kr_expert])
    services.release_decline(letter=kr.release_letter, by=home_member(kr_expert), reason="Needed at home")
    ReleaseLetter.objects.filter(assignment=jp).update(language="fr")
    second, [my] = flow.release_requested(secretariat, experts=[make_expert(administration="MY")], title="B")
    return {"first": first, "second": second, "jp": jp, "kr": kr, "my": my}


def letter_ids(api, params) -> set[int]:
    response = api.get("/api/v1/release-letters/", params)
    assert response.status_code == 200, response.content
    return {row["assignment"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"answer": "declined"}, {"kr"}),
        ({"answer": "pending"}, {"jp", "my"}),
        ({"pending": "1"}, {"jp", "my"}),
        ({"pending": "true"}, {"jp", "my"}),
        ({"pending": "0"}, {"kr"}),
        ({"language": "fr"}, {"jp"}),
        ({"request": "first"}, {"jp", "kr"}),
    ],
)
def test_release_letter_filters_in_the_api(api_as, secretariat, letters, params, expected):
    if params.get("request"):
        params = {"request": letters[params["request"]].pk}
    assert letter_ids(api_as(secretariat), params) == {letters[name].pk for name in expected}


@pytest.mark.parametrize(
    ("params", "expected"),
    [({"pending": "1"}, {"jp", "my"}), ({"answer": "declined"}, {"kr"}), ({"language": "fr"}, {"jp"}), ({}, None)],
)
def test_release_letter_page_uses_the_same_filterset(client_as, secretariat, letters, params, expected):
    page = client_as(secretariat).get("/missions/release-letters/", params)
    assert page.status_code == 200
    shown = {letter.assignment_id for letter in page.context["letters"]}
    expected_ids = {letters[name].pk for name in (expected or {"jp", "kr", "my"})}
    assert shown == expected_ids


def test_release_letter_page_keeps_its_scope_under_filters(client_as, letters):
    korea = home_member(letters["kr"].expert)
    page = client_as(korea).get("/missions/release-letters/", {"answer": "declined"})
    assert [letter.assignment_id for letter in page.context["letters"]] == [letters["kr"].pk]
    assert not list(client_as(korea).get("/missions/release-letters/", {"pending": "1"}).context["letters"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"request": "first"}, {"jp", "kr"}),
        ({"expert": "my"}, {"my"}),
        ({"role": "lead"}, {"jp", "my"}),
        ({"role": "member"}, {"kr"}),
        ({"selected": "true"}, {"jp", "my"}),
        ({"selected": "false"}, {"kr"}),  # a declined release unselects the expert
        ({"availability": "available"}, {"jp", "kr", "my"}),
        ({"availability": "not_available"}, set()),
    ],
)
def test_assignment_filters(api_as, secretariat, letters, params, expected):
    if "request" in params:
        params = {"request": letters[params["request"]].pk}
    if "expert" in params:
        params = {"expert": letters[params["expert"]].expert_id}
    response = api_as(secretariat).get("/api/v1/assignments/", params)
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {letters[name].pk for name in expected}


def test_assignment_availability_filter_answers_unknown(api_as, secretariat):
    _mission, [assignment] = flow.checking(secretariat)
    _other, [unavailable] = flow.checking(secretariat, title="Other")
    services.assignment_record_availability(
        assignment=unavailable, answer=AvailabilityAnswer.NOT_AVAILABLE, by=secretariat
    )
    rows = api_as(secretariat).get("/api/v1/assignments/", {"availability": "unknown"}).json()["results"]
    assert [row["id"] for row in rows] == [assignment.pk]
    assert Assignment.objects.count() == 2


def test_an_invalid_filter_value_is_a_400(api_as, secretariat):
    response = api_as(secretariat).get("/api/v1/release-letters/", {"answer": "maybe"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("params", "expected"),
    [({"status": "submitted"}, {"b"}), ({"status": "draft"}, {"a"}), ({"request": "a"}, {"a"})],
)
def test_mission_report_filters(api_as, secretariat, params, expected):
    reports = {
        "a": MissionReport.objects.create(request=MissionRequestFactory(), status=ReportStatus.DRAFT),
        "b": MissionReport.objects.create(request=MissionRequestFactory(), status=ReportStatus.SUBMITTED),
    }
    if "request" in params:
        params = {"request": reports[params["request"]].request_id}
    response = api_as(secretariat).get("/api/v1/mission-reports/", params)
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {reports[name].pk for name in expected}
