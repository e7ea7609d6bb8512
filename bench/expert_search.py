"""Benchmark of the expert search at 100,000 experts (``make bench``; prints figures, asserts nothing).

1. Uses a separate database, ``wcocb_bench`` on the configured server (created if missing,
   migrated), and fills it once with 100,000 experts with their accreditations, languages and
   deployments (bulk inserts with the audit triggers off; reused when already filled).
2. Times N requests of ``GET /api/v1/experts/?page_size=50`` with three filters (category,
   region, language) and a free-text ``q`` through DRF's test client as a Secretariat user, and
   in the same run replays the SQL the view executed (captured with ``CaptureQueriesContext``)
   through a cursor.
3. Prints p50/p95 of both, the ratio, the target (p95 < 100 ms and within 3x of the raw SQL) and
   whether it is met, and the ``EXPLAIN (ANALYZE)`` plan of the main query, flagging index scans.

``fill()`` and ``measure()`` are importable: ``tests/experts/test_bench.py`` runs them small.
Options: ``--experts N`` (default 100000), ``--requests N`` (35, five per query),
``--database NAME``, ``--rewrite-biographies`` (a database filled before the biographies drew on
a CV-sized vocabulary: rewrite them and rebuild the search columns).

The queries are a name (``Nguyen``, ``Tanaka``, ``Okafor``), a misspelled name (``Garsia``), two
topics (``valuation``, ``risk management``) and ``customs``, which is in almost every biography:
the broad case. The report prints how many experts each matches alone and with the filters.
"""

from __future__ import annotations

import argparse
import datetime
import random
import re
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

TARGET_P95_MS = 100.0
TARGET_RATIO = 3.0
QUERIES = ["Nguyen", "Garsia", "valuation", "Tanaka", "risk management", "Okafor", "customs"]
FILTERS = {"category": "ET", "region": "AP", "language": "en"}
FIRST_NAMES = [
    "Ana",
    "Ahmed",
    "Aiko",
    "Akosua",
    "Ali",
    "Amina",
    "Andrea",
    "Anh",
    "Arjun",
    "Bilal",
    "Carlos",
    "Chen",
    "Chloé",
    "Daniel",
    "David",
    "Diego",
    "Elena",
    "Emeka",
    "Eun",
    "Fatima",
    "Fernando",
    "Grace",
    "Hana",
    "Hassan",
    "Ibrahim",
    "Ines",
    "Ivan",
    "Jean",
    "Jin",
    "Juan",
    "Kenji",
    "Kwame",
    "Lars",
    "Lea",
    "Li",
    "Lucia",
    "Mahmoud",
    "Maria",
    "Marta",
    "Mei",
    "Mohamed",
    "Nadia",
    "Nkechi",
    "Olga",
    "Omar",
    "Paolo",
    "Pedro",
    "Priya",
    "Rahul",
    "Rin",
    "Sakura",
    "Samuel",
    "Sara",
    "Sofia",
    "Somchai",
    "Sven",
    "Tariq",
    "Thabo",
    "Tomas",
    "Wei",
    "Yasmin",
    "Yuki",
    "Zainab",
    "Zhang",
]
LAST_NAMES = [
    "Abdullah",
    "Adeyemi",
    "Ahmed",
    "Alvarez",
    "Andersson",
    "Banda",
    "Bianchi",
    "Chen",
    "Cohen",
    "Da",
    "Silva",
    "Dubois",
    "Fernandes",
    "Fischer",
    "Garcia",
    "Gonzalez",
    "Gupta",
    "Haddad",
    "Hansen",
    "Hernandez",
    "Ivanov",
    "Jensen",
    "Kim",
    "Kowalski",
    "Kumar",
    "Lee",
    "Lopez",
    "Martin",
    "Mensah",
    "Mohamed",
    "Moreau",
    "Müller",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Oliveira",
    "Park",
    "Patel",
    "Perez",
    "Petrov",
    "Rahman",
    "Rossi",
    "Santos",
    "Sato",
    "Schmidt",
    "Singh",
    "Suzuki",
    "Tanaka",
    "Traore",
    "Wang",
    "Watanabe",
    "Wong",
    "Yamamoto",
    "Zhou",
    "Diallo",
    "Mwangi",
    "Kamau",
    "Otieno",
    "Ndlovu",
    "Dlamini",
    "Srisuk",
    "Somsak",
]
#: Words of the biographies, most frequent first: customs-domain terms and the ordinary words of
#: a CV. A biography draws 25-45 of them with Zipf-like weights (1 / rank), so "customs" appears
#: in almost every biography (the broad query), "valuation" in about 28 % and "risk management"
#: in about 18 % of them, and the tail is rare, as in real CVs.
_VOCABULARY = (
    "customs officer experience trade training management senior border international national "
    "revenue programme procedures development administration project policy valuation risk "
    "compliance audit enforcement classification origin tariff facilitation modernization "
    "capacity building reform strategic coordination cooperation support regional expert "
    "diagnostic mission workshops trainer accredited operational analysis data intelligence "
    "integrity leadership governance single window automated clearance release time study "
    "post-clearance authorized economic operator programme supply chain security container "
    "control cargo passenger inspection seizure narcotics counterfeit intellectual property "
    "rights excise duty collection harmonized system kyoto convention revised safe framework "
    "standards petersburg mercator columbus partnership donor funded evaluation monitoring "
    "performance measurement indicators legislation drafting legal advisor drafting manuals "
    "curriculum e-learning academy instructor coaching mentoring change human resources "
    "organizational planning budget finance procurement information technology systems asycuda "
    "declaration processing electronic payments laboratory scientific advance rulings binding "
    "transit guarantee free zones warehousing preferential agreements rules certificates "
    "verification investigation intelligence-led targeting profiling selectivity scanning "
    "non-intrusive environmental crime wildlife cites hazardous waste ozone dual-use strategic "
    "goods export controls sanctions anti-corruption ethics code conduct stakeholder engagement "
    "private sector consultation transparency publication enquiry points statistics gender "
    "equality diversity coordinated border management interagency one-stop posts corridor "
    "landlocked island small developing countries africa asia pacific europe americas middle east"
)
WORDS = list(dict.fromkeys(_VOCABULARY.split()))  # each word once, in order of frequency


WEIGHTS = [1 / rank for rank in range(1, len(WORDS) + 1)]


def biography(rng: random.Random) -> str:
    """A CV-like biography: 25-45 words of ``WORDS`` drawn with Zipf-like weights."""
    return " ".join(rng.choices(WORDS, WEIGHTS, k=rng.randint(25, 45)))


def rewrite_biographies(*, stdout=None, seed: int = 2012) -> int:
    """Give the benchmark experts of an existing database biographies from :func:`biography`
    (databases filled before the vocabulary grew had 12 words out of 30) and rebuild the search
    columns; returns how many were rewritten. Audit triggers off as in :func:`fill`."""
    from django.db import connection, transaction

    from experts.services import expert_refresh_search

    rng = random.Random(seed)
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SELECT id FROM experts_expert WHERE external_id LIKE 'BENCH-%%' ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
        for offset in range(0, len(ids), 5000):
            chunk = ids[offset : offset + 5000]
            cursor.execute(
                "UPDATE experts_expert AS e SET biography = v.bio FROM unnest(%s::bigint[], %s::text[]) AS v(id, bio)"
                " WHERE e.id = v.id",
                [chunk, [biography(rng) for _id in chunk]],
            )
        expert_refresh_search(None)
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE experts_expert")
    _say(stdout, f"Rewrote {len(ids)} biographies in {time.monotonic() - started:.1f} s.")
    return len(ids)


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")
        stdout.flush()


def fill(n_experts: int, *, stdout=None, seed: int = 2012, fast: bool = True) -> int:
    """Add experts until there are ``n_experts`` benchmark experts (external ids ``BENCH-…``);
    returns how many were added. ``fast`` turns the audit triggers off for the session
    (``session_replication_role = replica``, needs a superuser) and back on at the end."""
    from django.db import connection, transaction

    from experts.choices import ACCREDITATION_CATEGORIES, ExpertKind, Stage
    from experts.models import Accreditation, AccreditationWorkshop, Deployment, Expert, ExpertiseArea, ExpertLanguage
    from experts.selectors.commitment import window_for
    from experts.services import expert_refresh_search
    from wcocb.models import Language, MemberAdministration, Person

    existing = Expert.objects.filter(external_id__startswith="BENCH-").count()
    if existing >= n_experts:
        _say(stdout, f"Reusing {existing} benchmark experts.")
        return 0
    started = time.monotonic()
    rng = random.Random(seed + existing)
    administrations = list(MemberAdministration.objects.values_list("pk", "iso_code"))
    languages = dict(Language.objects.values_list("code", "pk"))
    language_codes = [code for code in ("en", "fr", "es", "ar", "ru", "pt", "zh", "ja") if code in languages]
    areas = list(
        ExpertiseArea.objects.filter(category__in=sorted(ACCREDITATION_CATEGORIES)).values_list("pk", "category")
    )
    weights = [
        {"DF": 38, "CMA": 63, "MPA": 74, "LMDA": 11}.get(cat, 217 // 10 if cat == "TOA" else 145 // 6)
        for _pk, cat in areas
    ]
    with transaction.atomic():
        if fast:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        workshops = {}
        for category in sorted(ACCREDITATION_CATEGORIES):
            workshop, _created = AccreditationWorkshop.objects.get_or_create(
                title=f"Benchmark {category} workshop",
                defaults={
                    "category": category,
                    "start_date": datetime.date(2015, 3, 2),
                    "end_date": datetime.date(2015, 3, 6),
                },
            )
            workshops[category] = workshop.pk
        batch = 5000
        added = 0
        for offset in range(existing, n_experts, batch):
            count = min(batch, n_experts - offset)
            people = []
            for _i in range(count):
                admin_pk, iso = rng.choice(administrations)
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                people.append(
                    Person(
                        first_name=first,
                        last_name=last,
                        gender=rng.choice("FM"),
                        nationality=iso,
                        administration_id=admin_pk,
                        current_post=f"{rng.choice(WORDS).title()} officer",
                        email=f"{first}.{last}.{offset + _i}@bench.example".lower(),
                    )
                )
            Person.objects.bulk_create(people, batch_size=batch)
            experts = []
            for index, person in enumerate(people):
                kind = rng.choices(
                    [ExpertKind.ACCREDITED, ExpertKind.RECOGNIZED, ExpertKind.CONSULTANT, ExpertKind.CANDIDATE],
                    [80, 10, 5, 5],
                )[0]
                experts.append(
                    Expert(
                        person=person,
                        external_id=f"BENCH-{offset + index:07d}",
                        kind=kind,
                        is_serving=kind == ExpertKind.RECOGNIZED or rng.random() < 0.85,
                        biography=biography(rng),
                        search_name=f"{person.first_name} {person.last_name}",
                    )
                )
            Expert.objects.bulk_create(experts, batch_size=batch)
            skills, accreditations, deployments = [], [], []
            for expert in experts:
                codes = {"en"} if rng.random() < 0.7 else set()
                codes |= set(rng.sample(language_codes, k=rng.randint(0, 2)))
                skills += [
                    ExpertLanguage(expert=expert, language_id=languages[code], level=rng.choice(["fluent", "working"]))
                    for code in codes or {"en"}
                ]
                if expert.kind != ExpertKind.ACCREDITED:
                    continue
                first_full = None
                for area_pk, category in {
                    pk: cat for pk, cat in rng.choices(areas, weights, k=rng.randint(1, 2))
                }.items():
                    pre = datetime.date(2012, 1, 2) + datetime.timedelta(days=rng.randint(0, 3000))
                    stage = rng.choices([Stage.FULLY_ACCREDITED, Stage.FIRST_STEP, Stage.PRE_ASSESSED], [70, 20, 10])[
                        0
                    ]
                    accreditation = Accreditation(expert=expert, area_id=area_pk, stage=stage, pre_assessed_on=pre)
                    if stage != Stage.PRE_ASSESSED:
                        accreditation.workshop_id = workshops[category]
                        accreditation.workshop_passed_on = pre + datetime.timedelta(days=60)
                    if stage == Stage.FULLY_ACCREDITED:
                        accreditation.evaluator_id = experts[0].pk if expert is not experts[0] else experts[1].pk
                        accreditation.evaluated_on = pre + datetime.timedelta(days=200)
                        accreditation.accredited_on = accreditation.evaluated_on
                        first_full = min(first_full or accreditation.accredited_on, accreditation.accredited_on)
                    accreditations.append(accreditation)
                if first_full:
                    expert.commitment_window_start, expert.commitment_window_end = window_for(first_full)
                    expert.commitment_used_days = rng.randint(0, 60)
                    start = first_full + datetime.timedelta(days=rng.randint(30, 700))
                    deployments.append(
                        Deployment(expert=expert, start_date=start, end_date=start + datetime.timedelta(days=4))
                    )
            ExpertLanguage.objects.bulk_create(skills, batch_size=batch)
            Accreditation.objects.bulk_create(accreditations, batch_size=batch)
            Deployment.objects.bulk_create(deployments, batch_size=batch)
            Expert.objects.bulk_update(
                [e for e in experts if e.commitment_window_start],
                ["commitment_window_start", "commitment_window_end", "commitment_used_days"],
                batch_size=batch,
            )
            added += count
            _say(stdout, f"  {offset + count} experts ({time.monotonic() - started:.0f} s)")
        expert_refresh_search(None)
        if fast:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    with connection.cursor() as cursor:
        # As autovacuum does on a live database, soon after: sets the hint bits and the visibility
        # map, without which the first run reads a freshly written table (p95 106 ms against 72 ms
        # measured on 2026-12-01). VACUUM cannot run in a transaction (the tests' fill does).
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    _say(stdout, f"Filled {added} experts in {time.monotonic() - started:.1f} s.")
    return added


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    index = fraction * (len(ordered) - 1)
    low = int(index)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (index - low)


def _main_query(queries: list[str]) -> str:
    """The statement that finds the page: a ranked page's keys with the total, else the page's rows."""
    candidates = [sql for sql in queries if 'FROM "experts_expert"' in sql and "LIMIT" in sql and "__count" not in sql]
    return candidates[0] if candidates else max(queries, key=len)


def measure(n_requests: int, *, stdout=None, filters: dict | None = None, page_size: int = 50) -> dict:
    """Time ``n_requests`` API pages and the replay of their SQL; returns the figures (ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from wcocb.choices import Role
    from wcocb.models import User
    from wcocb.runtime import freeze_startup_heap

    user, _created = User.objects.get_or_create(username="bench-secretariat", defaults={"role": Role.SECRETARIAT})
    client = APIClient()
    client.force_authenticate(user)
    filters = FILTERS if filters is None else filters
    from experts.filters import ExpertFilterSet
    from experts.models import Expert

    matches = {  # how broad each q is: experts it matches with no filter (not timed)
        q: ExpertFilterSet(data={"q": q}, queryset=Expert.objects.all()).qs.count() for q in QUERIES
    }
    api_ms, sql_ms, main_ms, counts, results = [], [], [], [], []
    main_sql = ""
    client.get("/api/v1/experts/", {"page_size": page_size, **filters, "q": QUERIES[0]})  # warm-up
    freeze_startup_heap()  # as wcocb/wsgi.py does once a worker has loaded the application
    for index in range(n_requests):
        params = {"page_size": page_size, **filters, "q": QUERIES[index % len(QUERIES)]}
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/api/v1/experts/", params)
            api_ms.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"API answered {response.status_code}: {response.content[:300]!r}")
        results.append(response.json()["count"])
        statements = [query["sql"] for query in captured.captured_queries]
        counts.append(len(statements))
        main = _main_query(statements)
        main_sql = main_sql or main
        with connection.cursor() as cursor:
            started = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
            sql_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            cursor.execute(main)
            cursor.fetchall()
            main_ms.append((time.perf_counter() - started) * 1000)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + main_sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    figures = {
        "requests": n_requests,
        "queries_per_request": max(counts),
        "results_per_query": results[: len(QUERIES)],
        "matches_per_query": [matches[q] for q in QUERIES],
        "api_p50": _percentile(api_ms, 0.5),
        "api_p95": _percentile(api_ms, 0.95),
        "sql_p50": _percentile(sql_ms, 0.5),
        "sql_p95": _percentile(sql_ms, 0.95),
        "main_sql_p50": _percentile(main_ms, 0.5),
        "main_sql_p95": _percentile(main_ms, 0.95),
        "plan": plan,
        "main_sql": main_sql,
        "index_scan": any(word in plan for word in ("Index Scan", "Index Only Scan", "Bitmap Index Scan")),
        "seq_scan_on_experts": re.search(r"Seq Scan on experts_expert\b", plan) is not None,
    }
    figures["ratio"] = figures["api_p95"] / figures["sql_p95"] if figures["sql_p95"] else float("inf")
    figures["target_met"] = figures["api_p95"] < TARGET_P95_MS and figures["ratio"] <= TARGET_RATIO
    return figures


def report(figures: dict, stdout=sys.stdout) -> None:
    def line(text: str = "") -> None:
        stdout.write(text + "\n")

    line(f"GET /api/v1/experts/?page_size=50&{'&'.join(f'{k}={v}' for k, v in FILTERS.items())}&q=…")
    line(f"  requests: {figures['requests']}, SQL queries per request: {figures['queries_per_request']}")
    line("  q                   experts matching q alone   with the three filters")
    for q, alone, filtered in zip(QUERIES, figures["matches_per_query"], figures["results_per_query"], strict=False):
        line(f"  {q!r:<20}{alone:>26,}   {filtered:>22,}")
    line(f"  API      p50 {figures['api_p50']:7.1f} ms   p95 {figures['api_p95']:7.1f} ms")
    line(f"  raw SQL  p50 {figures['sql_p50']:7.1f} ms   p95 {figures['sql_p95']:7.1f} ms  (all statements)")
    line(f"  main SQL p50 {figures['main_sql_p50']:7.1f} ms   p95 {figures['main_sql_p95']:7.1f} ms  (page query)")
    line(f"  ratio API p95 / raw SQL p95: {figures['ratio']:.2f}x")
    line(f"  target: p95 < {TARGET_P95_MS:.0f} ms and <= {TARGET_RATIO:.0f}x raw SQL -> "
         f"{'MET' if figures['target_met'] else 'NOT MET'}")  # fmt: skip
    line(f"  EXPLAIN: index scans used: {'yes' if figures['index_scan'] else 'NO'}; "
         f"sequential scan of experts_expert: {'YES' if figures['seq_scan_on_experts'] else 'no'}")  # fmt: skip
    line()
    line("Main query:")
    line(figures["main_sql"])
    line()
    line("EXPLAIN (ANALYZE, BUFFERS):")
    line(figures["plan"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=35)
    parser.add_argument(
        "--rewrite-biographies", action="store_true", help="give an existing database's experts new biographies"
    )
    parser.add_argument("--database", default="wcocb_bench")
    args = parser.parse_args(argv)
    from bench.common import setup_django

    setup_django(args.database)
    from django.db import connection

    print(f"Database {connection.settings_dict['NAME']}")
    fill(args.experts, stdout=sys.stdout)
    if args.rewrite_biographies:
        rewrite_biographies(stdout=sys.stdout)
    from experts.models import Expert

    print(f"{Expert.objects.count()} experts in the database.")
    report(measure(args.requests))
    return 0


if __name__ == "__main__":
    sys.exit(main())
