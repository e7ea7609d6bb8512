"""The demo data: the Asia/Pacific table of the domain brief reproduced exactly, and the 2017/18 headline
figures ("492 missions delivered, a 49% increase on the previous year"; 45 strategic advisory missions in 2016/17)."""

from __future__ import annotations

import pytest

from reports.models import ReportRun
from wcocb.demo import seed as seed_users

pytestmark = pytest.mark.django_db

AP_2012 = {  # the ROCB A/P reference report, March 2012: (fully accredited, 1st step)
    "DF": (49, 0), "CMA": (12, 11), "ET-HS": (9, 0), "ET-VAL": (12, 0), "ET-PCA": (2, 0), "ET-ROO": (2, 0),
    "TOA-AEO": (3, 7), "TOA-RKC": (4, 0), "TOA-IPR": (5, 0), "TOA-DM": (1, 1),
}  # fmt: skip


def _section(run, key):
    return next(section for section in run.snapshot["sections"] if section["key"] == key)


def _table(section, key):
    return next(table for table in section["tables"] if table["key"] == key)


def test_demo_runs_reproduce_the_reference_figures():
    from experts import demo as experts_demo
    from mercator import demo as mercator_demo
    from reports import demo

    seed_users()
    experts_demo.seed()
    mercator_demo.seed()
    assert demo.seed() == 2
    assert demo.seed() == 0  # idempotent
    ap = ReportRun.objects.get(title="Asia/Pacific experts, March 2012")
    table = _table(_section(ap, "experts"), "by_area")
    assert {row[1]: (row[3], row[4]) for row in table["rows"]} == AP_2012
    assert table["total"] == [99, 19, 118]
    annual = ReportRun.objects.get(title="Annual Committee report 2017/18")
    headline = {entry["key"]: entry for entry in _section(annual, "missions")["headline"]}
    assert (headline["missions"]["value"], headline["missions"]["previous"]) == (492, 330)
    assert round(headline["missions"]["change"]) == 49
    assert headline["strategic"]["previous"] == 45

    # the beneficiaries with a demo account answered the feedback form; missions served the Mercator plans, whose
    # KPIs have baselines and actuals approved after them
    feedback = {entry["key"]: entry["value"] for entry in _section(annual, "feedback")["headline"]}
    assert feedback["answers"] >= 5
    assert 1 <= feedback["relevance"] <= 5
    impact = {entry["key"]: entry["value"] for entry in _section(annual, "impact")["headline"]}
    assert impact["plans"] >= 3
    assert impact["measured"] >= 1
