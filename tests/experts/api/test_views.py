"""The experts API: permissions per role, pipeline actions, errors, query counts, schema."""

import datetime

import pytest

from experts import services
from experts.choices import ExpertKind, Stage
from experts.models import Accreditation
from tests import factories as base
from tests.experts import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def thai():
    return f.ExpertFactory(person=base.PersonFactory(last_name="Thai", administration=base.member("TH")))


@pytest.fixture
def japanese():
    return f.ExpertFactory(person=base.PersonFactory(last_name="Japanese", administration=base.member("JP")))


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_member_sees_only_own_administrations_experts(api_as, member_user, thai, japanese):
    api = api_as(member_user)
    assert ids(api.get("/api/v1/experts/")) == {thai.pk}
    assert api.get(f"/api/v1/experts/{japanese.pk}/").status_code == 404
    assert api.get(f"/api/v1/experts/{thai.pk}/").status_code == 200


def test_rocb_officer_searches_everyone(api_as, rocb_officer, thai, japanese):
    assert {thai.pk, japanese.pk} <= ids(api_as(rocb_officer).get("/api/v1/experts/"))


def test_expert_sees_and_edits_only_allowed_own_fields(api_as, expert_user, thai):
    own = f.ExpertFactory(person=base.PersonFactory(user=expert_user))
    api = api_as(expert_user)
    assert ids(api.get("/api/v1/experts/")) == {own.pk}
    response = api.patch(
        f"/api/v1/experts/{own.pk}/", {"phone": "+66 2", "languages": [{"language": "en", "level": "fluent"}]}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["phone"] == "+66 2"
    assert response.json()["languages"] == [{"language": "en", "level": "fluent"}]
    response = api.patch(f"/api/v1/experts/{own.pk}/", {"kind": "recognized"})
    assert response.status_code == 403
    assert "kind" in response.json()["error"]["message"]
    assert api.patch(f"/api/v1/experts/{thai.pk}/", {"phone": "1"}).status_code == 404


def test_expert_patching_keys_that_are_no_profile_field_is_refused_with_their_names(api_as, expert_user):
    own = f.ExpertFactory(person=base.PersonFactory(user=expert_user), biography="Before")
    response = api_as(expert_user).patch(f"/api/v1/experts/{own.pk}/", {"by": 1, "expert": 2, "biography": "After"})
    assert response.status_code == 403
    message = response.json()["error"]["message"]
    assert "by" in message
    assert "expert" in message
    own.refresh_from_db()
    assert own.biography == "Before"


def test_api_client_cannot_write(api_as, api_client_user, thai):
    api = api_as(api_client_user)
    assert api.get("/api/v1/experts/").status_code == 200
    assert api.post("/api/v1/experts/", {"first_name": "A", "last_name": "B", "kind": "accredited"}).status_code == 403
    assert api.patch(f"/api/v1/experts/{thai.pk}/", {"biography": "x"}).status_code == 403


def test_secretariat_creates_expert_and_bad_input_gives_field_errors(api_as, secretariat):
    api = api_as(secretariat)
    response = api.post(
        "/api/v1/experts/",
        {"first_name": "Ana", "last_name": "Silva", "administration": "BR", "kind": "accredited",
         "languages": [{"language": "es", "level": "native"}]},
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["administration"] == "BR"
    response = api.post("/api/v1/experts/", {"first_name": "X", "last_name": "Y", "kind": "external"})
    assert response.status_code == 400
    assert "external_justification" in response.json()["error"]["fields"]
    response = api.post("/api/v1/experts/", {"last_name": "Y", "kind": "wizard"})
    assert response.status_code == 400
    assert {"first_name", "kind"} <= set(response.json()["error"]["fields"])


def test_member_may_propose_only_own_candidates(api_as, member_user):
    api = api_as(member_user)
    response = api.post(
        "/api/v1/experts/", {"first_name": "K", "last_name": "Nine", "kind": "candidate", "administration": "JP"}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["administration"] == "TH"  # forced to the member's own administration
    assert api.post("/api/v1/experts/", {"first_name": "A", "last_name": "B", "kind": "accredited"}).status_code == 403


def test_pipeline_actions(api_as, secretariat, thai):
    api = api_as(secretariat)
    response = api.post("/api/v1/accreditations/", {"expert": thai.pk, "area": "DF", "on": "2021-01-04"})
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = api.post(
        f"/api/v1/accreditations/{pk}/complete-field-evaluation/",
        {"evaluator": f.founder("DF").pk, "evaluated_on": "2021-06-01"},
    )
    assert response.status_code == 409
    assert "skipped" in response.json()["error"]["message"]
    workshop = f.WorkshopFactory(category="DF", start_date=D(2021, 3, 1), end_date=D(2021, 3, 5))
    response = api.post(f"/api/v1/accreditations/{pk}/pass-workshop/", {"workshop": workshop.pk})
    assert response.status_code == 200
    assert response.json()["stage"] == Stage.FIRST_STEP
    response = api.post(
        f"/api/v1/accreditations/{pk}/complete-field-evaluation/",
        {"evaluator": f.founder("TOA").pk, "evaluated_on": "2021-06-01"},
    )
    assert response.status_code == 400
    response = api.post(
        f"/api/v1/accreditations/{pk}/complete-field-evaluation/",
        {"evaluator": f.founder("DF").pk, "evaluated_on": "2021-06-01"},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["stage"] == Stage.FULLY_ACCREDITED
    assert [e["to_stage"] for e in body["events"]] == [Stage.PRE_ASSESSED, Stage.FIRST_STEP, Stage.FULLY_ACCREDITED]
    response = api.post(f"/api/v1/accreditations/{pk}/withdraw/", {"on": "2022-01-03"})
    assert response.status_code == 400
    assert api.post(f"/api/v1/accreditations/{pk}/withdraw/", {"on": "bad"}).status_code == 400


def test_member_cannot_move_the_pipeline(api_as, member_user, secretariat, thai):
    accreditation = f.pre_assessed(thai, "DF", by=secretariat)
    workshop = f.WorkshopFactory()
    response = api_as(member_user).post(
        f"/api/v1/accreditations/{accreditation.pk}/pass-workshop/", {"workshop": workshop.pk}
    )
    assert response.status_code == 403
    assert Accreditation.objects.get(pk=accreditation.pk).stage == Stage.PRE_ASSESSED


def test_workshop_record_result_endpoint(api_as, secretariat, thai):
    f.pre_assessed(thai, "TOA-AEO", by=secretariat)
    api = api_as(secretariat)
    response = api.post("/api/v1/accreditation-workshops/", {"category": "TOA", "area": f.area("TOA-AEO").pk,
                        "start_date": "2021-12-06", "end_date": "2021-12-10", "venue": "Tokyo"})  # fmt: skip
    assert response.status_code == 201, response.json()
    response = api.post(
        f"/api/v1/accreditation-workshops/{response.json()['id']}/record-result/",
        {"expert": thai.pk, "result": "passed"},
    )
    assert response.status_code == 200, response.json()
    assert thai.accreditations.get().stage == Stage.FIRST_STEP
    bad = api.post(
        "/api/v1/accreditation-workshops/", {"category": "TOA", "start_date": "2021-12-10", "end_date": "2021-12-06"}
    )
    assert bad.status_code == 400


def test_candidate_list_endpoints(api_as, member_user, rocb_officer, other_member_user):
    candidate = f.ExpertFactory(kind=ExpertKind.CANDIDATE, candidate_topic=f.area("CAND-NII"), candidate_english=True,
                                candidate_topic_expertise=True, candidate_capacity_building=True,
                                candidate_wco_instruments=True)  # fmt: skip
    response = api_as(other_member_user).post("/api/v1/candidate-list/", {"expert": candidate.pk})
    assert response.status_code == 403
    response = api_as(member_user).post("/api/v1/candidate-list/", {"expert": candidate.pk})
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert api_as(member_user).post(f"/api/v1/candidate-list/{pk}/accept/").status_code == 403
    response = api_as(rocb_officer).post(f"/api/v1/candidate-list/{pk}/accept/")
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert api_as(rocb_officer).post(f"/api/v1/candidate-list/{pk}/reject/", {"comment": "x"}).status_code == 409


def test_deployments_and_unavailabilities(api_as, secretariat, member_user, thai, japanese):
    api = api_as(secretariat)
    response = api.post(
        "/api/v1/deployments/", {"expert": thai.pk, "start_date": "2025-03-03", "end_date": "2025-03-07"}
    )
    assert response.status_code == 201, response.json()
    member = api_as(member_user)
    response = member.post(
        "/api/v1/unavailabilities/", {"expert": thai.pk, "start_date": "2025-04-01", "end_date": "2025-04-02"}
    )
    assert response.status_code == 201
    response = member.post(
        "/api/v1/unavailabilities/", {"expert": japanese.pk, "start_date": "2025-04-01", "end_date": "2025-04-02"}
    )
    assert response.status_code == 403
    assert (
        member.post(
            "/api/v1/deployments/", {"expert": thai.pk, "start_date": "2025-03-03", "end_date": "2025-03-07"}
        ).status_code
        == 403
    )


def test_expertise_areas_public_and_editable_by_secretariat(api_as, member_user, secretariat):
    assert api_as(member_user).get("/api/v1/expertise-areas/").json()["count"] == 23
    assert (
        api_as(member_user)
        .post("/api/v1/expertise-areas/", {"category": "TOA", "code": "TOA-X", "name_en": "X"})
        .status_code
        == 403
    )
    response = api_as(secretariat).post(
        "/api/v1/expertise-areas/", {"category": "TOA", "code": "TOA-ECOM", "name_en": "E-commerce"}
    )
    assert response.status_code == 201
    response = api_as(secretariat).post(
        "/api/v1/expertise-areas/", {"category": "TOA", "code": "ECOM", "name_en": "E-commerce"}
    )
    assert response.status_code == 400


def test_api_filters_and_facets(api_as, secretariat, thai, japanese):
    f.first_step(japanese, "CMA", by=secretariat)
    api = api_as(secretariat)
    assert ids(api.get("/api/v1/experts/", {"category": "CMA"})) == {japanese.pk}
    assert api.get("/api/v1/experts/", {"stage": "nope"}).status_code == 400
    facets = api.get("/api/v1/experts/facets/", {"administration": "JP"}).json()
    assert {row["value"]: row["count"] for row in facets["category"]}["CMA"] == 1


@pytest.mark.parametrize("page_size", [5, 25])
def test_list_query_count_does_not_grow_with_page_size(api_as, secretariat, page_size, django_assert_max_num_queries):
    for index in range(30):
        expert = f.ExpertFactory(biography=f"Customs valuation officer number {index}")
        if index % 3 == 0:
            f.pre_assessed(expert, "DF", by=secretariat)
    api = api_as(secretariat)
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/experts/", {"page_size": page_size, "q": "valuation", "ordering": "name"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size  # real rows, so an N+1 would show
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/experts/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
    with django_assert_max_num_queries(6):  # ranked: keys and total in one query, then the rows
        response = api.get("/api/v1/experts/", {"page_size": page_size, "q": "valuation", "page": 2})
    assert len(response.json()["results"]) == 5  # 30 matches: page 2 holds 5 rows at either size


def test_a_ranked_search_pages_in_rank_order_with_its_total(api_as, secretariat):
    for index in range(12):  # "valuation" 1 to 12 times: the rank falls with the index
        person = base.PersonFactory(first_name="Bo", last_name="Ek")  # no trigram of "valuation"
        f.ExpertFactory(person=person, biography=" ".join(["valuation"] * (12 - index) + ["customs"] * index))
    f.ExpertFactory(biography="Nothing of the kind")
    api = api_as(secretariat)
    pages = [api.get("/api/v1/experts/", {"q": "valuation", "page_size": 5, "page": n}).json() for n in (1, 2, 3)]
    assert [body["count"] for body in pages] == [12, 12, 12]
    ranks = [row["rank"] for body in pages for row in body["results"]]
    assert ranks == sorted(ranks, reverse=True)
    assert len(set(ranks)) == 12
    assert [row["biography"].count("valuation") for row in pages[0]["results"]] == [12, 11, 10, 9, 8]
    assert pages[0]["next"].endswith("page=2&page_size=5&q=valuation")
    assert pages[2]["next"] is None
    assert api.get("/api/v1/experts/", {"q": "valuation", "page_size": 5, "page": 4}).status_code == 404


@pytest.mark.parametrize("page_size", [5, 25])
def test_accreditation_list_query_count_does_not_grow_with_page_size(
    api_as, secretariat, page_size, django_assert_max_num_queries
):
    for index in range(30):
        expert = f.ExpertFactory()
        if index % 2:
            f.first_step(expert, "DF", by=secretariat)
        else:
            f.pre_assessed(expert, "CMA", by=secretariat)
    with django_assert_max_num_queries(6):
        response = api_as(secretariat).get("/api/v1/accreditations/", {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [5, 25])
@pytest.mark.parametrize("user", ["secretariat", "member_user"])
def test_workshop_list_query_count_does_not_grow_with_page_size(
    request, api_as, secretariat, user, page_size, django_assert_max_num_queries
):
    for _index in range(30):
        workshop = f.WorkshopFactory()
        for _participant in range(2):
            services.workshop_add_participant(workshop=workshop, expert=f.ExpertFactory(), by=secretariat)
    api = api_as(request.getfixturevalue(user))
    with django_assert_max_num_queries(7):
        response = api.get("/api/v1/accreditation-workshops/", {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size


def test_schema_generates_without_warnings_from_the_experts_api():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    mine = [
        message
        for message in list(GENERATOR_STATS._warn_cache) + list(GENERATOR_STATS._error_cache)
        if "experts" in message
        or any(name in message for name in ("Expert", "Accreditation", "Workshop", "Nomination"))
    ]
    assert mine == []
    assert {"/api/v1/experts/", "/api/v1/accreditations/{id}/pass-workshop/", "/api/v1/candidate-list/"} <= set(
        schema["paths"]
    )


def test_an_existing_person_is_made_an_expert_and_keeps_one_record(api_as, secretariat, member_user):
    """The same officer, known already (a trainee, a workshop participant), becomes an expert:
    the person record is reused, not duplicated."""
    from wcocb.models import Person

    person = base.PersonFactory(first_name="Malee", last_name="Srisuk", administration=base.member("TH"))
    response = api_as(secretariat).post(
        "/api/v1/experts/", {"person": person.pk, "kind": "accredited", "current_post": "Director"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["last_name"] == "Srisuk"
    assert Person.objects.filter(last_name="Srisuk").count() == 1
    person.refresh_from_db()
    assert person.current_post == "Director"
    again = api_as(secretariat).post("/api/v1/experts/", {"person": person.pk, "kind": "accredited"}, format="json")
    assert again.status_code == 409  # already an expert
    japanese = base.PersonFactory(administration=base.member("JP"))
    foreign = api_as(member_user).post("/api/v1/experts/", {"person": japanese.pk, "kind": "candidate"}, format="json")
    assert foreign.status_code == 400
    assert "person" in foreign.json()["error"]["fields"]
