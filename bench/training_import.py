"""Benchmark of the e-learning completions import (``make bench``; prints figures, asserts nothing).

1. Uses a separate database, ``wcocb_bench_training`` on the configured server (created if missing and migrated).
2. Generates the e-learning platform's CSV export of N completions (default 50,000) by about N/3 officers of
   15 administrations over the catalogue's e-learning courses, with fresh ``completion_id`` values.
3. Runs each step as the background job does (:func:`wcocb.importing.services.job_run`: the stored file,
   the engine, the progress written from its own connection): the dry run, the import, and the same file
   again (idempotent: nothing written), timing each; prints rows per second and whether the target (the
   whole file in under a minute) is met.

``generate()`` and ``measure()`` are importable: ``tests/training/test_import.py`` runs them small.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

TARGET_SECONDS = 60.0
ADMINISTRATIONS = ["TH", "JP", "FR", "BR", "KE", "NG", "IN", "DE", "MX", "EG", "AU", "CA", "ZA", "CN", "MA"]
FIRST = ["Ana", "Bo", "Chen", "Dara", "Emeka", "Fatima", "Hana", "Ivan", "Kenji", "Lucia", "Omar", "Priya", "Sven"]
LAST = ["Lee", "Kim", "Silva", "Dubois", "Okafor", "Tanaka", "Garcia", "Nguyen", "Ivanova", "Haddad", "Mensah"]
COURSES = ["EL-HS", "EL-VAL", "EL-ROO"]
HEADER = [
    "completion_id",
    "course_code",
    "first_name",
    "last_name",
    "email",
    "administration",
    "gender",
    "completed_on",
]
HEADER.append("score")


def generate(n_rows: int, *, prefix: str, seed: int = 2026) -> bytes:
    rng = random.Random(seed)
    officers = max(1, n_rows // 3)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for number in range(1, n_rows + 1):
        officer = rng.randrange(officers)
        writer.writerow(
            [
                f"{prefix}-{number:07d}",
                rng.choice(COURSES),
                FIRST[officer % len(FIRST)],
                f"{LAST[officer % len(LAST)]} {officer}",
                f"officer{officer}@{prefix.lower()}.example.org",
                ADMINISTRATIONS[officer % len(ADMINISTRATIONS)],
                "FMX"[officer % 3],
                f"20{rng.randint(15, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                rng.randint(40, 100),
            ]
        )
    return out.getvalue().encode()


def _secretariat():
    from django.contrib.auth import get_user_model

    user, _created = get_user_model().objects.get_or_create(
        username="bench-training", defaults={"role": "secretariat", "email": "bench@example.org"}
    )
    return user


def _job(content: bytes, *, dry_run: bool, by):
    from django.core.files.base import ContentFile

    from wcocb.importing.models import ImportJob

    job = ImportJob(kind="elearning-completions", filename="completions.csv", dry_run=dry_run, created_by=by)
    job.file.save("completions.csv", ContentFile(content), save=False)
    job.save()
    return job


def _timed(content: bytes, *, dry_run: bool, by, rows: int) -> dict:
    from wcocb.importing.services import job_run

    job = _job(content, dry_run=dry_run, by=by)
    started = time.perf_counter()
    job = job_run(job.pk)
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds) if seconds else None,
        "status": job.status,
        "created": job.created,
        "updated": job.updated,
        "unchanged": job.unchanged,
        "errors": job.errors[:3],
        "processed": job.processed,
    }


def measure(n_rows: int, *, prefix: str | None = None) -> dict:
    prefix = prefix or f"EL{int(time.time()):X}"
    by = _secretariat()
    content = generate(n_rows, prefix=prefix)
    figures = {"rows": n_rows, "bytes": len(content), "prefix": prefix}
    figures["dry_run"] = _timed(content, dry_run=True, by=by, rows=n_rows)
    figures["import"] = _timed(content, dry_run=False, by=by, rows=n_rows)
    figures["reimport"] = _timed(content, dry_run=False, by=by, rows=n_rows)
    steps = ("dry_run", "import", "reimport")
    figures["target_met"] = all(figures[step]["seconds"] < TARGET_SECONDS for step in steps)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--database", default="wcocb_bench_training")
    args = parser.parse_args(argv)
    from bench.common import setup_django

    setup_django(args.database)
    figures = measure(args.rows)
    print(f"{figures['rows']:,} completions, {figures['bytes'] / 1e6:.1f} MB")
    for step in ("dry_run", "import", "reimport"):
        f = figures[step]
        print(
            f"  {step:9} {f['seconds']:7.2f} s  {f['rows_per_second']:>7,} rows/s  {f['status']}: "
            f"created {f['created']:,}, updated {f['updated']:,}, unchanged {f['unchanged']:,} {f['errors'] or ''}"
        )
    print(f"  target (each step under {TARGET_SECONDS:.0f} s): {'met' if figures['target_met'] else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
