"""Smoke test of the search benchmark: its fill and measure functions run on the test database
with a tiny data set and return figures (no timing assertions)."""

import importlib.util
from pathlib import Path

import pytest

from experts.models import Accreditation, Expert

pytestmark = pytest.mark.django_db


def load_bench():
    path = Path(__file__).resolve().parents[2] / "bench" / "expert_search.py"
    spec = importlib.util.spec_from_file_location("bench_expert_search", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fill_and_measure_return_figures():
    bench = load_bench()

    assert bench.fill(200, fast=False) == 200
    assert bench.fill(200, fast=False) == 0  # reused
    figures = bench.measure(3, filters={"category": "ET"})

    assert Expert.objects.filter(external_id__startswith="BENCH-").count() == 200
    assert Accreditation.objects.filter(expert__external_id__startswith="BENCH-").exists()
    assert Expert.objects.filter(external_id__startswith="BENCH-", search_vector__isnull=True).count() == 0
    assert figures["requests"] == 3
    for key in ("api_p50", "api_p95", "sql_p50", "sql_p95", "ratio"):
        assert figures[key] > 0
    assert figures["queries_per_request"] <= 8
    assert "Limit" in figures["plan"]
    assert isinstance(figures["target_met"], bool)
