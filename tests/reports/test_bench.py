"""Smoke test of the report benchmark: its fill and measure run on the test database with a few thousand missions,
and the report run's figures equal the hand-written SQL's (no timing assertions)."""

import importlib.util
from pathlib import Path

import pytest

from missions.models import Assignment, MissionRequest

pytestmark = pytest.mark.django_db


def load_bench():
    path = Path(__file__).resolve().parents[2] / "bench" / "reports.py"
    spec = importlib.util.spec_from_file_location("bench_reports", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fill_and_measure_agree_with_hand_written_sql():
    bench = load_bench()
    bench.fill(6000, experts=50)
    assert MissionRequest.objects.filter(origin_reference__startswith="bench:").count() == 6000
    assert Assignment.objects.count() == 6000
    assert bench.fill(6000, experts=50) == 0.0  # there already
    figures = bench.measure()
    assert figures["same_figures"]
    assert figures["missions_in_period"] > 0
    assert figures["run_seconds"] > 0
    assert figures["peak_rss_mb"] > 0
