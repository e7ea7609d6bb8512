"""The training API: the catalogue's filters, nomination and the path's moves as actions, refusals as
400/403/409 with the reason, and the scoping of participants."""

import pytest

from tests.training.factories import SessionFactory, ended_session, enrolled, nominated, officer, programme
from training.choices import ParticipantStatus as S

pytestmark = pytest.mark.django_db
API = "/api/v1/training"


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_session_filters(api_as, member_user):
    lmd = ended_session("LMD")
    vcoa = SessionFactory(mode="hybrid")
    api = api_as(member_user)
    assert ids(api.get(f"{API}/sessions/", {"kind": "lmd"})) == {lmd.pk}
    assert ids(api.get(f"{API}/sessions/", {"programme": programme("VCOA").pk})) == {vcoa.pk}
    assert ids(api.get(f"{API}/sessions/", {"mode": "hybrid"})) == {vcoa.pk}
    assert ids(api.get(f"{API}/sessions/", {"year": vcoa.start_date.year})) >= {vcoa.pk}
    assert ids(api.get(f"{API}/sessions/", {"language": "en"})) == {lmd.pk, vcoa.pk}
    assert api.get(f"{API}/sessions/", {"mode": "teleport"}).status_code == 400


def test_participant_filters_and_scope(api_as, secretariat, member_user):
    session = SessionFactory()
    thai = nominated(session, officer("TH", gender="F"), by=secretariat)
    japanese = enrolled(session, officer("JP", gender="M"), by=secretariat)
    api = api_as(secretariat)
    assert ids(api.get(f"{API}/participants/", {"administration": "JP"})) == {japanese.pk}
    assert ids(api.get(f"{API}/participants/", {"status": S.NOMINATED})) == {thai.pk}
    assert ids(api.get(f"{API}/participants/", {"gender": "F"})) == {thai.pk}
    assert ids(api.get(f"{API}/participants/", {"session": session.pk})) == {thai.pk, japanese.pk}
    assert ids(api_as(member_user).get(f"{API}/participants/")) == {thai.pk}


def test_a_member_nominates_through_the_api_and_the_secretariat_moves_the_path(api_as, member_user, secretariat):
    session = SessionFactory()
    response = api_as(member_user).post(
        f"{API}/participants/",
        {"session": session.pk, "first_name": "Somchai", "last_name": "Prasert", "gender": "M", "post": "Officer"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    participant = response.json()
    assert participant["status"] == S.NOMINATED
    assert participant["administration"] == "TH"
    url = f"{API}/participants/{participant['id']}"
    assert api_as(member_user).post(f"{url}/select/", {}, format="json").status_code == 403
    api = api_as(secretariat)
    assert api.post(f"{url}/enrol/", {}, format="json").status_code == 409
    for move in ("select", "enrol", "complete"):
        assert api.post(f"{url}/{move}/", {"comment": move}, format="json").status_code == 200
    body = api.post(f"{url}/certify/", {"honours": True}, format="json").json()
    assert body["status"] == S.CERTIFIED
    assert body["honours"] is True
    assert [event["to_status"] for event in body["timeline"]] == [
        "nominated",
        "selected",
        "enrolled",
        "completed",
        "certified",
    ]
    certificates = api.get(f"{API}/certificates/", {"session": session.pk}).json()["results"]
    assert certificates[0]["verification_url"].endswith(f"/training/verify/{certificates[0]['code']}/")


def test_a_member_cannot_nominate_another_administrations_officer(api_as, member_user):
    session = SessionFactory()
    person = officer("JP")
    response = api_as(member_user).post(
        f"{API}/participants/", {"session": session.pk, "person": person.pk}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["message"]


def test_bad_nomination_input_is_a_400_with_field_errors(api_as, member_user):
    response = api_as(member_user).post(f"{API}/participants/", {"session": "x"}, format="json")
    assert response.status_code == 400
    assert "session" in response.json()["error"]["fields"]


def test_the_secretariat_creates_a_session_and_bad_dates_are_a_400(api_as, secretariat, member_user):
    body = {
        "programme": programme("FELLOWSHIP").pk,
        "title": "Fellowship (French) 2027",
        "start_date": "2027-03-01",
        "end_date": "2027-04-09",
        "language": "fr",
        "mode": "in_person",
        "venue": "Brussels",
        "capacity": 15,
    }
    assert api_as(member_user).post(f"{API}/sessions/", body, format="json").status_code == 403
    assert api_as(secretariat).post(f"{API}/sessions/", body, format="json").status_code == 201
    wrong = api_as(secretariat).post(f"{API}/sessions/", {**body, "end_date": "2027-01-01"}, format="json")
    assert wrong.status_code == 400
    no_place = api_as(secretariat).post(f"{API}/sessions/", {**body, "venue": ""}, format="json")
    assert no_place.status_code == 400
    assert "venue" in no_place.json()["error"]["fields"]


def test_reviewers_through_the_api(api_as, member_user, secretariat):
    participant = nominated(ended_session("LMD"), officer("TH"), by=secretariat)
    url = f"{API}/participants/{participant.pk}/reviewers/"
    response = api_as(member_user).post(url, {"slot": "peer", "name": "P", "email": "p@example.org"}, format="json")
    assert response.status_code == 200
    assert api_as(member_user).post(url, {"slot": "boss", "name": "P", "email": "x"}, format="json").status_code == 400


@pytest.mark.parametrize("year", ["0", "10000", "-5"])
def test_a_completion_year_the_database_cannot_hold_is_a_400(api_as, secretariat, year):
    # The fuzzer's year=0 was a 500 (ValueError: year 0 is out of range).
    response = api_as(secretariat).get(f"{API}/elearning-completions/", {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()["error"]["fields"]


def test_a_plausible_completion_year_filters(api_as, secretariat):
    assert api_as(secretariat).get(f"{API}/elearning-completions/", {"year": "2026"}).status_code == 200


def test_the_session_api_reads_and_writes_its_tutors_and_experts(api_as, secretariat, member_user, openapi_schema):
    from tests.experts.factories import ExpertFactory
    from tests.wcocb.test_schema_conformance import _errors, _validator

    first, second = ExpertFactory(), ExpertFactory()
    body = {
        "programme": programme("FELLOWSHIP").pk,
        "title": "Fellowship (Spanish) 2027",
        "start_date": "2027-03-01",
        "end_date": "2027-04-09",
        "language": "es",
        "mode": "remote",
        "capacity": 15,
        "tutors": [first.external_id],
    }
    api = api_as(secretariat)
    created = api.post(f"{API}/sessions/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["tutors"] == [first.external_id]
    assert created.json()["tutor_names"] == [first.person.full_name]
    url = f"{API}/sessions/{created.json()['id']}/"

    changed = api.patch(url, {"tutors": [second.external_id, first.external_id]}, format="json")
    assert changed.status_code == 200
    assert sorted(changed.json()["tutors"]) == sorted([first.external_id, second.external_id])
    assert api.patch(url, {"capacity": 16}, format="json").json()["tutors"] == changed.json()["tutors"]

    unknown = api.patch(url, {"tutors": ["ACE-NOSUCHEXPERT"]}, format="json")
    assert unknown.status_code == 400
    assert "tutors" in unknown.json()["error"]["fields"]
    twice = api.patch(url, {"tutors": [first.external_id, first.external_id]}, format="json")
    assert twice.status_code == 400
    assert "tutors" in twice.json()["error"]["fields"]

    member = api_as(member_user)
    assert member.patch(url, {"tutors": []}, format="json").status_code == 403
    read = member.get(url).json()
    assert sorted(read["tutors"]) == sorted([first.external_id, second.external_id])
    assert _errors(_validator(openapi_schema, "/api/v1/training/sessions/{id}/"), read) == []
    assert (
        _errors(_validator(openapi_schema, "/api/v1/training/sessions/"), member.get(f"{API}/sessions/").json()) == []
    )

    cleared = api_as(secretariat).patch(url, {"tutors": []}, format="json")
    assert cleared.status_code == 200, cleared.json()
    assert cleared.json()["tutors"] == []
