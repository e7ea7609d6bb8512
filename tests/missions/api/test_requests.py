"""The missions API: scoping per role, transitions as actions with their refusals, filters, query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from experts.choices import ExpertKind
from experts.models import Expert
from missions import services as mission_services
from missions.choices import Status
from missions.hooks import close_checks
from missions.models import MissionRequest
from tests import factories as base
from tests.missions import flow
from tests.missions.factories import ExpertFactory, MissionRequestFactory, area, home_member, make_expert

pytestmark = pytest.mark.django_db

URL = "/api/v1/mission-requests/"


def payload(**overrides):
    values = {
        "kind": "tfa_scoping",
        "title": "TFA scoping mission",
        "objectives": "Scope TFA articles 7 and 10.",
        "preferred_start": "2027-03-01",
        "preferred_end": "2027-03-05",
        "duration_days": 5,
        "language": "en",
        "funding": "WCO",
        "areas": [area("MPA").pk],
    }
    values.update(overrides)
    return values


def test_member_creates_a_request_for_its_administration(api_as, member_user):
    response = api_as(member_user).post(URL, payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["step"], body["administration"]) == ("received", 1, member_user.administration_id)
    assert body["actions"] == ["cancel"]
    assert [event["action"] for event in body["timeline"]] == ["submitted"]


def test_member_cannot_create_for_another_administration(api_as, member_user):
    response = api_as(member_user).post(URL, payload(administration=base.member("JP").pk), format="json")
    assert response.status_code == 403
    assert "own administration" in response.json()["error"]["message"]


def test_secretariat_creates_on_a_members_behalf(api_as, secretariat):
    response = api_as(secretariat).post(URL, payload(administration=base.member("KE").pk), format="json")
    assert response.status_code == 201
    assert response.json()["region"] == "ESA"


def test_invalid_request_is_a_400_with_fields(api_as, member_user):
    response = api_as(member_user).post(URL, payload(kind="party", duration_days=0), format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) >= {"kind"}


@pytest.mark.parametrize("user_fixture", ["rocb_officer", "expert_user", "api_client_user"])
def test_other_roles_cannot_create(request, api_as, user_fixture):
    response = api_as(request.getfixturevalue(user_fixture)).post(URL, payload(), format="json")
    assert response.status_code == 403


def test_member_sees_only_its_own_requests(api_as, member_user, other_member_user):
    own = MissionRequestFactory()
    other = MissionRequestFactory(administration=base.member("JP"))
    response = api_as(member_user).get(URL)
    assert [row["id"] for row in response.json()["results"]] == [own.pk]
    assert api_as(member_user).get(f"{URL}{other.pk}/").status_code == 404
    assert api_as(other_member_user).get(f"{URL}{own.pk}/").status_code == 404
    assert api_as(other_member_user).post(f"{URL}{own.pk}/cancel/", {"reason": "x"}).status_code == 404


def test_rocb_sees_its_region(api_as, rocb_officer):
    thai = MissionRequestFactory()
    MissionRequestFactory(administration=base.member("FR"))
    assert [row["id"] for row in api_as(rocb_officer).get(URL).json()["results"]] == [thai.pk]


def test_expert_sees_the_missions_they_are_on(api_as, secretariat, expert_user):
    mission, _ = flow.release_requested(secretariat, experts=[make_expert(user=expert_user)])
    MissionRequestFactory()
    api = api_as(expert_user)
    assert [row["id"] for row in api.get(URL).json()["results"]] == [mission.pk]
    assert api.get(f"{URL}{mission.pk}/").status_code == 200


def _shortlisted_only(secretariat, expert):
    mission, _ = flow.checking(secretariat, experts=[expert])
    return mission


def _declined(secretariat, expert):
    mission, [assignment] = flow.release_requested(secretariat, experts=[expert])
    mission_services.release_decline(letter=assignment.release_letter, by=secretariat, reason="Not released")
    return mission


def _deselected(secretariat, expert):
    mission, [assignment] = flow.release_requested(secretariat, experts=[expert])
    mission_services.request_reopen_selection(request=mission, by=secretariat)
    mission_services.assignment_record_availability(
        assignment=assignment, answer="available", selected=False, by=secretariat
    )
    return mission


@pytest.mark.parametrize("situation", [_shortlisted_only, _declined, _deselected])
def test_expert_not_on_the_mission_cannot_open_it(api_as, client_as, secretariat, expert_user, situation):
    mission = situation(secretariat, make_expert(user=expert_user))
    api = api_as(expert_user)
    assert api.get(URL).json()["results"] == []
    assert api.get(f"{URL}{mission.pk}/").status_code == 404
    assert client_as(expert_user).get(mission.get_absolute_url()).status_code == 404


def test_refused_transitions_answer_403_409_400_with_the_reason(api_as, secretariat, member_user):
    mission = MissionRequestFactory()
    response = api_as(member_user).post(f"{URL}{mission.pk}/plan/", {"plan_year": 2027}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"

    api = api_as(secretariat)
    response = api.post(f"{URL}{mission.pk}/plan/", {"plan_year": 2027}, format="json")
    assert response.status_code == 400
    assert "ROCB has not commented" in response.json()["error"]["message"]
    assert api.post(f"{URL}{mission.pk}/rocb-comment/", {"comment": "Supported"}, format="json").status_code == 200
    assert api.post(f"{URL}{mission.pk}/plan/", {"plan_year": 2027}, format="json").status_code == 200
    response = api.post(f"{URL}{mission.pk}/plan/", {"plan_year": 2027}, format="json")
    assert response.status_code == 409
    assert "not possible while the request is" in response.json()["error"]["message"]

    response = api.post(f"{URL}{mission.pk}/hold/", {"reason": ""}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["message"]


def test_rocb_comments_through_the_api_and_the_actions_advertised_follow(api_as, rocb_officer, secretariat):
    mission = MissionRequestFactory()
    rocb = api_as(rocb_officer)
    assert rocb.get(f"{URL}{mission.pk}/").json()["actions"] == ["rocb-comment"]
    assert api_as(secretariat).get(f"{URL}{mission.pk}/").json()["actions"] == ["rocb-comment", "hold", "cancel"]
    rocb = api_as(rocb_officer)  # the test client is shared: sign in as the ROCB again
    response = rocb.post(f"{URL}{mission.pk}/rocb-comment/", {"comment": ""}, format="json")
    assert response.status_code == 400
    response = rocb.post(f"{URL}{mission.pk}/rocb-comment/", {"comment": "Fits the regional plan"}, format="json")
    assert response.status_code == 200
    event = response.json()["timeline"][-1]
    assert (event["action"], event["actor"], event["comment"]) == (
        "rocb_commented",
        rocb_officer.pk,
        "Fits the regional plan",
    )
    assert api_as(secretariat).get(f"{URL}{mission.pk}/").json()["actions"] == [
        "rocb-comment",
        "plan",
        "hold",
        "cancel",
    ]


def test_secretariat_sets_the_mission_dates_through_the_api(api_as, secretariat):
    mission = flow.commented(secretariat, preferred_end=datetime.date(2027, 3, 31))
    mission_services.request_plan(request=mission, plan_year=2027, by=secretariat)
    api = api_as(secretariat)
    response = api.post(
        f"{URL}{mission.pk}/set-dates/", {"start_date": "2027-03-08", "end_date": "2027-03-14"}, format="json"
    )
    assert response.status_code == 400
    assert "must cover 5 days, not 7" in response.json()["error"]["message"]
    response = api.post(
        f"{URL}{mission.pk}/set-dates/", {"start_date": "2027-03-08", "end_date": "2027-03-12"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["start_date"], body["end_date"], body["timeline"][-1]["action"]) == (
        "2027-03-08",
        "2027-03-12",
        "dates_set",
    )


def test_every_advertised_action_is_an_endpoint_of_the_api():
    from missions.api.serializers import api_action_name
    from missions.api.views import MissionRequestViewSet
    from missions.rules import RULES

    paths = {extra.url_path for extra in MissionRequestViewSet.get_extra_actions()}
    assert {api_action_name(name) for name in RULES} <= paths


def test_external_expert_without_justification_is_a_400(api_as, secretariat):
    mission = flow.searching(secretariat)
    external = ExpertFactory(kind=ExpertKind.EXTERNAL)
    response = api_as(secretariat).post(
        f"{URL}{mission.pk}/shortlist/", {"experts": [{"expert": external.pk}]}, format="json"
    )
    assert response.status_code == 400
    assert "External Expert" in response.json()["error"]["message"]


def test_assignment_of_another_request_is_refused(api_as, secretariat):
    mission, _ = flow.checking(secretariat)
    _, [foreign] = flow.checking(secretariat, title="Other")
    response = api_as(secretariat).post(
        f"{URL}{mission.pk}/record-availability/",
        {"assignment": foreign.pk, "availability": "available"},
        format="json",
    )
    assert response.status_code == 400


def test_carry_a_request_from_submission_to_closure_through_the_api(api_as, secretariat, member_user, monkeypatch):
    # The mission report check (tested with the reports) is left out of this workflow test.
    monkeypatch.setattr(close_checks, "items", [])
    lead_expert = make_expert(administration="JP", full=("MPA",))
    member_expert = make_expert(administration="KR", full=("MPA",))
    api = api_as(member_user)
    mission = api.post(URL, payload(), format="json").json()
    url = f"{URL}{mission['id']}/"

    api = api_as(secretariat)

    def act(action, data=None, expect=200, **kwargs):
        response = api.post(f"{url}{action}/", data or {}, format=kwargs.get("format", "json"))
        assert response.status_code == expect, response.json()
        return response.json()

    rocb = api_as(base.RocbFactory(username="rocb-ap"))
    response = rocb.post(f"{url}rocb-comment/", {"comment": "A regional priority"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["timeline"][-1]["action"] == "rocb_commented"
    api = api_as(secretariat)
    body = act("plan", {"plan_year": 2027, "start_date": "2027-03-01", "end_date": "2027-03-05"})
    assert (body["status"], body["start_date"], body["end_date"]) == ("planned", "2027-03-01", "2027-03-05")
    assert act("start-search")["step"] == 2
    suggestions = api.get(f"{url}suggestions/").json()
    assert {row["expert"] for row in suggestions} >= {lead_expert.pk, member_expert.pk}
    body = act("shortlist", {"experts": [{"expert": lead_expert.pk, "role": "lead"}, {"expert": member_expert.pk}]})
    assert (body["status"], body["step"]) == ("availability_check", 3)
    assignments = {
        row["expert"]: row["id"]
        for row in api.get("/api/v1/assignments/", {"request": mission["id"]}).json()["results"]
    }
    for assignment in assignments.values():
        act("record-availability", {"assignment": assignment, "availability": "available", "selected": True})
    deadline = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()  # noqa: DTZ011
    body = act("request-release", {"deadline": deadline})
    assert (body["status"], body["step"]) == ("release_requested", 4)

    for expert in (lead_expert, member_expert):
        home = api_as(home_member(expert))
        [letter] = home.get("/api/v1/release-letters/").json()["results"]
        assert letter["expert"] == expert.pk
        response = home.post(f"/api/v1/release-letters/{letter['id']}/approve/", {"comment": "OK"}, format="json")
        assert response.status_code == 200, response.json()
        assert response.json()["answer"] == "approved"
    api = api_as(secretariat)
    assert api.get(url).json()["step"] == 5

    assert act("form-team")["status"] == "team_formed"
    for assignment in assignments.values():
        act("brief", {"assignment": assignment})
    tor = SimpleUploadedFile("tor.pdf", b"%PDF-1.4 terms", content_type="application/pdf")
    response = api.post(f"{url}upload-document/", {"kind": "tor", "title": "ToR", "file": tor}, format="multipart")
    assert response.status_code == 200, response.json()
    mission = MissionRequest.objects.get(pk=mission["id"])
    with flow.on(mission.start_date):
        assert act("deploy")["status"] == "deployed"
    with flow.on(mission.end_date):
        assert act("complete")["status"] == "completed"
        body = act("close")  # on the same day: the timeline is in time order
    assert (body["status"], body["step"], body["actions"]) == ("closed", 7, [])
    assert [event["to_status"] for event in body["timeline"] if event["from_status"] != event["to_status"]] == [
        "received",
        "planned",
        "expert_search",
        "availability_check",
        "release_requested",
        "released",
        "team_formed",
        "deployed",
        "completed",
        "closed",
    ]


def test_release_letters_are_seen_by_the_home_administration_only(api_as, secretariat, member_user):
    korean = make_expert(administration="KR")
    _, [assignment] = flow.release_requested(secretariat, experts=[korean])
    letter_url = f"/api/v1/release-letters/{assignment.release_letter.pk}/"
    assert api_as(home_member(korean)).get(letter_url).status_code == 200
    # the requesting administration (Thailand) is not the expert's home
    assert api_as(member_user).get("/api/v1/release-letters/").json()["results"] == []
    assert api_as(member_user).post(f"{letter_url}approve/", {}, format="json").status_code == 404
    # the home administration sees the assignment addressed to it too
    assert api_as(home_member(korean)).get("/api/v1/assignments/").json()["results"][0]["id"] == assignment.pk


def test_decline_through_the_api_needs_a_reason(api_as, secretariat):
    expert = make_expert()
    _, [assignment] = flow.release_requested(secretariat, experts=[expert])
    home = api_as(home_member(expert))
    url = f"/api/v1/release-letters/{assignment.release_letter.pk}/decline/"
    assert home.post(url, {"reason": ""}, format="json").status_code == 400
    response = home.post(url, {"reason": "Audit season"}, format="json")
    assert response.json()["answer"] == "declined"


def test_commitment_refusal_and_override_through_the_api(api_as, secretariat):
    from experts import services as expert_services

    expert = make_expert()
    expert_services.deployment_record(
        expert=expert, start_date=datetime.date(2026, 2, 2), end_date=datetime.date(2026, 4, 24), by=secretariat
    )
    _, [assignment] = flow.release_requested(secretariat, experts=[expert])
    url = f"/api/v1/release-letters/{assignment.release_letter.pk}/approve/"
    response = api_as(home_member(expert)).post(url, {}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "commitment_exceeded"
    response = api_as(secretariat).post(
        f"/api/v1/assignments/{assignment.pk}/override-commitment/", {"reason": "Unique expertise"}, format="json"
    )
    assert response.json()["commitment_override"] is True
    assert api_as(home_member(expert)).post(url, {}, format="json").status_code == 200


def test_suggestions_explain_their_score(api_as, secretariat):
    mission = flow.searching(secretariat)
    mission.areas.set([area("DF")])
    strong = make_expert(full=("DF",), administration="MY")
    weak = make_expert(full=(), first_step=("DF",), languages=("fr",), administration="FR")
    rows = api_as(secretariat).get(f"{URL}{mission.pk}/suggestions/").json()
    ranked = [row["expert"] for row in rows]
    assert ranked.index(strong.pk) < ranked.index(weak.pk)
    reasons = {reason["text"]: reason["points"] for reason in rows[ranked.index(strong.pk)]["reasons"]}
    assert reasons["Fully accredited in DF"] == 30
    assert reasons["From the same region (AP)"] == 10
    assert reasons["Free on the dates"] == 10
    assert any(text.startswith("Works in English") for text in reasons)
    assert rows[ranked.index(strong.pk)]["score"] == sum(reasons.values())


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "AP"}, {"th"}),
        ({"kind": "training"}, {"ke"}),
        ({"year": 2028}, {"ke"}),
        ({"funding": "SIDA-MERCATOR"}, {"ke"}),
        ({"status": "planned"}, {"ke"}),
        ({"step": 1}, {"th", "ke"}),
        ({"step": 2}, {"held"}),
        ({"administration": "KE"}, {"ke"}),
    ],
)
def test_filters(api_as, secretariat, params, expected):
    from wcocb.models import FundingSource

    MissionRequestFactory(title="th")
    MissionRequestFactory(
        title="ke",
        administration=base.member("KE"),
        kind="training",
        plan_year=2028,
        status=Status.PLANNED,
        funding=FundingSource.objects.get(code="SIDA-MERCATOR"),
    )
    MissionRequestFactory(
        title="held", administration=base.member("FR"), status=Status.ON_HOLD, held_from=Status.EXPERT_SEARCH
    )
    if params.get("administration"):
        params = {"administration": base.member(params["administration"]).pk}
    rows = api_as(secretariat).get(URL, params).json()["results"]
    assert {row["title"] for row in rows} == expected


@pytest.mark.parametrize("count", [3, 12])
def test_list_query_count_does_not_grow_with_the_page(api_as, secretariat, django_assert_max_num_queries, count):
    for _ in range(count):
        mission = MissionRequestFactory()
        mission.areas.set([area("DF"), area("CMA")])
    api = api_as(secretariat)
    with django_assert_max_num_queries(5):
        response = api.get(URL, {"page_size": count})
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [2, 8])
def test_letter_list_query_count(api_as, secretariat, django_assert_max_num_queries, count):
    flow.release_requested(secretariat, experts=[make_expert(administration="KR") for _ in range(count)])
    api = api_as(secretariat)
    with django_assert_max_num_queries(4):
        response = api.get("/api/v1/release-letters/")
    assert response.json()["count"] == count
    with django_assert_max_num_queries(4):
        assert api.get("/api/v1/assignments/").json()["count"] == count


def test_members_do_not_get_expert_suggestions(api_as, member_user, rocb_officer):
    mission = MissionRequestFactory()
    assert api_as(member_user).get(f"{URL}{mission.pk}/suggestions/").status_code == 403
    assert api_as(rocb_officer).get(f"{URL}{mission.pk}/suggestions/").status_code == 200


@pytest.mark.parametrize("limit", ["abc", "0", "-3", "101", "1.5"])
def test_invalid_suggestion_limit_is_a_400_with_a_field_error(api_as, secretariat, limit):
    mission = flow.searching(secretariat)
    response = api_as(secretariat).get(f"{URL}{mission.pk}/suggestions/", {"limit": limit})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"limit"}


def test_suggestion_limit_caps_the_answer(api_as, secretariat):
    mission = flow.searching(secretariat)
    for _ in range(3):
        make_expert()
    assert len(api_as(secretariat).get(f"{URL}{mission.pk}/suggestions/", {"limit": 2}).json()) == 2
    everyone = api_as(secretariat).get(f"{URL}{mission.pk}/suggestions/").json()
    assert len(everyone) == min(Expert.objects.count(), 20) > 2


def test_suggestion_limit_is_documented_in_the_schema(api_as, secretariat):
    schema = api_as(secretariat).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/mission-requests/{id}/suggestions/"]["get"]
    limit = next(parameter for parameter in operation["parameters"] if parameter["name"] == "limit")
    assert (limit["in"], limit["schema"]["type"], limit["schema"]["minimum"], limit["schema"]["maximum"]) == (
        "query",
        "integer",
        1,
        100,
    )


def test_every_advertised_action_is_a_route_of_the_request(api_as, secretariat):
    from django.urls import resolve

    from missions.rules import RULES

    mission = MissionRequestFactory()
    advertised = api_as(secretariat).get(f"{URL}{mission.pk}/").json()["actions"]
    assert advertised == ["rocb-comment", "hold", "cancel"]  # planning waits for the ROCB's comment
    for name in RULES:  # every action the workflow can ever offer, not only today's
        api_name = name.replace("_", "-")
        match = resolve(f"{URL}{mission.pk}/{api_name}/")
        assert match.url_name == f"mission-request-{api_name}", name
        assert "post" in match.func.actions, name
