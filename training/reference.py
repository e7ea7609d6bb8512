"""The programme catalogue the Directorate runs (reference data, idempotent: get_or_create on codes)."""

from __future__ import annotations

#: (code, kind, title, duration in weeks, hours, languages)
PROGRAMMES = [
    ("VCOA", "vcoa", "Virtual Customs Orientation Academy", 14, None, ["en"]),
    ("FELLOWSHIP", "fellowship", "Fellowship Programme", 6, None, ["en", "fr", "es"]),
    ("SCHOLARSHIP", "scholarship", "Scholarship Programme", None, None, ["en"]),
    ("CDP", "career_development", "Career Development Programme (Professional Associates)", 43, None, ["en", "fr"]),
    ("LMD", "lmd", "Leadership and Management Development workshop", 1, None, ["en", "fr", "es"]),
    ("TER", "top_executive_retreat", "Top Executive Retreat", 1, None, ["en", "fr"]),
    ("TOT", "training_of_trainers", "Training of Trainers workshop", 1, None, ["en", "fr", "es"]),
    ("PM", "project_management", "Project Management workshop", 1, None, ["en", "fr"]),
    ("AEO-VAL", "aeo_validation", "AEO Validation package", 1, None, ["en"]),
    ("MTP", "master_trainer", "Master Trainer Programme (WCO/JICA)", None, None, ["en"]),
    ("INTEGRITY", "integrity", "Integrity development workshop", 1, None, ["en", "fr", "es"]),
    ("ACCREDITATION", "accreditation", "Accreditation workshop", 1, None, ["en", "fr"]),
    ("EL-HS", "elearning", "E-learning: Harmonized System", None, 20, ["en", "fr", "es"]),
    ("EL-VAL", "elearning", "E-learning: Customs Valuation", None, 15, ["en", "fr", "es"]),
    ("EL-ROO", "elearning", "E-learning: Rules of Origin", None, 12, ["en", "fr"]),
]


def load_reference_data(apps=None) -> None:
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Programme = apps.get_model("training", "Programme")
    Language = apps.get_model("wcocb", "Language")
    for code, kind, title, weeks, hours, languages in PROGRAMMES:
        programme, created = Programme.objects.get_or_create(
            code=code, defaults={"kind": kind, "title": title, "duration_weeks": weeks, "hours": hours}
        )
        if created:
            programme.languages.set(Language.objects.filter(code__in=languages))
