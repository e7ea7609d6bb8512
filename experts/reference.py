"""The seeded expertise taxonomy: one area per DF, CMA, MPA and LMDA, the six ET and ten TOA
sub-categories, and the candidate topics not yet covered by accreditation.

Idempotent (get_or_create on the code): the Secretariat's later edits to names are kept and
areas it adds are left alone."""

AREAS: list[tuple[str, str, str, str, str]] = [
    # (category, code, English, French, Spanish)
    ("DF", "DF", "Diagnostic Facilitator", "Facilitateur de diagnostic", "Facilitador de diagnóstico"),
    ("CMA", "CMA", "Customs Modernization Advisor", "Conseiller en modernisation douanière",
     "Asesor en modernización aduanera"),
    ("MPA", "MPA", "Mercator Programme Advisor", "Conseiller du Programme Mercator", "Asesor del Programa Mercator"),
    ("LMDA", "LMDA", "Leadership and Management Development Advisor",
     "Conseiller en développement du leadership et de la gestion", "Asesor en desarrollo de liderazgo y gestión"),
    ("ET", "ET-HS", "HS classification", "Classement SH", "Clasificación SA"),
    ("ET", "ET-VAL", "Customs Valuation", "Valeur en douane", "Valoración en aduana"),
    ("ET", "ET-ROO", "Rules of Origin", "Règles d'origine", "Normas de origen"),
    ("ET", "ET-PCA", "Post-Clearance Audit", "Contrôle a posteriori", "Control posterior al despacho"),
    ("ET", "ET-RM", "Risk Management", "Gestion des risques", "Gestión de riesgos"),
    ("ET", "ET-ENF", "Enforcement", "Lutte contre la fraude", "Cumplimiento de la ley"),
    ("TOA", "TOA-AEO", "Authorized Economic Operator (AEO)", "Opérateur économique agréé (OEA)",
     "Operador económico autorizado (OEA)"),
    ("TOA", "TOA-RKC", "Revised Kyoto Convention", "Convention de Kyoto révisée", "Convenio de Kioto revisado"),
    ("TOA", "TOA-DM", "Data Model", "Modèle de données", "Modelo de datos"),
    ("TOA", "TOA-IPR", "Intellectual Property Rights", "Droits de propriété intellectuelle",
     "Derechos de propiedad intelectual"),
    ("TOA", "TOA-NII", "Non-Intrusive Inspection", "Inspection non intrusive", "Inspección no intrusiva"),
    ("TOA", "TOA-RM", "Risk Management", "Gestion des risques", "Gestión de riesgos"),
    ("TOA", "TOA-PCA", "Post-Clearance Audit", "Contrôle a posteriori", "Control posterior al despacho"),
    ("TOA", "TOA-CBM", "Coordinated Border Management", "Gestion coordonnée des frontières",
     "Gestión coordinada de fronteras"),
    ("TOA", "TOA-SW", "Single Window", "Guichet unique", "Ventanilla única"),
    ("TOA", "TOA-TRS", "Time Release Study", "Étude sur le temps nécessaire pour la mainlevée",
     "Estudio sobre el tiempo de despacho"),
    ("CANDIDATE", "CAND-NII", "Non-Intrusive Inspection (candidate topic)",
     "Inspection non intrusive (thème candidat)",
     "Inspección no intrusiva (tema candidato)"),
    ("CANDIDATE", "CAND-INT", "Integrity (candidate topic)", "Éthique (thème candidat)",
     "Integridad (tema candidato)"),
    ("CANDIDATE", "CAND-K9", "K9 / detector dogs (candidate topic)", "Brigades cynophiles (thème candidat)",
     "Unidades caninas (tema candidato)"),
]  # fmt: skip


def load_reference_data(apps=None) -> dict[str, int]:
    """Create the missing seeded areas. ``apps`` is the migration state registry, or the live one."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    ExpertiseArea = apps.get_model("experts", "ExpertiseArea")
    created = 0
    for category, code, name_en, name_fr, name_es in AREAS:
        _, new = ExpertiseArea.objects.get_or_create(
            code=code, defaults={"category": category, "name_en": name_en, "name_fr": name_fr, "name_es": name_es}
        )
        created += new
    return {"expertise_areas": created}
