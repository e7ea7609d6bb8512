"""API responses match the OpenAPI schema they publish (what schemathesis' response_schema_conformance checks):
an expert without e-mail address or candidate topic, a mission request with its detail, validated against the
generated component schemas with jsonschema."""

import jsonschema
import pytest

from tests.missions import flow
from tests.missions.factories import make_expert
from wcocb.models import Person

pytestmark = pytest.mark.django_db


def _validator(openapi_schema, path: str, method: str = "get", status: str = "200"):
    schema = openapi_schema
    response = schema["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    document = {**response, "components": schema["components"]}
    return jsonschema.Draft202012Validator(
        _nullable_to_type(document), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _nullable_to_type(node):
    """OpenAPI 3.0's ``nullable: true`` as JSON Schema's ``null`` type (what response checkers do)."""
    if isinstance(node, list):
        return [_nullable_to_type(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable_to_type(value) for key, value in node.items()}
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


def _errors(validator, body) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(body)]


def test_an_expert_without_email_or_topic_matches_the_schema(api_as, secretariat, openapi_schema):
    expert = make_expert()
    Person.objects.filter(pk=expert.person_id).update(email="")
    api = api_as(secretariat)
    detail = api.get(f"/api/v1/experts/{expert.pk}/").json()
    assert detail["email"] is None
    assert detail["candidate_topic"] is None
    assert _errors(_validator(openapi_schema, "/api/v1/experts/{id}/"), detail) == []
    listing = api.get("/api/v1/experts/").json()
    assert _errors(_validator(openapi_schema, "/api/v1/experts/"), listing) == []


def test_a_mission_request_and_its_estimate_match_the_schema(api_as, secretariat, openapi_schema):
    mission, _assignments = flow.release_requested(secretariat, experts=[make_expert()])
    api = api_as(secretariat)
    for path, url in [
        ("/api/v1/mission-requests/{id}/", f"/api/v1/mission-requests/{mission.pk}/"),
        ("/api/v1/mission-requests/", "/api/v1/mission-requests/"),
        ("/api/v1/mission-requests/{id}/cost-estimate/", f"/api/v1/mission-requests/{mission.pk}/cost-estimate/"),
        ("/api/v1/release-letters/", "/api/v1/release-letters/"),
    ]:
        body = api.get(url).json()
        assert _errors(_validator(openapi_schema, path), body) == [], path


def test_nested_input_errors_keep_the_documented_error_body(api_as, secretariat, openapi_schema):
    """Found by schemathesis: an empty list inside the shortlist input answered ``fields.experts`` as an object,
    where the schema promises ``{name: [message]}``."""
    mission = flow.searching(secretariat)
    response = api_as(secretariat).post(
        f"/api/v1/mission-requests/{mission.pk}/shortlist/", {"experts": []}, format="json"
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields == {"experts": ["This list may not be empty."]}
    assert (
        _errors(_validator(openapi_schema, "/api/v1/mission-requests/{id}/shortlist/", "post", "400"), response.json())
        == []
    )
