"""The SQL queries of every list endpoint and every list page, at page sizes 5 and 50, against a
reviewed baseline (``tests/query_counts.json``, keyed by method and URL pattern).

The lists come from the URL resolver (``tests/world.py``): every API route whose GET is a viewset's
``list``, and every page without URL arguments whose view is a Django list view. Each is asked by
the Secretariat (who sees every row) once to warm the caches, then at ``?page_size=5`` and
``?page_size=50`` (a page view's ``paginate_by`` is set to the same size for the request).

- A count that differs from the baseline fails: a change in a list's queries is reviewed in the
  commit that makes it. After a deliberate change, rewrite the baseline and commit it with the change::

      UPDATE_QUERY_COUNTS=1 .venv/bin/pytest -p no:xdist tests/test_query_counts.py

- A list whose count at 50 exceeds its count at 5 by more than :data:`PER_PAGE_SLACK` fails whatever
  the baseline says: it queries per row (an N+1).
- A list missing from the baseline fails until the baseline is rewritten; so does a stale entry.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.views.generic.list import MultipleObjectMixin
from rest_framework.test import APIClient

from tests import world as w

pytestmark = pytest.mark.django_db

BASELINE = Path(__file__).with_name("query_counts.json")
SIZES = (5, 50)
#: Queries a list may add between a page of 5 and a page of 50 (none should depend on the rows).
PER_PAGE_SLACK = 2
#: Copies of each tenant's rows on top of the world's own: more than 50 rows in each list.
COPIES = 27


def _lists() -> list[tuple[str, w.Route]]:
    found = []
    for route in w.api_routes():
        if route.actions and route.actions.get("get") == "list":
            found.append(("api", route))
    for route in w.page_routes():
        view = route.view
        if view is not None and not route.arguments and issubclass(view, MultipleObjectMixin):
            found.append(("page", route))
    return found


def _count(client, url: str, size: int, view, monkeypatch) -> tuple[int, int]:
    if view is not None and issubclass(view, MultipleObjectMixin):
        monkeypatch.setattr(view, "paginate_by", size)
    with w.capture() as queries:
        response = client.get(url, {"page_size": size})
    return response.status_code, len(queries.captured_queries)


@pytest.fixture(scope="module")
def crowded_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = w.grow(w.build_world(), COPIES)
        yield built
        transaction.set_rollback(True)


def test_list_query_counts_match_the_baseline(crowded_world, db, monkeypatch):
    secretariat = crowded_world.users[w.SECRETARIAT]
    api = APIClient()
    api.force_authenticate(secretariat)
    page = Client()
    page.force_login(secretariat)
    counts: dict[str, dict[str, int]] = {}
    problems = []
    for kind, route in _lists():
        key = f"GET {route.pattern}"
        client = api if kind == "api" else page
        url = "/" + route.pattern if kind == "api" else reverse(route.name)
        view = None if kind == "api" else route.view
        _count(client, url, SIZES[0], view, monkeypatch)  # warm the caches (content types, translations)
        measured = {}
        for size in SIZES:
            status, number = _count(client, url, size, view, monkeypatch)
            assert status == 200, f"{key} answers the Secretariat {status}"
            measured[str(size)] = number
        counts[key] = measured
        if measured["50"] - measured["5"] > PER_PAGE_SLACK:
            problems.append(f"{key}: {measured['5']} queries for 5 rows, {measured['50']} for 50 (a query per row)")
    if os.environ.get("UPDATE_QUERY_COUNTS"):
        BASELINE.write_text(json.dumps(dict(sorted(counts.items())), indent=2) + "\n")
    else:
        baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
        for key, measured in counts.items():
            if baseline.get(key) != measured:
                problems.append(f"{key}: {measured} queries, the baseline says {baseline.get(key)}")
        problems += [f"{key}: in the baseline, no longer a list" for key in sorted(set(baseline) - set(counts))]
    assert not problems, (
        "List query counts changed (after review: UPDATE_QUERY_COUNTS=1 pytest tests/test_query_counts.py):\n"
        + "\n".join(problems)
    )


def test_the_world_fills_more_than_a_page_of_each_listed_model(crowded_world, db):
    for label in ("experts.Expert", "missions.MissionRequest", "missions.Assignment", "missions.ReleaseLetter"):
        assert len(crowded_world.of(label)) > max(SIZES), label
