"""Loading the WCO reference data (regions, members, ROCBs, RTCs, languages, donors, funding).

Idempotent: rows are keyed on their codes, so running it again changes nothing, and the
Secretariat's later edits to names are kept (only missing rows are created)."""

import csv
from pathlib import Path

import yaml
from django.utils.translation import gettext_noop

DATA_DIR = Path(__file__).resolve().parent / "data"


#: The seeded funding sources' names, marked for the catalogues so that FundingSource.__str__ shows them in
#: the active language (a name the Secretariat edits later is shown as written).
FUNDING_NAMES = (
    gettext_noop("WCO regular budget"),
    gettext_noop("Beneficiary administration"),
    gettext_noop("Home administration of the expert"),
    gettext_noop("CCF Japan"),
    gettext_noop("CCF Korea"),
    gettext_noop("CCF China"),
    gettext_noop("CCF Germany"),
    gettext_noop("Sida – Mercator Programme"),  # noqa: RUF001 - as in reference.yaml
    gettext_noop("SECO – Global Trade Facilitation Programme"),  # noqa: RUF001 - as in reference.yaml
    gettext_noop("HMRC – Accelerate Trade Facilitation"),  # noqa: RUF001 - as in reference.yaml
    gettext_noop("Norad – A-CIP"),  # noqa: RUF001 - as in reference.yaml
    gettext_noop("EU project"),
    gettext_noop("JICA project"),
    gettext_noop("GIZ project"),
    gettext_noop("Finland project"),
)


def load_reference_data(apps=None) -> dict[str, int]:
    """Create missing reference rows. ``apps`` is the migration state registry, or the live one."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    get = lambda name: apps.get_model("wcocb", name)  # noqa: E731
    Region, Member, ROCB, RTC = get("Region"), get("MemberAdministration"), get("ROCB"), get("RTC")
    Language, Donor, FundingSource = get("Language"), get("Donor"), get("FundingSource")
    data = yaml.safe_load((DATA_DIR / "reference.yaml").read_text(encoding="utf-8"))
    created = dict.fromkeys(["regions", "members", "rocbs", "rtcs", "languages", "donors", "funding_sources"], 0)

    regions = {}
    for row in data["regions"]:
        regions[row["code"]], new = Region.objects.get_or_create(code=row["code"], defaults=row)
        created["regions"] += new
    members = {}
    with (DATA_DIR / "members.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            members[row["iso_code"]], new = Member.objects.get_or_create(
                iso_code=row["iso_code"],
                defaults={
                    "name_en": row["name_en"],
                    "name_fr": row["name_fr"],
                    "name_es": row["name_es"],
                    "region": regions[row["region"]],
                },
            )
            created["members"] += new
    for row in data["rocbs"]:
        _, new = ROCB.objects.get_or_create(
            region=regions[row["region"]], defaults={"host": members[row["host"]], "city": row["city"]}
        )
        created["rocbs"] += new
    for row in data["rtcs"]:
        _, new = RTC.objects.get_or_create(
            name=row["name"],
            defaults={"host": members[row["host"]], "city": row["city"], "areas_of_excellence": row["areas"]},
        )
        created["rtcs"] += new
    for row in data["languages"]:
        _, new = Language.objects.get_or_create(
            code=row["code"],
            defaults={key: row[key] for key in ("name_en", "name_fr", "name_es")} | {"is_official": row["official"]},
        )
        created["languages"] += new
    donors = {}
    for row in data["donors"]:
        donors[row["code"]], new = Donor.objects.get_or_create(
            code=row["code"], defaults={"name": row["name"], "country": members.get(row["country"])}
        )
        created["donors"] += new
    for row in data["funding_sources"]:
        _, new = FundingSource.objects.get_or_create(
            code=row["code"],
            defaults={"name": row["name"], "kind": row["kind"], "donor": donors.get(row["donor"])},
        )
        created["funding_sources"] += new
    return created
