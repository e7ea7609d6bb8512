"""The API shell: schema, error body, pagination, permissions on reference data."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_validates_without_warnings(openapi_schema):
    schema = openapi_schema  # generated and validated once per session (tests/conftest.py)
    assert openapi_schema.warnings == []
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/member-administrations/" in schema["paths"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_schema_and_swagger_ui_are_served_with_local_assets(client):
    assert client.get("/api/schema/").status_code == 200
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets
    # local files, and the page's own start-up script (no inline script: Content-Security-Policy)
    assert all(asset.startswith(("/static/", "/api/docs/?")) for asset in assets), assets
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in assets
    script = client.get("/api/docs/?script=").content.decode()
    assert '"validatorUrl": null' in script  # no call to validator.swagger.io from the reader's browser


def test_unauthenticated_requests_get_the_error_body(api):
    response = api.get("/api/v1/regions/")
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "status": 401,
            "code": "not_authenticated",
            "message": "Authentication credentials were not provided.",
            "fields": {},
        }
    }


def test_bad_input_gets_400_with_field_errors_and_changes_nothing(api_as, secretariat):
    from wcocb.models import MemberAdministration

    before = MemberAdministration.objects.count()
    response = api_as(secretariat).post("/api/v1/member-administrations/", {"iso_code": "toolong", "name_en": ""})
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid"
    assert {"iso_code", "name_en", "region"} <= set(body["fields"])
    assert MemberAdministration.objects.count() == before


def test_database_constraint_violations_are_reported_as_400(api_as, secretariat):
    response = api_as(secretariat).post(
        "/api/v1/member-administrations/", {"iso_code": "q1", "name_en": "Nowhere", "region": 1}
    )
    assert response.status_code == 400


def test_not_found_uses_the_error_body(api_as, secretariat):
    response = api_as(secretariat).get("/api/v1/regions/999999/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_list_is_paginated_and_orderable(api_as, member_user):
    api = api_as(member_user)
    body = api.get("/api/v1/member-administrations/", {"page_size": 10, "ordering": "-iso_code"}).json()
    assert body["count"] == 186
    assert len(body["results"]) == 10
    codes = [row["iso_code"] for row in body["results"]]
    assert codes == sorted(codes, reverse=True)
    assert body["next"]


def test_filters_apply(api_as, member_user):
    body = api_as(member_user).get("/api/v1/member-administrations/", {"region": "AP", "page_size": 100}).json()
    assert body["count"] == 35


@pytest.mark.parametrize("fixture", ["member_user", "rocb_officer", "expert_user", "api_client_user"])
def test_only_secretariat_edits_reference_data(request, api_as, fixture):
    user = request.getfixturevalue(fixture)
    api = api_as(user)
    assert api.get("/api/v1/regions/").status_code == 200
    response = api.patch("/api/v1/regions/1/", {"name_en": "Changed"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_secretariat_edits_reference_data(api_as, secretariat):
    from wcocb.models import Region

    region = Region.objects.get(code="AP")
    response = api_as(secretariat).patch(f"/api/v1/regions/{region.pk}/", {"name_fr": "Asie-Pacifique"})
    assert response.status_code == 200
    region.refresh_from_db()
    assert region.name_fr == "Asie-Pacifique"


def test_member_sees_only_its_own_people(api_as, member_user):
    from tests import factories

    own = factories.PersonFactory(administration=factories.member("TH"))
    other = factories.PersonFactory(administration=factories.member("JP"))
    api = api_as(member_user)
    ids = [row["id"] for row in api.get("/api/v1/people/").json()["results"]]
    assert ids == [own.pk]
    assert api.get(f"/api/v1/people/{other.pk}/").status_code == 404


def test_list_query_count_does_not_grow_with_page_size(api_as, member_user, django_assert_max_num_queries):
    api = api_as(member_user)
    with django_assert_max_num_queries(4):
        assert len(api.get("/api/v1/member-administrations/", {"page_size": 5}).json()["results"]) == 5
    with django_assert_max_num_queries(4):
        assert len(api.get("/api/v1/member-administrations/", {"page_size": 150}).json()["results"]) == 150


def test_deleting_a_record_in_use_is_a_409_not_a_500(api_as, secretariat):
    from wcocb.models import Region

    region = Region.objects.get(code="AP")
    response = api_as(secretariat).delete(f"/api/v1/regions/{region.pk}/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "protected"
    assert Region.objects.filter(pk=region.pk).exists()


def test_unknown_api_urls_answer_with_the_json_error_body(api_as, secretariat):
    response = api_as(secretariat).get("/api/v1/regions/not.a.number/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


def test_a_value_the_database_cannot_store_is_a_400_not_a_500():
    """The safety net behind the fields' validators: PostgreSQL's DataError (a NUL character, a
    number out of range) is the client's input, answered with the error body."""
    from django.db import DataError

    from wcocb.api.exceptions import exception_handler

    response = exception_handler(DataError("integer out of range"), {})
    assert response.status_code == 400
    assert response.data["error"]["code"] == "invalid"
    assert response.data["error"]["status"] == 400


@pytest.mark.parametrize(
    ("endpoint", "body", "field"),
    [
        ("/api/v1/languages/", {"code": "\x17", "name_en": "Control"}, "code"),
        ("/api/v1/languages/", {"code": "EN2", "name_en": "Shouting"}, "code"),
        ("/api/v1/donors/", {"code": "a b", "name": "Spaced"}, "code"),
        ("/api/v1/member-administrations/", {"iso_code": "t1", "name_en": "Nowhere", "region": 1}, "iso_code"),
    ],
)
def test_reference_codes_must_have_their_format(api_as, secretariat, endpoint, body, field):
    response = api_as(secretariat).post(endpoint, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"candidate_topic": "ET-\x00"}, "candidate_topic"),
        ({"administration": "T\x00"}, "administration"),
        ({"languages": [{"language": "e\x00", "level": "basic"}]}, "languages"),
    ],
)
def test_a_nul_character_in_a_code_is_a_field_error(api_as, secretariat, body, field):
    response = api_as(secretariat).post(
        "/api/v1/experts/", {"first_name": "Ada", "last_name": "Lovelace", "kind": "candidate", **body}, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]


def test_the_schema_is_generated_once_per_process_and_language(client, monkeypatch):
    from drf_spectacular.generators import SchemaGenerator

    from wcocb.api import schema

    schema.clear()
    generated = []
    original = SchemaGenerator.get_schema

    def counting(self, *args, **kwargs):
        generated.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counting)
    first = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    again = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert len(generated) == 1
    french = client.get("/api/schema/?lang=fr", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert french.status_code == 200
    assert len(generated) == 2  # the descriptions are in the caller's language: one schema per language
    assert client.get("/api/schema/?lang=fr").status_code == 200  # YAML from the same French schema
    assert len(generated) == 2
    schema.clear()
