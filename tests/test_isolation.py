"""Tenant isolation, generated from the URL resolver: every API route and every page by every role.

The world (``tests/world.py``) holds the records of administration A and of administration B; each
role (the Secretariat, the ROCB of another region than A's, a member of A, a member of B, A's
expert, B's expert, an API client, anonymous) asks every route for them:

- a list answers exactly the world's rows the role may see (``tests.world.VISIBILITY``, written
  from the domain), and nothing a role may not see appears in any answer (the tenants' marker
  words);
- a detail answers 200 to a role that may see the record and 404 (or 403: a role that may not use
  the route at all) to the others;
- a write (POST/PUT/PATCH/DELETE) by a role that may not make it (anonymous, the read-only API
  client, a role that cannot see the record, anyone but the Secretariat on the tables it keeps) is
  refused (401/403/404/405, or a page's redirect) and writes nothing.

A new route falls under these tests by itself. A route that cannot be generated goes into
``API_NOT_GENERATED`` / ``PAGES_NOT_GENERATED`` (``tests/world.py``, or the app's ``tests/<app>/world.py``)
with its reason; ``test_every_route_is_covered_or_listed`` fails for a route that is neither (and for a
listed route that no longer exists).
"""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import Client
from django.views.generic.list import MultipleObjectMixin
from rest_framework.test import APIClient

from tests import world as w

pytestmark = pytest.mark.django_db  # pytest-django sets up the test database only for tests that say so

#: Tables only the Secretariat writes (reference data, the expertise areas, the workshops, the rates).
SECRETARIAT_KEEPS = {label for label, rule in w.VISIBILITY.items() if rule.public}

REFUSED_API = {401, 403, 404, 405}
REFUSED_PAGE = {302, 403, 404, 405}


# --- The world, once per module --------------------------------------------------------------------
@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module's tests inside a transaction that is rolled back at the end; each
    test runs in a savepoint of it (``db``)."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = w.build_world()
        built.api = {}
        for role, user in built.users.items():
            built.api[role] = APIClient()
            if user is not None:
                built.api[role].force_authenticate(user)
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def pages(world, db):
    """A signed-in page client per role (sessions live in the test's own savepoint)."""
    clients = {}
    for role, user in world.users.items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)
    return clients


def _closed_to(view, role: str, attribute: str) -> bool:
    """Whether the route is closed to ``role`` altogether (``read_roles`` of a viewset,
    ``allowed_roles`` of a page)."""
    allowed = getattr(view, attribute, None)
    return allowed is not None and w.ROLE_OF[role] not in {str(r) for r in allowed}


def _body(response, pattern: str = "") -> bytes:
    if getattr(response, "streaming", False):
        # The test client closes the response once its content is read, with the signal that would
        # close the database connection disconnected: never call response.close() here.
        return b"".join(response.streaming_content)
    return response.content


def _assert_no_leak(world, role: str, response, where: str, pattern: str) -> None:
    text = _body(response, pattern).decode("utf-8", "replace")
    marks = world.invisible_marks(role, deployment_titles=pattern in w.DISCLOSED_BY_DESIGN)
    leaked = [mark for mark in marks if mark in text]
    assert not leaked, f"{where} shows {role} records it may not see ({', '.join(leaked)})"


# --- Planning: which generated test covers which route -----------------------------------------------
LIST_ACTIONS = {"list"}
DETAIL_ACTIONS = {"retrieve"}


def _api_prefix_models() -> dict[str, str]:
    """``api/v1/experts/`` -> ``experts.Expert``, from the router's list routes."""
    found = {}
    for route in w.api_routes():
        if route.actions and route.actions.get("get") == "list":
            found[route.pattern] = w.viewset_model(route)
    return found


def _api_model(route: w.Route) -> str | None:
    if route.actions is not None and "{pk}" not in route.pattern:
        return w.viewset_model(route)
    prefix = re.split(r"\{pk\}|<int:pk>", route.pattern)[0]
    return _api_prefix_models().get(prefix)


def _page_prefix(route: w.Route) -> str:
    return route.pattern.split("<int:pk>")[0].split("<str:pk>")[0]


def _page_model(route: w.Route) -> str | None:
    return w.PAGE_PK_MODELS.get(_page_prefix(route))


def _page_kwargs(route: w.Route, record: w.Record | None) -> dict | None:
    """The URL arguments of a page for ``record``, or ``None`` when one cannot be filled."""
    kwargs = {}
    prefix = _page_prefix(route)
    for name in route.arguments:
        if name == "pk":
            if record is None:
                return None
            kwargs["pk"] = record.obj.pk
        elif name == "model" and record is not None:
            kwargs["model"] = record.label.lower()
        else:
            values = w.PAGE_ARGUMENTS.get(name, {})
            value = next((v for p, v in values.items() if prefix.startswith(p)), None)
            if value is None:
                return None
            kwargs[name] = value
    return kwargs


def _plan() -> dict[str, list[tuple[str, w.Route]]]:
    """Each route's pattern -> the generated tests that cover it (``(kind, route)``)."""
    plan: dict[str, list[tuple[str, w.Route]]] = {}
    for route in w.api_routes():
        kinds = plan.setdefault(route.pattern, [])
        if route.pattern in w.API_NOT_GENERATED:
            continue
        model = _api_model(route)
        has_pk = "{pk}" in route.pattern or "<int:pk>" in route.pattern
        if route.arguments and not has_pk:
            continue
        if "get" in route.methods:
            action = (route.actions or {}).get("get")
            if action in LIST_ACTIONS and model:
                kinds.append(("api-list", route))
            elif has_pk and model:
                kinds.append(("api-detail", route))
            elif not has_pk:
                kinds.append(("api-read", route))
        if has_pk and not model:
            continue
        kinds += [("api-write", route)] if set(route.methods) - {"get", "head", "options"} else []
    for route in w.page_routes():
        kinds = plan.setdefault(route.pattern, [])
        if route.pattern in w.PAGES_NOT_GENERATED:
            continue
        needs_record = "pk" in route.arguments
        if needs_record and _page_model(route) is None:
            continue
        if not needs_record and _page_kwargs(route, None) is None:
            continue
        if "get" in route.methods:
            kinds.append(("page-detail" if needs_record else "page-read", route))
        if set(route.methods) - {"get"}:
            kinds.append(("page-write", route))
    return plan


PLAN = _plan()


def _cases(kind: str) -> list:
    return [
        pytest.param(route, id=route.pattern)
        for pattern, kinds in PLAN.items()
        for k, route in kinds
        if k == kind and pattern not in w.API_NOT_GENERATED and pattern not in w.PAGES_NOT_GENERATED
    ]


def test_every_route_is_covered_or_listed():
    uncovered = sorted(
        pattern
        for pattern, kinds in PLAN.items()
        if not kinds and pattern not in w.API_NOT_GENERATED and pattern not in w.PAGES_NOT_GENERATED
    )
    assert not uncovered, (
        "Routes no generated isolation test covers: give their records a builder (tests/world.py), their "
        f"pk a model (w.PAGE_PK_MODELS) or list them with a reason: {uncovered}"
    )
    stale = sorted((set(w.API_NOT_GENERATED) | set(w.PAGES_NOT_GENERATED)) - set(PLAN))
    assert not stale, f"Listed routes that no longer exist: {stale}"


def test_every_listed_model_has_records_and_a_rule(world):
    listed = {_api_model(route) for _kind, route in (k for kinds in PLAN.values() for k in kinds) if _api_model(route)}
    listed |= {label for label in w.PAGE_PK_MODELS.values() if label != "*"}
    assert not listed - world.labels(), f"Models without records in the world: {sorted(listed - world.labels())}"
    assert not listed - set(w.VISIBILITY), f"Models without a rule in VISIBILITY: {sorted(listed - set(w.VISIBILITY))}"


# --- The API ---------------------------------------------------------------------------------------
def _api_url(route: w.Route, pk=None) -> str:
    return "/" + route.pattern.replace("{pk}", str(pk)).replace("<int:pk>", str(pk))


def _ids(payload) -> set:
    rows = payload["results"] if isinstance(payload, dict) and "results" in payload else payload
    return {row.get("id") for row in rows if isinstance(row, dict)}


@pytest.mark.parametrize("route", _cases("api-list"))
def test_api_list_shows_each_role_its_rows(world, db, route):
    label = _api_model(route)
    records = world.of(label)
    for role in w.ROLES:
        response = world.api[role].get(_api_url(route), {"page_size": 200})
        if role == w.ANONYMOUS:
            assert response.status_code in {401, 403}, f"{route.pattern} answers anonymous {response.status_code}"
            continue
        if _closed_to(route.view, role, "read_roles"):
            assert response.status_code == 403, f"{route.pattern} answers {role} {response.status_code}"
            continue
        assert response.status_code == 200, f"{route.pattern} answers {role} {response.status_code}"
        seen = _ids(response.json())
        expected = {r.obj.pk for r in records if r.visible_to(role)}
        hidden = {r.obj.pk for r in records if not r.visible_to(role)}
        assert expected <= seen, f"{route.pattern}: {role} misses its rows {sorted(expected - seen)}"
        assert not hidden & seen, f"{route.pattern}: {role} sees rows of others {sorted(hidden & seen)}"
        _assert_no_leak(world, role, response, route.pattern, route.pattern)


@pytest.mark.parametrize("route", _cases("api-detail"))
def test_api_detail_answers_the_owner_and_hides_from_others(world, db, route):
    label = _api_model(route)
    for record in world.of(label):
        for role in w.ROLES:
            response = world.api[role].get(_api_url(route, record.obj.pk))
            where = f"{route.pattern} of {record.label} {record.tenant} as {role}"
            if role == w.ANONYMOUS:
                assert response.status_code in {401, 403}, f"{where}: {response.status_code}"
            elif _closed_to(route.view, role, "read_roles"):
                assert response.status_code == 403, f"{where}: {response.status_code}"
            elif record.visible_to(role):
                # An extra action may be closed to a role that can read the record (403).
                allowed = {200} if (route.actions or {}).get("get") == "retrieve" else {200, 403}
                assert response.status_code in allowed, f"{where}: {response.status_code}"
                if response.status_code == 200:
                    _assert_no_leak(world, role, response, where, route.pattern)
            else:
                assert response.status_code in {403, 404}, f"{where}: {response.status_code}"


@pytest.mark.parametrize("route", _cases("api-read"))
def test_api_read_routes_leak_nothing(world, db, route):
    for role in w.ROLES:
        response = world.api[role].get(_api_url(route))
        where = f"{route.pattern} as {role}"
        if role == w.ANONYMOUS:
            assert response.status_code in {401, 403}, f"{where}: {response.status_code}"
        elif _closed_to(route.view, role, "read_roles"):
            assert response.status_code == 403, f"{where}: {response.status_code}"
        else:
            assert response.status_code in {200, 403}, f"{where}: {response.status_code}"
            _assert_no_leak(world, role, response, where, route.pattern)


def _write_targets(world, route: w.Route, label: str | None) -> list[tuple[str, w.Record | None]]:
    """``(role, record)`` pairs that must be refused on a write route."""
    pairs: list[tuple[str, w.Record | None]] = []
    if "{pk}" in route.pattern or "<int:pk>" in route.pattern:
        for record in world.of(label):
            for role in w.ROLES:
                keeps = label in SECRETARIAT_KEEPS and role != w.SECRETARIAT
                if role in (w.ANONYMOUS, w.API_CLIENT) or keeps or not record.visible_to(role):
                    pairs.append((role, record))
    else:
        for role in w.ROLES:
            keeps = label in SECRETARIAT_KEEPS and role != w.SECRETARIAT
            if role in (w.ANONYMOUS, w.API_CLIENT) or keeps:
                pairs.append((role, None))
    return pairs


@pytest.mark.parametrize("route", _cases("api-write"))
def test_api_writes_are_refused_to_whom_they_do_not_belong(world, db, route):
    label = _api_model(route)
    for method in sorted(set(route.methods) - {"get", "head", "options"}):
        for role, record in _write_targets(world, route, label):
            url = _api_url(route, record.obj.pk if record else None)
            with w.capture() as queries:
                response = getattr(world.api[role], method)(url, {}, format="json")
            where = f"{method.upper()} {route.pattern} as {role}" + (f" on {record.tenant}'s record" if record else "")
            assert response.status_code in REFUSED_API, f"{where}: {response.status_code}"
            assert not w.writes(queries), f"{where} wrote: {w.writes(queries)}"


# --- Pages -----------------------------------------------------------------------------------------
def _page_url(route: w.Route, kwargs: dict) -> str:
    from django.urls import reverse

    return reverse(route.name, kwargs=kwargs)


def _context_rows(response) -> tuple[str | None, set] | None:
    """The model and the pks of the rows a list page shows (its ``object_list``)."""
    context = response.context
    if context is None or "object_list" not in context:
        return None
    rows = list(context["object_list"])
    models = {row._meta.label for row in rows if hasattr(row, "_meta")}
    model = getattr(getattr(context["object_list"], "model", None), "_meta", None)
    label = model.label if model else (models.pop() if len(models) == 1 else None)
    return label, {row.pk for row in rows if hasattr(row, "_meta")}


def _assert_anonymous_sent_to_login(response, where: str) -> None:
    assert response.status_code in {302, 403}, f"{where}: anonymous gets {response.status_code}"
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"], f"{where}: anonymous sent to {response['Location']}"


@pytest.mark.parametrize("route", _cases("page-read"))
def test_page_shows_each_role_its_rows_and_nothing_else(world, pages, route):
    url = _page_url(route, _page_kwargs(route, None))
    listing: dict[str, set] = {}
    for role in w.ROLES:
        response = pages[role].get(url, {"page_size": 100})
        where = f"{url} as {role}"
        if role == w.ANONYMOUS:
            _assert_anonymous_sent_to_login(response, where)
            continue
        if _closed_to(route.view, role, "allowed_roles"):
            assert response.status_code == 403, f"{where}: {response.status_code}"
            continue
        assert response.status_code in {200, 302, 403, 404}, f"{where}: {response.status_code}"
        if response.status_code != 200:
            continue
        _assert_no_leak(world, role, response, where, route.pattern)
        listed = _context_rows(response)
        if listed is None or listed[0] not in w.VISIBILITY:
            continue
        label, seen = listed
        hidden = {r.obj.pk for r in world.of(label) if not r.visible_to(role)}
        assert not hidden & seen, f"{where}: {role} sees {label} rows of others {sorted(hidden & seen)}"
        if issubclass(route.view, MultipleObjectMixin) and label in world.labels():
            listing.setdefault(label, set()).update(seen)
    if listing:
        label, seen = next(iter(listing.items()))
        assert seen & {r.obj.pk for r in world.of(label)}, f"{url} shows no role any of the world's {label} rows"


def _page_records(world, route: w.Route) -> list[w.Record]:
    label = _page_model(route)
    if label == "*":
        return [r for r in world.records if r.tenant is not None]
    return world.of(label)


@pytest.mark.parametrize("route", _cases("page-detail"))
def test_detail_page_answers_the_owner_and_hides_from_others(world, pages, route):
    for record in _page_records(world, route):
        url = _page_url(route, _page_kwargs(route, record))
        for role in w.ROLES:
            response = pages[role].get(url)
            _body(response, route.pattern)
            where = f"{url} ({record.label} of {record.tenant}) as {role}"
            if role == w.ANONYMOUS:
                _assert_anonymous_sent_to_login(response, where)
            elif _closed_to(route.view, role, "allowed_roles"):
                assert response.status_code == 403, f"{where}: {response.status_code}"
            elif record.visible_to(role):
                assert response.status_code in {200, 302, 403, 404}, f"{where}: {response.status_code}"
                if response.status_code == 200:
                    _assert_no_leak(world, role, response, where, route.pattern)
            else:
                assert response.status_code in {403, 404}, f"{where}: {role} gets {response.status_code}"


@pytest.mark.parametrize("route", _cases("page-write"))
def test_page_writes_are_refused_to_whom_they_do_not_belong(world, pages, route):
    if "pk" in route.arguments:
        targets = [
            (role, record)
            for record in _page_records(world, route)
            for role in w.ROLES
            if role in (w.ANONYMOUS, w.API_CLIENT) or not record.visible_to(role)
        ]
    elif route.pattern in w.OWN_ACCOUNT_PAGES:
        targets = [(w.ANONYMOUS, None)]
    else:
        targets = [(w.ANONYMOUS, None), (w.API_CLIENT, None)]
    for role, record in targets:
        url = _page_url(route, _page_kwargs(route, record))
        with w.capture() as queries:
            response = pages[role].post(url, {})
        where = f"POST {url} as {role}" + (f" on {record.label} of {record.tenant}" if record else "")
        assert response.status_code in REFUSED_PAGE, f"{where}: {response.status_code}"
        _body(response, route.pattern)
        if role == w.ANONYMOUS:
            _assert_anonymous_sent_to_login(response, where)
        assert not w.writes(queries), f"{where} wrote: {w.writes(queries)}"
