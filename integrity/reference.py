"""The seeded self-assessment tools: the Revised Arusha Declaration's ten factors of Customs integrity and a
gender-equality organizational assessment, each a published version 1 with a 1-5 maturity scale.

The questions are the platform's own writing (in the spirit of the WCO tools, not their text), in English,
French and Spanish. Idempotent (get_or_create on the codes): a questionnaire already there is left as it is,
so the Secretariat's later versions are never touched.
"""

from __future__ import annotations

# (level, (en, fr, es) names, (en, fr, es) descriptions)
SCALE = [
    (1, ("Initial", "Initial", "Inicial"),
     ("Nothing formal is in place; practice depends on individuals.",
      "Rien de formel n'existe ; la pratique dépend des personnes.",
      "No existe nada formal; la práctica depende de las personas.")),
    (2, ("Developing", "En développement", "En desarrollo"),
     ("Some measures exist but are partial, informal or not applied consistently.",
      "Certaines mesures existent mais sont partielles, informelles ou appliquées de façon inégale.",
      "Existen algunas medidas, pero son parciales, informales o se aplican de forma desigual.")),
    (3, ("Established", "Établi", "Establecido"),
     ("Measures are documented and applied across the administration.",
      "Les mesures sont documentées et appliquées dans toute l'administration.",
      "Las medidas están documentadas y se aplican en toda la administración.")),
    (4, ("Managed", "Maîtrisé", "Gestionado"),
     ("Measures are monitored with indicators and corrected when they fall short.",
      "Les mesures sont suivies par des indicateurs et corrigées lorsqu'elles sont insuffisantes.",
      "Las medidas se siguen con indicadores y se corrigen cuando no bastan.")),
    (5, ("Optimized", "Optimisé", "Optimizado"),
     ("Measures are reviewed and improved continually, and serve as a model for others.",
      "Les mesures sont revues et améliorées en continu et servent d'exemple.",
      "Las medidas se revisan y mejoran continuamente y sirven de modelo.")),
]  # fmt: skip

# (code, (en, fr, es) names, [(question code, (en, fr, es) text, (en, fr, es) evidence)])
ARUSHA = [
    ("leadership", ("Leadership and commitment", "Leadership et engagement", "Liderazgo y compromiso"), [
        ("leadership-1",
         ("Does senior management state and act on a clear commitment to integrity?",
          "La direction affirme-t-elle et applique-t-elle un engagement clair en faveur de l'éthique ?",
          "¿La alta dirección declara y aplica un compromiso claro con la integridad?"),
         ("Integrity policy statement signed by the Director General",
          "Déclaration de politique d'éthique signée par le Directeur général",
          "Declaración de política de integridad firmada por el Director General")),
        ("leadership-2",
         ("Is a senior official responsible for the integrity programme, with resources?",
          "Un haut responsable est-il chargé du programme d'éthique, avec des moyens ?",
          "¿Un alto funcionario es responsable del programa de integridad, con recursos?"),
         ("Appointment decision and budget line", "Décision de nomination et ligne budgétaire",
          "Decisión de nombramiento y partida presupuestaria")),
    ]),
    ("regulatory", ("Regulatory framework", "Cadre réglementaire", "Marco normativo"), [
        ("regulatory-1",
         ("Are customs laws and procedures simplified and harmonized to limit discretion?",
          "Les lois et procédures douanières sont-elles simplifiées et harmonisées "
          "pour limiter le pouvoir discrétionnaire ?",
          "¿Las leyes y procedimientos aduaneros están simplificados y armonizados para limitar la discrecionalidad?"),
         ("Review of procedures against the Revised Kyoto Convention",
          "Examen des procédures au regard de la Convention de Kyoto révisée",
          "Revisión de los procedimientos frente al Convenio de Kioto revisado")),
        ("regulatory-2",
         ("Are penalties for corrupt behaviour set out and proportionate?",
          "Les sanctions des comportements de corruption sont-elles prévues et proportionnées ?",
          "¿Las sanciones por conductas corruptas están previstas y son proporcionadas?"),
         ("Disciplinary regulations", "Règlement disciplinaire", "Reglamento disciplinario")),
    ]),
    ("transparency", ("Transparency", "Transparence", "Transparencia"), [
        ("transparency-1",
         ("Are rules, tariffs and decisions published and easy for traders to find?",
          "Les règles, tarifs et décisions sont-ils publiés et faciles à trouver pour les opérateurs ?",
          "¿Las normas, aranceles y decisiones se publican y son fáciles de encontrar para los operadores?"),
         ("Links to the published rules and rulings", "Liens vers les règles et décisions publiées",
          "Enlaces a las normas y resoluciones publicadas")),
        ("transparency-2",
         ("Can decisions be appealed through an independent, timely procedure?",
          "Les décisions peuvent-elles faire l'objet d'un recours indépendant et rapide ?",
          "¿Las decisiones pueden recurrirse mediante un procedimiento independiente y oportuno?"),
         ("Appeal procedure and its statistics", "Procédure de recours et ses statistiques",
          "Procedimiento de recurso y sus estadísticas")),
    ]),
    ("automation", ("Automation", "Automatisation", "Automatización"), [
        ("automation-1",
         ("Are declarations lodged and processed electronically, limiting face-to-face contact?",
          "Les déclarations sont-elles déposées et traitées par voie électronique, limitant les contacts directs ?",
          "¿Las declaraciones se presentan y tramitan electrónicamente, limitando el contacto directo?"),
         ("Share of declarations lodged electronically", "Part des déclarations déposées électroniquement",
          "Proporción de declaraciones presentadas electrónicamente")),
        ("automation-2",
         ("Does the system select consignments for control by risk, with an audit trail?",
          "Le système sélectionne-t-il les envois à contrôler selon le risque, avec une piste d'audit ?",
          "¿El sistema selecciona los envíos para control según el riesgo, con pista de auditoría?"),
         ("Selectivity criteria and audit trail sample", "Critères de sélectivité et extrait de piste d'audit",
          "Criterios de selectividad y muestra de pista de auditoría")),
    ]),
    ("reform", ("Reform and modernization", "Réforme et modernisation", "Reforma y modernización"), [
        ("reform-1",
         ("Does the modernization plan address integrity risks of old procedures?",
          "Le plan de modernisation traite-t-il les risques d'atteinte à l'éthique des anciennes procédures ?",
          "¿El plan de modernización aborda los riesgos de integridad de los procedimientos antiguos?"),
         ("Modernization plan", "Plan de modernisation", "Plan de modernización")),
        ("reform-2",
         ("Are staff and traders consulted on reforms?",
          "Le personnel et les opérateurs sont-ils consultés sur les réformes ?",
          "¿Se consulta al personal y a los operadores sobre las reformas?"),
         ("Minutes of consultations", "Comptes rendus des consultations", "Actas de las consultas")),
    ]),
    ("audit", ("Audit and investigation", "Audit et enquête", "Auditoría e investigación"), [
        ("audit-1",
         ("Is there an internal audit function that reviews integrity risks regularly?",
          "Une fonction d'audit interne examine-t-elle régulièrement les risques d'atteinte à l'éthique ?",
          "¿Existe una función de auditoría interna que revise periódicamente los riesgos de integridad?"),
         ("Internal audit plan and recent reports", "Plan d'audit interne et rapports récents",
          "Plan de auditoría interna e informes recientes")),
        ("audit-2",
         ("Are allegations of corruption investigated by a unit independent of line management?",
          "Les allégations de corruption sont-elles instruites par une unité indépendante de la hiérarchie ?",
          "¿Las denuncias de corrupción las investiga una unidad independiente de la línea jerárquica?"),
         ("Investigation unit's mandate and case figures", "Mandat de l'unité d'enquête et chiffres des affaires",
          "Mandato de la unidad de investigación y cifras de casos")),
    ]),
    ("conduct", ("Code of conduct", "Code de conduite", "Código de conducta"), [
        ("conduct-1",
         ("Is there a code of conduct that every officer has received and signed?",
          "Existe-t-il un code de conduite que chaque agent a reçu et signé ?",
          "¿Existe un código de conducta que cada funcionario ha recibido y firmado?"),
         ("Code of conduct and signature records", "Code de conduite et registres de signature",
          "Código de conducta y registros de firma")),
        ("conduct-2",
         ("Are conflicts of interest and gifts declared and checked?",
          "Les conflits d'intérêts et les cadeaux sont-ils déclarés et vérifiés ?",
          "¿Se declaran y verifican los conflictos de intereses y los regalos?"),
         ("Declaration register", "Registre des déclarations", "Registro de declaraciones")),
    ]),
    ("hr", ("Human resource management", "Gestion des ressources humaines", "Gestión de recursos humanos"), [
        ("hr-1",
         ("Are recruitment and promotion based on merit, with published criteria?",
          "Le recrutement et la promotion reposent-ils sur le mérite, selon des critères publiés ?",
          "¿La contratación y el ascenso se basan en el mérito, con criterios publicados?"),
         ("Recruitment rules and a recent competition file", "Règles de recrutement et dossier d'un concours récent",
          "Normas de contratación y expediente de un concurso reciente")),
        ("hr-2",
         ("Are officers in sensitive posts rotated and trained in integrity?",
          "Les agents des postes sensibles font-ils l'objet d'une rotation et d'une formation à l'éthique ?",
          "¿Los funcionarios en puestos sensibles rotan y reciben formación en integridad?"),
         ("Rotation policy and training records", "Politique de rotation et registres de formation",
          "Política de rotación y registros de formación")),
    ]),
    ("morale", ("Morale and organizational culture", "Moral et culture organisationnelle",
                "Moral y cultura organizacional"), [
        ("morale-1",
         ("Are pay and working conditions enough for a decent standard of living?",
          "La rémunération et les conditions de travail permettent-elles un niveau de vie décent ?",
          "¿La remuneración y las condiciones de trabajo permiten un nivel de vida digno?"),
         ("Pay scale compared with the public sector", "Grille salariale comparée à la fonction publique",
          "Escala salarial comparada con el sector público")),
        ("morale-2",
         ("Can staff report wrongdoing safely, and is good conduct recognized?",
          "Le personnel peut-il signaler des manquements en sécurité, et la bonne conduite est-elle reconnue ?",
          "¿El personal puede denunciar irregularidades con seguridad, y se reconoce la buena conducta?"),
         ("Whistle-blower protection and staff survey",
          "Protection des lanceurs d'alerte et enquête auprès du personnel",
          "Protección de denunciantes y encuesta al personal")),
    ]),
    ("private-sector", ("Relationship with the private sector", "Relations avec le secteur privé",
                        "Relación con el sector privado"), [
        ("private-sector-1",
         ("Is there a memorandum of understanding on integrity with trade associations?",
          "Existe-t-il un protocole d'accord sur l'éthique avec les associations professionnelles ?",
          "¿Existe un memorando de entendimiento sobre integridad con las asociaciones comerciales?"),
         ("Signed memoranda", "Protocoles signés", "Memorandos firmados")),
        ("private-sector-2",
         ("Can traders report improper requests through a channel outside Customs?",
          "Les opérateurs peuvent-ils signaler des sollicitations indues par un canal extérieur à la douane ?",
          "¿Los operadores pueden denunciar solicitudes indebidas por un canal ajeno a la aduana?"),
         ("Hotline or complaint channel and its figures", "Ligne d'alerte ou canal de plainte et ses chiffres",
          "Línea de denuncia o canal de quejas y sus cifras")),
    ]),
]  # fmt: skip

GENDER = [
    ("policy", ("Policy and strategy", "Politique et stratégie", "Política y estrategia"), [
        ("policy-1",
         ("Does the administration have a gender equality policy with targets?",
          "L'administration a-t-elle une politique d'égalité des genres assortie d'objectifs ?",
          "¿La administración tiene una política de igualdad de género con metas?"),
         ("Policy document", "Document de politique", "Documento de política")),
    ]),
    ("recruitment", ("Recruitment and careers", "Recrutement et carrières", "Contratación y carreras"), [
        ("recruitment-1",
         ("Are women and men represented fairly at every grade, and is this measured?",
          "Les femmes et les hommes sont-ils représentés équitablement à chaque grade, et est-ce mesuré ?",
          "¿Mujeres y hombres están representados equitativamente en cada grado, y se mide?"),
         ("Staff figures by grade and gender", "Effectifs par grade et par genre", "Plantilla por grado y género")),
    ]),
    ("workplace", ("Working environment", "Environnement de travail", "Entorno de trabajo"), [
        ("workplace-1",
         ("Are harassment complaints handled confidentially and followed up?",
          "Les plaintes pour harcèlement sont-elles traitées en toute confidentialité et suivies ?",
          "¿Las denuncias de acoso se tratan de forma confidencial y se les da seguimiento?"),
         ("Complaint procedure", "Procédure de plainte", "Procedimiento de denuncia")),
    ]),
    ("services", ("Services to traders and travellers", "Services aux opérateurs et voyageurs",
                  "Servicios a operadores y viajeros"), [
        ("services-1",
         ("Are the needs of women traders considered in border procedures?",
          "Les besoins des commerçantes sont-ils pris en compte dans les procédures à la frontière ?",
          "¿Se tienen en cuenta las necesidades de las comerciantes en los procedimientos fronterizos?"),
         ("Consultation records", "Comptes rendus de consultation", "Registros de consulta")),
    ]),
]  # fmt: skip

TOOLS = [
    # (code, kind, (en, fr, es) names, (en, fr, es) descriptions, sections)
    ("arusha", "arusha",
     ("Revised Arusha Declaration self-assessment", "Auto-évaluation de la Déclaration d'Arusha révisée",
      "Autoevaluación de la Declaración de Arusha revisada"),
     ("The ten key factors of Customs integrity.", "Les dix facteurs clés de l'éthique en douane.",
      "Los diez factores clave de la integridad aduanera."),
     ARUSHA),
    ("gender", "gender",
     ("Gender equality organizational assessment", "Évaluation organisationnelle de l'égalité des genres",
      "Evaluación organizacional de igualdad de género"),
     ("How the administration promotes gender equality and diversity.",
      "Comment l'administration promeut l'égalité des genres et la diversité.",
      "Cómo la administración promueve la igualdad de género y la diversidad."),
     GENDER),
]  # fmt: skip


def load_reference_data(apps=None) -> dict[str, int]:
    """Create the seeded questionnaires that are missing. ``apps`` is the migration state registry, or the live one."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    Questionnaire = apps.get_model("integrity", "Questionnaire")
    ScaleLevel = apps.get_model("integrity", "ScaleLevel")
    Section = apps.get_model("integrity", "Section")
    Question = apps.get_model("integrity", "Question")
    from django.utils import timezone

    created = 0
    for code, kind, names, descriptions, sections in TOOLS:
        if Questionnaire.objects.filter(code=code).exists():
            continue
        questionnaire = Questionnaire.objects.create(
            code=code,
            version=1,
            kind=kind,
            status="published",
            published_at=timezone.now(),
            **dict(zip(("name_en", "name_fr", "name_es"), names, strict=True)),
            **dict(zip(("description_en", "description_fr", "description_es"), descriptions, strict=True)),
        )
        created += 1
        for level, level_names, level_descriptions in SCALE:
            ScaleLevel.objects.create(
                questionnaire=questionnaire,
                level=level,
                **dict(zip(("name_en", "name_fr", "name_es"), level_names, strict=True)),
                **dict(zip(("description_en", "description_fr", "description_es"), level_descriptions, strict=True)),
            )
        for order, (section_code, section_names, questions) in enumerate(sections, start=1):
            section = Section.objects.create(
                questionnaire=questionnaire,
                code=section_code,
                order=order,
                **dict(zip(("name_en", "name_fr", "name_es"), section_names, strict=True)),
            )
            for question_order, (question_code, texts, evidence) in enumerate(questions, start=1):
                Question.objects.create(
                    section=section,
                    code=question_code,
                    order=question_order,
                    **dict(zip(("text_en", "text_fr", "text_es"), texts, strict=True)),
                    **dict(zip(("evidence_en", "evidence_fr", "evidence_es"), evidence, strict=True)),
                )
    return {"questionnaires": created}
