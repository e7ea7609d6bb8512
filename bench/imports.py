"""Benchmark of the import engine on the experts import (``make bench``; prints figures, asserts nothing).

1. Uses a separate database, ``wcocb_bench_imports`` on the configured server (the embedded PostgreSQL
   when ``DATABASE_URL`` is unset; created if missing and migrated).
2. Generates a CSV file of N expert rows (default 10,000) with fresh ``external_id`` values: half the
   experts without accreditation, the others pre-assessed, at 1st step or fully accredited (evaluated by
   an expert fully accredited in the category; the first of each category is its founding accreditation),
   with languages, administrations and candidate columns as the WCO spreadsheets have them.
3. Runs through the engine (:func:`experts.importing.import_experts`, as a job does) the dry run, the
   import, and the same file again (idempotent: nothing written), timing each and counting its SQL
   queries; prints rows per second, queries per row and whether the target (300 rows/s for the dry run
   and the import) is met.
4. With ``--baseline N`` (default 200), runs the old per-row path (the import module as it was before the
   engine, read from git history at ``BASELINE_COMMIT``) as a dry run on the first N rows of a file of its
   own, for comparison in the same run.

``generate()`` and ``measure()`` are importable: ``tests/experts/test_bench.py`` runs them small.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import random
import subprocess
import sys
import time
import types
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

TARGET_ROWS_PER_SECOND = 300.0
#: The last commit whose experts import ran row by row inside the request.
BASELINE_COMMIT = "c5a36e3"
ADMINISTRATIONS = ["TH", "JP", "FR", "BR", "KE", "NG", "IN", "DE", "MX", "EG", "AU", "CA", "ZA", "CN", "MA"]
LANGUAGES = ["en:fluent", "fr:working", "es:working", "ar:basic", "pt:working", "ru:basic", "zh:working"]
AREAS = ["DF", "CMA", "MPA", "LMDA", "ET-HS", "ET-VAL", "ET-ROO", "TOA-AEO", "TOA-RKC", "TOA-IPR"]
FIRST = ["Ana", "Bo", "Chen", "Dara", "Emeka", "Fatima", "Hana", "Ivan", "Kenji", "Lucia", "Omar", "Priya", "Sven"]
LAST = ["Lee", "Kim", "Silva", "Dubois", "Okafor", "Tanaka", "Garcia", "Nguyen", "Ivanova", "Haddad", "Mensah"]


def _category(area: str) -> str:
    return area.split("-", 1)[0]


def generate(n_rows: int, *, prefix: str, seed: int = 2026) -> bytes:
    """A CSV file of ``n_rows`` expert rows whose ``external_id`` values start with ``prefix``."""
    from experts.importing import COLUMN_NAMES
    from experts.models import Accreditation

    rng = random.Random(seed)
    evaluators = {}  # category -> external_id of an expert fully accredited in it before the file's dates
    for category, external_id in Accreditation.objects.filter(
        stage="fully_accredited", accredited_on__lte=datetime.date(2009, 1, 1)
    ).values_list("area__category", "expert__external_id"):
        evaluators.setdefault(category, external_id)
    rows = []
    consultant = f"{prefix}-EC"
    rows.append({"external_id": consultant, "first_name": "Carl", "last_name": "Consultant", "kind": "consultant"})
    for area in AREAS:  # one early full accreditation per area: founders where the category has none yet
        category = _category(area)
        external_id = f"{prefix}-F-{area}"
        rows.append(
            {
                "external_id": external_id, "first_name": "Frida", "last_name": f"Founder {area}",
                "administration": "TH", "kind": "accredited", "area": area, "stage": "fully_accredited",
                "pre_assessed_on": "2008-01-07", "workshop_passed_on": "2008-03-07",
                "evaluator": evaluators.get(category, consultant), "evaluated_on": "2008-05-05",
                "accredited_on": "2008-05-05",
            }
        )  # fmt: skip
        evaluators.setdefault(category, external_id)
    number = 0
    while len(rows) < n_rows:
        number += 1
        administration = rng.choice(ADMINISTRATIONS)
        values = {
            "external_id": f"{prefix}-{number:06d}",
            "first_name": rng.choice(FIRST),
            "last_name": f"{rng.choice(LAST)} {number}",
            "gender": rng.choice("FMX"),
            "nationality": administration,
            "administration": administration,
            "current_post": rng.choice(["Director", "Senior officer", "Trainer", "Head of unit"]),
            "email": f"expert{number}@{prefix.lower()}.example.org",
            "phone": f"+1 555 {number:06d}",
            "kind": "consultant",
            "serving": "yes",
            "languages": "; ".join(rng.sample(LANGUAGES, rng.randint(1, 3))),
            "biography": "Customs officer with experience in " + rng.choice(["valuation", "risk", "AEO", "HS"]),
        }
        draw = rng.random()
        if draw < 0.5:
            rows.append(values)
            continue
        area = rng.choice(AREAS)
        year = rng.randint(2010, 2022)
        values |= {"area": area, "pre_assessed_on": f"{year}-01-{rng.randint(3, 28):02d}"}
        if draw < 0.7:
            values |= {"stage": "pre_assessed"}
        else:
            passed = f"{year}-03-{rng.randint(1, 28):02d}"
            values |= {"stage": "first_step", "workshop_passed_on": passed}
            if draw >= 0.85:
                evaluated = f"{year}-06-{rng.randint(1, 28):02d}"
                values |= {
                    "kind": "accredited", "stage": "fully_accredited", "evaluator": evaluators[_category(area)],
                    "evaluated_on": evaluated, "accredited_on": evaluated,
                }  # fmt: skip
        rows.append(values)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMN_NAMES, extrasaction="ignore")
    writer.writeheader()
    for values in rows[:n_rows]:
        writer.writerow({name: values.get(name, "") for name in COLUMN_NAMES})
    return buffer.getvalue().encode()


@contextmanager
def counting_queries():
    """Counts the SQL statements run on the default connection (without keeping them)."""
    from django.db import connection

    counter = {"queries": 0}

    def count(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counter


def _timed(function, rows: int) -> dict:
    started = time.perf_counter()
    with counting_queries() as counter:
        report = function()
    seconds = time.perf_counter() - started
    if not report.ok:
        raise RuntimeError(f"The benchmark file was refused: {[e.as_dict() for e in report.errors[:5]]}")
    return {
        "rows": rows,
        "seconds": seconds,
        "rows_per_second": rows / seconds,
        "queries_per_row": counter["queries"] / rows,
        "summary": report.summary,
        "written": report.written,
    }


def _secretariat():
    from wcocb.choices import Role
    from wcocb.models import User

    user, _created = User.objects.get_or_create(username="bench-imports", defaults={"role": Role.SECRETARIAT})
    return user


def measure(n_rows: int, *, prefix: str | None = None) -> dict:
    """Dry run, import and re-import of a generated file of ``n_rows`` rows through the engine."""
    from experts.importing import import_experts

    prefix = prefix or f"BI{int(time.time()):X}"
    by = _secretariat()
    content = generate(n_rows, prefix=prefix)

    def run(dry_run: bool):
        return lambda: import_experts(file=content, filename="bench.csv", dry_run=dry_run, by=by)

    figures = {"prefix": prefix, "bytes": len(content)}
    figures["dry_run"] = _timed(run(True), n_rows)
    figures["import"] = _timed(run(False), n_rows)
    figures["reimport"] = _timed(run(True), n_rows)
    figures["target_met"] = all(
        figures[step]["rows_per_second"] >= TARGET_ROWS_PER_SECOND for step in ("dry_run", "import")
    )
    return figures


def baseline(n_rows: int) -> dict | None:
    """The old per-row import (from git history) as a dry run of ``n_rows`` rows, or ``None`` without git."""
    try:
        source = subprocess.run(  # noqa: S603
            ["git", "show", f"{BASELINE_COMMIT}:experts/importing.py"],  # noqa: S607
            cwd=BASE_DIR, capture_output=True, check=True, text=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("bench_old_experts_importing")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, "old experts/importing.py", "exec"), module.__dict__)  # noqa: S102 - our own history
    by = _secretariat()
    content = generate(n_rows, prefix=f"BO{int(time.time()):X}")
    return _timed(lambda: module.import_experts(file=content, filename="b.csv", dry_run=True, by=by), n_rows)


def report(figures: dict, old: dict | None) -> None:
    print(f"File: {figures['dry_run']['rows']} rows, {figures['bytes'] / 1024:.0f} KiB (ids {figures['prefix']}-…)")
    for step, label in (("dry_run", "dry run"), ("import", "import"), ("reimport", "re-import (dry run)")):
        f = figures[step]
        print(
            f"  {label:<20} {f['seconds']:7.1f} s  {f['rows_per_second']:7.0f} rows/s  "
            f"{f['queries_per_row']:6.2f} queries/row  {f['summary']}"
        )
    if old:
        print(
            f"  {'old per-row (dry)':<20} {old['seconds']:7.1f} s  {old['rows_per_second']:7.0f} rows/s  "
            f"{old['queries_per_row']:6.2f} queries/row  ({old['rows']} rows)"
        )
    met = "met" if figures["target_met"] else "NOT met"
    print(f"Target: {TARGET_ROWS_PER_SECOND:.0f} rows/s for the dry run and the import: {met}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=200, help="rows for the old per-row path (0: skip)")
    parser.add_argument("--database", default="wcocb_bench_imports")
    args = parser.parse_args(argv)
    from bench.common import setup_django

    setup_django(args.database)
    from django.db import connection

    print(f"Database {connection.settings_dict['NAME']}")
    figures = measure(args.rows)
    old = baseline(args.baseline) if args.baseline else None
    report(figures, old)
    return 0


if __name__ == "__main__":
    sys.exit(main())
