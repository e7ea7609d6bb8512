"""Benchmark of a report run at 1,000,000 missions (``make bench``; prints figures, asserts nothing).

1. Uses a separate database, ``wcocb_bench_reports`` on the configured server (created if missing, migrated).
2. Fills N missions (default 1,000,000) with one team member each, in two ``INSERT ... SELECT FROM
   generate_series`` statements run by the server (the audit triggers of the two tables are disabled while it
   fills, as a bulk load would), spread over 2010-2025, every member administration, kind, delivery mode and
   funding source, 85% delivered; and 2,000 experts for the teams. Then ``VACUUM ANALYZE``.
3. Times, in this process, a report run of the missions section for the July-June year 2017/18 (all regions;
   :func:`reports.services.compute` with the missions section, as the worker runs it) against hand-written SQL
   aggregates of the same figures, and checks that both give the same numbers. Prints both times, their ratio
   (target: within 2x), the run's time (target: under 60 s) and the process's peak memory (``ru_maxrss``).

``fill()`` and ``measure()`` are importable: ``tests/reports/test_bench.py`` runs them small.
"""

from __future__ import annotations

import argparse
import datetime
import resource
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

PERIOD = (datetime.date(2017, 7, 1), datetime.date(2018, 6, 30))
PREVIOUS = (datetime.date(2016, 7, 1), datetime.date(2017, 6, 30))
KINDS = ["diagnostic", "strategic_advisory", "tfa_scoping", "risk_diagnostic", "hr_diagnostic",
         "institutional_assessment", "integrity_assessment", "training", "field_evaluation", "other"]  # fmt: skip
MODES = ["in_country", "remote", "hybrid"]
STATUSES = ["closed"] * 12 + ["completed"] * 5 + ["deployed", "cancelled", "planned"]


def _experts(n: int) -> list[int]:
    from experts.models import Expert
    from wcocb.models import MemberAdministration, Person

    have = list(Expert.objects.filter(external_id__startswith="BENCH-").values_list("pk", flat=True))
    if len(have) >= n:
        return have[:n]
    members = list(MemberAdministration.objects.order_by("pk"))
    people = Person.objects.bulk_create(
        [Person(first_name="Bench", last_name=f"Expert {i}", administration=members[i % len(members)])
         for i in range(len(have), n)]
    )  # fmt: skip
    experts = Expert.objects.bulk_create(
        [Expert(person=person, external_id=f"BENCH-{person.pk}", kind="accredited") for person in people]
    )
    return have + [expert.pk for expert in experts]


def fill(n_missions: int, *, experts: int = 2000) -> float:
    """Add ``n_missions`` missions with one selected team member each (if not there yet); returns seconds."""
    from django.db import connection

    from missions.models import Assignment, MissionRequest
    from wcocb.models import FundingSource, Language, MemberAdministration, User

    started = time.monotonic()
    have = MissionRequest.objects.filter(origin_reference__startswith="bench:").count()
    if have >= n_missions:
        return 0.0
    expert_ids = _experts(experts)
    user = User.objects.filter(username="bench").first() or User.objects.create(username="bench", role="secretariat")
    members = list(MemberAdministration.objects.order_by("pk").values_list("pk", flat=True))
    funding = list(FundingSource.objects.order_by("pk").values_list("pk", flat=True))
    language = Language.objects.get(code="en").pk
    requests, assignments = MissionRequest._meta.db_table, Assignment._meta.db_table
    # The audit triggers are off while the server fills (a bulk load); inside a transaction (the smoke test) they
    # stay on: a table with pending deferred trigger events cannot be altered.
    triggers_off = not connection.in_atomic_block
    with connection.cursor() as cursor:
        for table in (requests, assignments) if triggers_off else ():
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        try:
            cursor.execute(
                f"""
                INSERT INTO {requests} (administration_id, kind, title, objectives, preferred_start, preferred_end,
                    duration_days, start_date, end_date, language_id, delivery_mode, origin, origin_reference,
                    funding_id, plan_year, status, held_from, delivered_by_secretariat, hold_reason, cancel_reason,
                    created_by_id, created_at, updated_at)
                SELECT (%(members)s::bigint[])[1 + i %% %(n_members)s], (%(kinds)s::text[])[1 + i %% 10],
                    'Bench mission ' || i, '', d, d + 4, 5, d, d + 4, %(language)s, (%(modes)s::text[])[1 + i %% 3],
                    'ad_hoc', 'bench:' || i, (%(funding)s::bigint[])[1 + i %% %(n_funding)s],
                    extract(year FROM d)::int, (%(statuses)s::text[])[1 + (i / 7) %% 20], '', false, '', '',
                    %(user)s, now(), now()
                FROM (SELECT i, DATE '2010-01-01' + (i::bigint * 7919 %% 5844)::int AS d
                      FROM generate_series(%(first)s, %(last)s) AS i) AS s
                """,
                {"members": members, "n_members": len(members), "kinds": KINDS, "modes": MODES,
                 "funding": funding, "n_funding": len(funding), "statuses": STATUSES, "language": language,
                 "user": user.pk, "first": have + 1, "last": n_missions},
            )  # fmt: skip
            cursor.execute(
                f"""
                INSERT INTO {assignments} (request_id, expert_id, role, start_date, end_date, availability,
                    availability_note, selected, is_booked, external_justification, commitment_override,
                    commitment_override_reason, created_at, updated_at)
                SELECT r.id, (%(experts)s::bigint[])[1 + r.id %% %(n_experts)s], 'member', r.start_date, r.end_date,
                    'yes', '', true, false, '', false, '', now(), now()
                FROM {requests} r
                WHERE r.origin_reference LIKE 'bench:%%'
                  AND NOT EXISTS (SELECT 1 FROM {assignments} a WHERE a.request_id = r.id)
                """,
                {"experts": expert_ids, "n_experts": len(expert_ids)},
            )
        finally:
            for table in (requests, assignments) if triggers_off else ():
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"  # a test's transaction: no VACUUM
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {requests}")
        cursor.execute(f"{command} {assignments}")
    return time.monotonic() - started


HAND_SQL = """
WITH delivered AS (
    SELECT r.id, r.kind, r.delivery_mode, r.funding_id, r.administration_id, m.region_id, r.start_date,
           r.start_date BETWEEN %(start)s AND %(end)s AS now, r.start_date BETWEEN %(pstart)s AND %(pend)s AS before
    FROM missions_missionrequest r JOIN wcocb_memberadministration m ON m.id = r.administration_id
    WHERE r.status IN ('completed', 'closed') AND r.start_date BETWEEN %(pstart)s AND %(end)s
)
SELECT
    (SELECT json_build_object(
        'missions', count(*) FILTER (WHERE now), 'missions_before', count(*) FILTER (WHERE before),
        'members', count(DISTINCT administration_id) FILTER (WHERE now),
        'members_before', count(DISTINCT administration_id) FILTER (WHERE before),
        'strategic', count(*) FILTER (WHERE now AND kind = 'strategic_advisory'),
        'strategic_before', count(*) FILTER (WHERE before AND kind = 'strategic_advisory')) FROM delivered),
    (SELECT json_object_agg(kind, n) FROM (SELECT kind, count(*) n FROM delivered WHERE now GROUP BY kind) k),
    (SELECT json_object_agg(region_id, n) FROM (SELECT region_id, count(*) n FROM delivered WHERE now
        GROUP BY region_id) g),
    (SELECT json_object_agg(delivery_mode, n) FROM (SELECT delivery_mode, count(*) n FROM delivered WHERE now
        GROUP BY delivery_mode) d),
    (SELECT json_object_agg(funding_id, n) FROM (SELECT funding_id, count(*) n FROM delivered WHERE now
        GROUP BY funding_id) f),
    (SELECT count(*) FROM (SELECT date_trunc('month', start_date), region_id FROM delivered WHERE now
        GROUP BY 1, 2) mr),
    (SELECT json_build_object(
        'experts', count(DISTINCT a.expert_id) FILTER (WHERE d.now),
        'days', coalesce(sum(a.end_date - a.start_date + 1) FILTER (WHERE d.now), 0))
     FROM missions_assignment a JOIN delivered d ON d.id = a.request_id WHERE a.selected)
"""


def hand_written(connection) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            HAND_SQL,
            {"start": PERIOD[0], "end": PERIOD[1], "pstart": PREVIOUS[0], "pend": PREVIOUS[1]},
        )
        totals, kinds, regions, modes, funding, month_cells, team = cursor.fetchone()
    return {"totals": totals, "kinds": kinds, "regions": regions, "modes": modes, "funding": funding,
            "month_cells": month_cells, "team": team}  # fmt: skip


def _same(section: dict, expected: dict) -> bool:
    """Whether the report run's section says what the hand-written SQL found, breakdown by breakdown."""
    from missions.choices import MissionKind
    from wcocb.models import FundingSource, Region

    figures = {entry["key"]: entry for entry in section["headline"]}
    tables = {table["key"]: table for table in section["tables"]}
    totals, team = expected["totals"], expected["team"]
    labels = {str(label): value for value, label in MissionKind.choices}
    regions = dict(Region.objects.values_list("code", "pk"))
    funding = dict(FundingSource.objects.values_list("code", "pk"))
    modes = {"In-country": "in_country", "Remote": "remote", "Hybrid": "hybrid"}
    as_keys = lambda found: {str(key): n for key, n in (found or {}).items() if n}  # noqa: E731
    return (
        (figures["missions"]["value"], figures["missions"]["previous"])
        == (totals["missions"], totals["missions_before"])
        and (figures["members"]["value"], figures["members"]["previous"])
        == (totals["members"], totals["members_before"])
        and (figures["strategic"]["value"], figures["strategic"]["previous"])
        == (totals["strategic"], totals["strategic_before"])
        and figures["experts"]["value"] == team["experts"]
        and figures["expert_days"]["value"] == team["days"]
        and {labels[row[0]["en"]]: row[1] for row in tables["by_kind"]["rows"] if row[1]} == as_keys(expected["kinds"])
        and {str(regions[row[0]]): row[2] for row in tables["by_region"]["rows"] if row[2]}
        == as_keys(expected["regions"])
        and {modes[row[0]["en"]]: row[1] for row in tables["by_mode"]["rows"] if row[1]} == as_keys(expected["modes"])
        and {str(funding[row[0]]): row[2] for row in tables["by_funding"]["rows"]} == as_keys(expected["funding"])
        and sum(1 for row in tables["per_month"]["rows"] for n in row[1:] if n) == expected["month_cells"]
    )


def measure() -> dict:
    from django.db import connection

    from reports.models import ReportRun
    from reports.sections.missions import missions_section
    from reports.services import compute
    from wcocb.registry import report_sections

    run = ReportRun(period_start=PERIOD[0], period_end=PERIOD[1], as_of=PERIOD[1])
    with report_sections.replaced([missions_section]):
        started = time.monotonic()
        snapshot = compute(run)
        run_seconds = time.monotonic() - started
    started = time.monotonic()
    expected = hand_written(connection)
    sql_seconds = time.monotonic() - started
    section = snapshot["sections"][0]
    same = _same(section, expected)
    return {
        "run_seconds": run_seconds,
        "sql_seconds": sql_seconds,
        "ratio": run_seconds / sql_seconds if sql_seconds else None,
        "same_figures": same,
        "missions_in_period": next(e["value"] for e in section["headline"] if e["key"] == "missions"),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missions", type=int, default=1_000_000)
    parser.add_argument("--database", default="wcocb_bench_reports")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from bench.common import setup_django

    setup_django(args.database)
    from missions.models import MissionRequest

    seconds = fill(args.missions)
    total = MissionRequest.objects.count()
    print(f"filled in {seconds:.1f} s; {total:,} missions in the database")
    for attempt in range(1, args.repeat + 1):
        figures = measure()
        print(
            f"run {attempt}: report run {figures['run_seconds']:.2f} s, "
            f"hand-written SQL {figures['sql_seconds']:.2f} s, "
            f"ratio {figures['ratio']:.2f} (target <= 2), same figures: {figures['same_figures']}, "
            f"missions in 2017/18: {figures['missions_in_period']:,}, peak RSS {figures['peak_rss_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
