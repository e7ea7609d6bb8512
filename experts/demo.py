"""Demo data of the experts app (``manage.py seed_demo``), idempotent: keyed on ``external_id``.

Written through the bulk import (:mod:`experts.importing`), so the demo obeys the same rules as
real data and seeding twice writes nothing.

- **Asia/Pacific, March 2012**: exactly the reference table of ROCB A/P (fully accredited / 1st
  step): DF 49/0; CMA 12/11; ET-HS 9/0; ET-Valuation 12/0; ET-PCA 2/0; ET-Rules of Origin 2/0;
  TOA-AEO 3/7; TOA-RKC 4/0; TOA-IPR 5/0; TOA-Data Model 1/1: 99 fully accredited, 19 first step,
  118 in all (twelve DF experts also hold CMA: "counted in each"). All dates fall before
  2012-03-31, so a report as of that date reproduces the table. That cohort has since lapsed
  (2014-2019), as cohorts do.
- **December 2021**: the six categories in the proportions of the December 2021 figures (DF 38,
  CMA 63, MPA 74, TOA 217 over ten sub-categories, ET 145 over six, LMDA 11), scaled by 0.55,
  fully accredited between 2013 and 2021 across the six regions; plus some 1st-step and
  pre-assessed accreditations, Recognized, External and Consultant experts, regional candidates,
  deployments and periods of unavailability. The demo login ``expert`` is linked to one of them.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from experts import services
from experts.choices import WorkshopKind
from experts.importing import import_rows
from experts.models import AccreditationWorkshop, Deployment, Expert, Unavailability
from wcocb.models import MemberAdministration, Person, Region, User

AP_2012: list[tuple[str, int, int]] = [  # (area, fully accredited, 1st step) as of 31 March 2012
    ("DF", 49, 0),
    ("CMA", 12, 11),
    ("ET-HS", 9, 0),
    ("ET-VAL", 12, 0),
    ("ET-PCA", 2, 0),
    ("ET-ROO", 2, 0),
    ("TOA-AEO", 3, 7),
    ("TOA-RKC", 4, 0),
    ("TOA-IPR", 5, 0),
    ("TOA-DM", 1, 1),
]
DEC_2021 = {"DF": 38, "CMA": 63, "MPA": 74, "TOA": 217, "ET": 145, "LMDA": 11}
SCALE = 0.55
ET_AREAS = ["ET-HS", "ET-VAL", "ET-ROO", "ET-PCA", "ET-RM", "ET-ENF"]
TOA_AREAS = ["TOA-AEO", "TOA-RKC", "TOA-DM", "TOA-IPR", "TOA-NII", "TOA-RM", "TOA-PCA", "TOA-CBM", "TOA-SW", "TOA-TRS"]
#: The A/P accreditation workshops named in the 2012 framework: (area, title, start, end, venue).
AP_WORKSHOPS = [
    ("DF", "A/P DF accreditation workshop, October 2005", (2005, 10, 10), (2005, 10, 14), "Bangkok"),
    ("DF", "A/P DF accreditation workshop, December 2006", (2006, 12, 4), (2006, 12, 8), "Kuala Lumpur"),
    ("CMA", "A/P CMA accreditation workshop, February 2009", (2009, 2, 16), (2009, 2, 20), "Tokyo"),
    ("CMA", "A/P CMA accreditation workshop, March 2010", (2010, 3, 15), (2010, 3, 19), "Seoul"),
    ("ET-HS", "A/P HS trainers accreditation workshop, November 2008", (2008, 11, 17), (2008, 11, 21), "Shanghai"),
    ("ET-HS", "A/P HS trainers accreditation workshop, April 2010", (2010, 4, 19), (2010, 4, 23), "New Delhi"),
    ("ET-HS", "A/P HS trainers accreditation workshop, June 2011", (2011, 6, 13), (2011, 6, 17), "Hong Kong"),
    ("TOA-AEO", "A/P AEO accreditation workshop, December 2011", (2011, 12, 5), (2011, 12, 9), "Tokyo"),
]
FIRST = [
    "Aiko", "Akira", "Amina", "Anh", "Arjun", "Bui", "Chen", "Dewi", "Farid", "Hana", "Ji-woo", "Kenji", "Kiri",
    "Lani", "Li", "Maya", "Mei", "Nalin", "Nima", "Priya", "Rahul", "Ravi", "Rin", "Sakura", "Sione", "Siti",
    "Somchai", "Tashi", "Tevita", "Wei", "Yuki", "Zhang", "Ana", "Carlos", "Elena", "Emeka", "Fatima", "Grace",
    "Hassan", "Ines", "Ivan", "Jean", "Kwame", "Lars", "Lucia", "Mahmoud", "Nadia", "Olga", "Omar", "Pedro",
    "Sara", "Sofia", "Thabo", "Yasmin", "Zainab",
]  # fmt: skip
LAST = [
    "Tanaka", "Sato", "Kim", "Park", "Nguyen", "Tran", "Wang", "Li", "Chen", "Singh", "Sharma", "Rahman",
    "Srisuk", "Somsak", "Santos", "Reyes", "Tan", "Lim", "Wong", "Perera", "Dorji", "Karki", "Fifita", "Tuilagi",
    "Rossi", "Dubois", "Garcia", "Lopez", "Okafor", "Mensah", "Diallo", "Traore", "Haddad", "Mansour", "Petrov",
    "Ivanova", "Müller", "Jensen", "Silva", "Pereira", "Mwangi", "Banda", "Ndlovu", "Cohen", "Novak",
]  # fmt: skip


def _d(year: int, month: int, day: int) -> str:
    return datetime.date(year, month, day).isoformat()


def _person(rng: random.Random, external_id: str, iso: str, **extra) -> dict[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return {
        "external_id": external_id,
        "first_name": first,
        "last_name": last,
        "gender": rng.choice("FM"),
        "nationality": iso,
        "administration": iso,
        "current_post": rng.choice(["Director", "Deputy Director", "Senior Officer", "Chief of Division", "Advisor"]),
        "email": f"{external_id.lower()}@demo.wcocb.org",
        "kind": "accredited",
        "serving": "yes",
        "languages": rng.choice(["en:fluent", "en:fluent; fr:working", "en:native", "en:fluent; es:working"]),
        "biography": f"{rng.choice(['Customs', 'Trade facilitation', 'Risk management'])} specialist.",
        **extra,
    }


def _accreditation(area: str, *, passed: datetime.date, accredited: datetime.date | None, evaluator: str,
                   workshop: int | None = None, lapsed: datetime.date | None = None) -> dict[str, str]:  # fmt: skip
    values = {
        "area": area,
        "stage": "first_step",
        "pre_assessed_on": (passed - datetime.timedelta(days=90)).isoformat(),
        "workshop": str(workshop or ""),
        "workshop_passed_on": passed.isoformat(),
    }
    if accredited:
        values |= {
            "stage": "fully_accredited",
            "evaluator": evaluator,
            "evaluated_on": accredited.isoformat(),
            "accredited_on": accredited.isoformat(),
            "evaluation_mission": "In-field evaluation mission",
        }
    if lapsed:
        values |= {"stage": "lapsed", "withdrawn_on": lapsed.isoformat(), "withdrawn_reason": "Left the pool"}
    return values


def _workshops(by: User | None) -> dict[str, list[AccreditationWorkshop]]:
    from experts.models import ExpertiseArea

    ap = Region.objects.get(code="AP")
    found: dict[str, list[AccreditationWorkshop]] = {}
    for code, title, start, end, venue in AP_WORKSHOPS:
        area = ExpertiseArea.objects.get(code=code)
        workshop = AccreditationWorkshop.objects.filter(title=title).first() or services.workshop_create(
            by=by,
            kind=WorkshopKind.ACCREDITATION,
            category=area.category,
            area=area if "-" in code else None,
            title=title,
            start_date=datetime.date(*start),
            end_date=datetime.date(*end),
            venue=venue,
            region=ap,
        )
        found.setdefault(code, []).append(workshop)
    return found


def ap_2012_rows(workshops: dict[str, list[AccreditationWorkshop]]) -> list[dict[str, str]]:
    """The A/P cohort of the March 2012 table (118 accreditations, 106 experts)."""
    rng = random.Random(2012)  # noqa: S311 - reproducible demo data
    members = list(
        MemberAdministration.objects.filter(region__code="AP").order_by("iso_code").values_list("iso_code", flat=True)
    )
    rows: list[dict[str, str]] = []
    df_experts: list[dict[str, str]] = []
    number = 0
    founders: dict[str, str] = {}
    for area, full, first in AP_2012:
        category = area.split("-")[0]
        for index in range(full + first):
            is_full = index < full
            area_workshops = workshops.get(area, [])
            workshop = area_workshops[index % len(area_workshops)] if area_workshops else None
            if area == "CMA" and not is_full:
                workshop = workshops["CMA"][1]  # March 2010: not yet evaluated by March 2012
            if area == "TOA-AEO" and not is_full:
                workshop = workshops["TOA-AEO"][0]  # December 2011
            passed = workshop.end_date if workshop else datetime.date(2009 + index % 2, 9, 18)
            if area == "TOA-AEO" and is_full:
                workshop, passed = None, datetime.date(2010, 6, 11)
            accredited = None
            if is_full:
                accredited = min(passed + datetime.timedelta(days=120 + 7 * index), datetime.date(2012, 3, 16))
            if area == "CMA" and is_full and index < len(df_experts):
                person = df_experts[index]  # twelve DF experts also accredited in CMA
            else:
                number += 1
                person = _person(rng, f"DEMO-AP12-{number:03d}", members[number % len(members)])
                if area == "DF":
                    df_experts.append(person)
            evaluator = founders.get(category, "DEMO-WCO-EC-01")
            if is_full and category not in founders:
                founders[category] = person["external_id"]
                accredited = passed + datetime.timedelta(days=60)
            lapsed = datetime.date(2014 + (index % 6), 6, 30)
            rows.append(
                person
                | _accreditation(
                    area,
                    passed=passed,
                    accredited=accredited,
                    evaluator=evaluator,
                    workshop=workshop.pk if workshop else None,
                    lapsed=lapsed,
                )
            )
    return rows


def dec_2021_rows() -> list[dict[str, str]]:
    """Accreditations in the December 2021 proportions, across the six regions."""
    rng = random.Random(2021)  # noqa: S311 - reproducible demo data
    members = list(MemberAdministration.objects.order_by("iso_code").values_list("iso_code", flat=True))
    slots: list[str] = []
    for category, count in DEC_2021.items():
        scaled = round(count * SCALE)
        areas = {"ET": ET_AREAS, "TOA": TOA_AREAS}.get(category, [category])
        slots += [areas[i % len(areas)] for i in range(scaled)]
    rows: list[dict[str, str]] = []
    founders: dict[str, str] = {}
    people: list[dict[str, str]] = []
    for index, area in enumerate(slots):
        category = area.split("-")[0]
        reuse = index % 9 == 4 and people and people[-3]["_area"].split("-")[0] != category
        person = people[-3] if reuse else _person(rng, f"DEMO-2021-{len(people) + 1:03d}", rng.choice(members))
        if not reuse:
            people.append(person | {"_area": area})
        person = {key: value for key, value in person.items() if key != "_area"}
        passed = datetime.date(2013, 3, 1) + datetime.timedelta(days=rng.randint(0, 2900))
        accredited = passed + datetime.timedelta(days=rng.randint(90, 300))
        if category not in founders:
            founders[category] = person["external_id"]
            passed, accredited = datetime.date(2012, 9, 14), datetime.date(2013, 1, 18)
        evaluator = "DEMO-WCO-EC-01" if founders[category] == person["external_id"] else founders[category]
        rows.append(person | _accreditation(area, passed=passed, accredited=accredited, evaluator=evaluator))
    # In the pipeline: 1st step and pre-assessed
    for index in range(30):
        area = rng.choice(["CMA", "MPA", "DF", *ET_AREAS, *TOA_AREAS])
        person = _person(rng, f"DEMO-NEW-{index + 1:03d}", rng.choice(members))
        if index < 20:
            passed = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 900))
            rows.append(person | _accreditation(area, passed=passed, accredited=None, evaluator=""))
        else:
            rows.append(
                person | {"area": area, "stage": "pre_assessed", "pre_assessed_on": _d(2025, 2, 3 + index - 20)}
            )
    return rows


def other_rows() -> list[dict[str, str]]:
    rng = random.Random(7)  # noqa: S311 - reproducible demo data
    rows = [
        _person(
            rng, "DEMO-WCO-EC-01", "BE", kind="consultant", current_post="WCO Secretariat capacity building advisor"
        ),
        _person(rng, "DEMO-WCO-EC-02", "FR", kind="consultant", serving="no"),
        _person(rng, "DEMO-WCO-EC-03", "JP", kind="consultant"),
    ]
    for index, iso in enumerate(["TH", "MY", "KE", "BR", "EG", "SN", "DE", "IN"]):
        rows.append(_person(rng, f"DEMO-RE-{index + 1:02d}", iso, kind="recognized"))
    for index, iso in enumerate(["GB", "CA", "AU", "ZA"]):
        rows.append(
            _person(
                rng,
                f"DEMO-EE-{index + 1:02d}",
                iso,
                kind="external",
                serving="no",
                external_justification="No accredited or recognized expert in non-intrusive inspection was free.",
            )
        )
    for index, iso in enumerate(["TH", "VN", "PH", "NG", "KE", "PE"]):
        rows.append(_person(rng, f"DEMO-CAND-{index + 1:02d}", iso, kind="candidate"))
    return rows


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


@transaction.atomic
def seed(stdout=None) -> dict:
    """Load the demo experts (idempotent). Returns the import summary."""
    by = User.objects.filter(username="admin").first()
    workshops = _workshops(by)
    rows = other_rows() + ap_2012_rows(workshops) + dec_2021_rows()
    report = import_rows(rows=list(enumerate(rows, start=2)), filename="experts demo", dry_run=False, by=by)
    if not report.ok:
        raise RuntimeError(
            "Demo experts refused: " + "; ".join(f"row {e.row} {e.column}: {e.message}" for e in report.errors[:5])
        )
    _extras(by)
    _needs(by)
    _say(stdout, f"experts demo: {report.summary}")
    return report.summary


#: Needs-survey entries of the demo: (administration, area) pairs in areas where their region has few experts,
#: so that the gap analysis shows "gap with a need" cells.
DEMO_NEEDS = [
    ("KE", "TOA-NII"),
    ("UG", "TOA-NII"),
    ("KE", "TOA-SW"),
    ("TH", "TOA-TRS"),
    ("KH", "TOA-TRS"),
    ("LA", "TOA-CBM"),
    ("SN", "TOA-DM"),
    ("CI", "TOA-AEO"),
    ("PE", "TOA-PCA"),
    ("JO", "TOA-IPR"),
]


def _needs(by: User | None) -> None:
    """The needs survey of this year and the last (each entry keyed on administration, area and year)."""
    from experts.models import ExpertiseArea, NeedsSurveyEntry

    if by is None:
        return
    year = timezone.localdate().year
    areas = {area.code: area for area in ExpertiseArea.objects.filter(code__in={code for _iso, code in DEMO_NEEDS})}
    members = {
        m.iso_code: m for m in MemberAdministration.objects.filter(iso_code__in={iso for iso, _c in DEMO_NEEDS})
    }
    for index, (iso, code) in enumerate(DEMO_NEEDS):
        area, administration = areas.get(code), members.get(iso)
        if area is None or administration is None or not area.is_accreditable:
            continue
        survey_year = year - index % 2
        if NeedsSurveyEntry.objects.filter(administration=administration, area=area, year=survey_year).exists():
            continue
        services.needs_entry_add(
            by=by, administration=administration, area=area, year=survey_year, notes="Needs survey (demo)"
        )


def _extras(by: User | None) -> None:
    """Deployments, unavailability and the ``expert`` login's profile (each keyed, idempotent)."""
    experts = list(Expert.objects.filter(external_id__startswith="DEMO-2021-").order_by("external_id")[:24])
    for index, expert in enumerate(experts):
        start = datetime.date(2024, 2, 5) + datetime.timedelta(days=37 * index)
        key = f"demo:deployment:{expert.external_id}"
        if not Deployment.objects.filter(source_key=key).exists():
            services.deployment_record(
                expert=expert,
                start_date=start,
                end_date=start + datetime.timedelta(days=4 + index % 10),
                description="Diagnostic mission (demo)",
                source_key=key,
                by=by,
            )
        if index % 4 == 0 and not Unavailability.objects.filter(expert=expert).exists():
            leave = datetime.date(2026, 7, 6) + datetime.timedelta(days=14 * index)
            services.unavailability_add(
                expert=expert,
                start_date=leave,
                end_date=leave + datetime.timedelta(days=13),
                reason="Annual leave",
                by=by,
            )
    login = User.objects.filter(username="expert").first()
    if login is not None and not Person.objects.filter(user=login).exists() and experts:
        Person.objects.filter(pk=experts[0].person_id, user__isnull=True).update(user=login)
    person = Person.objects.filter(user=login).first() if login is not None else None
    if person is not None and (login.first_name, login.last_name) != (person.first_name, person.last_name):
        # The login is the expert: the menu shows the expert record's name, and searching it finds them.
        login.first_name, login.last_name = person.first_name, person.last_name
        login.save(update_fields=["first_name", "last_name"])
