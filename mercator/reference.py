"""The WTO Trade Facilitation Agreement as reference data: Articles 1-12 of Section I with their measures,
and Article 23.2 (the national committee on trade facilitation), in English, French and Spanish.

Idempotent (get_or_create on the number): the Secretariat's later edits to the names are kept."""

ARTICLES: list[tuple[str, str, str, str]] = [
    # (number, English, French, Spanish)
    ("1", "Publication and availability of information", "Publication et disponibilité des renseignements",
     "Publicación y disponibilidad de la información"),
    ("2", "Opportunity to comment, information before entry into force, and consultations",
     "Possibilité de présenter des observations, renseignements avant l'entrée en vigueur et consultations",
     "Oportunidad de formular observaciones, información antes de la entrada en vigor y consultas"),
    ("3", "Advance rulings", "Décisions anticipées", "Resoluciones anticipadas"),
    ("4", "Procedures for appeal or review", "Procédures de recours ou de réexamen",
     "Procedimientos de recurso o de revisión"),
    ("5", "Other measures to enhance impartiality, non-discrimination and transparency",
     "Autres mesures visant à renforcer l'impartialité, la non-discrimination et la transparence",
     "Otras medidas para aumentar la imparcialidad, la no discriminación y la transparencia"),
    ("6", "Disciplines on fees and charges imposed on or in connection with importation and exportation, and "
     "penalties",
     "Disciplines concernant les redevances et impositions perçues à l'importation et à l'exportation, et pénalités",
     "Disciplinas en materia de derechos y cargas establecidos sobre la importación y la exportación, y sanciones"),
    ("7", "Release and clearance of goods", "Mainlevée et dédouanement des marchandises",
     "Levante y despacho de las mercancías"),
    ("8", "Border agency cooperation", "Coopération entre les organismes présents aux frontières",
     "Cooperación entre los organismos que intervienen en la frontera"),
    ("9", "Movement of goods intended for import under customs control",
     "Mouvement des marchandises destinées à l'importation sous contrôle douanier",
     "Traslado de mercancías destinadas a la importación bajo control aduanero"),
    ("10", "Formalities connected with importation, exportation and transit",
     "Formalités se rapportant à l'importation, à l'exportation et au transit",
     "Formalidades en relación con la importación, la exportación y el tránsito"),
    ("11", "Freedom of transit", "Liberté de transit", "Libertad de tránsito"),
    ("12", "Customs cooperation", "Coopération douanière", "Cooperación aduanera"),
    ("23", "Institutional arrangements", "Arrangements institutionnels", "Disposiciones institucionales"),
]  # fmt: skip

MEASURES: list[tuple[str, str, str, str]] = [
    # (number, English, French, Spanish); the article is the number before the first dot
    ("1.1", "Publication", "Publication", "Publicación"),
    ("1.2", "Information available through the internet", "Renseignements disponibles sur Internet",
     "Información disponible por medio de Internet"),
    ("1.3", "Enquiry points", "Points d'information", "Servicios de información"),
    ("1.4", "Notification", "Notification", "Notificación"),
    ("2.1", "Opportunity to comment and information before entry into force",
     "Possibilité de présenter des observations et renseignements avant l'entrée en vigueur",
     "Oportunidad de formular observaciones e información antes de la entrada en vigor"),
    ("2.2", "Consultations", "Consultations", "Consultas"),
    ("3", "Advance rulings", "Décisions anticipées", "Resoluciones anticipadas"),
    ("4", "Procedures for appeal or review", "Procédures de recours ou de réexamen",
     "Procedimientos de recurso o de revisión"),
    ("5.1", "Notifications for enhanced controls or inspections",
     "Notifications de contrôles ou d'inspections renforcés", "Notificaciones de controles o inspecciones reforzados"),
    ("5.2", "Detention", "Rétention", "Retención"),
    ("5.3", "Test procedures", "Procédures d'essai", "Procedimientos de prueba"),
    ("6.1", "General disciplines on fees and charges",
     "Disciplines générales concernant les redevances et impositions",
     "Disciplinas generales en materia de derechos y cargas"),
    ("6.2", "Specific disciplines on fees and charges for customs processing",
     "Disciplines spécifiques concernant les redevances et impositions pour le traitement douanier",
     "Disciplinas específicas en materia de derechos y cargas por el trámite aduanero"),
    ("6.3", "Penalty disciplines", "Disciplines en matière de pénalités", "Disciplinas en materia de sanciones"),
    ("7.1", "Pre-arrival processing", "Traitement avant arrivée", "Tramitación previa a la llegada"),
    ("7.2", "Electronic payment", "Paiement électronique", "Pago electrónico"),
    ("7.3", "Separation of release from final determination of duties and fees",
     "Séparation de la mainlevée de la détermination finale des droits et taxes",
     "Separación entre el levante y la determinación definitiva de los derechos y cargas"),
    ("7.4", "Risk management", "Gestion des risques", "Gestión de riesgos"),
    ("7.5", "Post-clearance audit", "Contrôle après dédouanement", "Auditoría posterior al despacho de aduana"),
    ("7.6", "Establishment and publication of average release times",
     "Établissement et publication des temps moyens nécessaires à la mainlevée",
     "Establecimiento y publicación de los plazos medios de levante"),
    ("7.7", "Trade facilitation measures for authorized operators",
     "Mesures de facilitation des échanges pour les opérateurs agréés",
     "Medidas de facilitación del comercio para los operadores autorizados"),
    ("7.8", "Expedited shipments", "Envois accélérés", "Envíos urgentes"),
    ("7.9", "Perishable goods", "Marchandises périssables", "Mercancías perecederas"),
    ("8", "Border agency cooperation", "Coopération entre les organismes présents aux frontières",
     "Cooperación entre los organismos que intervienen en la frontera"),
    ("9", "Movement of goods intended for import under customs control",
     "Mouvement des marchandises destinées à l'importation sous contrôle douanier",
     "Traslado de mercancías destinadas a la importación bajo control aduanero"),
    ("10.1", "Formalities and documentation requirements",
     "Formalités et prescriptions en matière de documents requis",
     "Formalidades y requisitos de documentación"),
    ("10.2", "Acceptance of copies", "Acceptation de copies", "Aceptación de copias"),
    ("10.3", "Use of international standards", "Utilisation des normes internationales",
     "Utilización de las normas internacionales"),
    ("10.4", "Single window", "Guichet unique", "Ventanilla única"),
    ("10.5", "Preshipment inspection", "Inspection avant expédition", "Inspección previa a la expedición"),
    ("10.6", "Use of customs brokers", "Recours aux courtiers en douane", "Recurso a agentes de aduanas"),
    ("10.7", "Common border procedures and uniform documentation requirements",
     "Procédures à la frontière communes et prescriptions uniformes en matière de documents requis",
     "Procedimientos en frontera comunes y requisitos de documentación uniformes"),
    ("10.8", "Rejected goods", "Marchandises refusées", "Mercancías rechazadas"),
    ("10.9", "Temporary admission of goods and inward and outward processing",
     "Admission temporaire de marchandises et perfectionnement actif et passif",
     "Admisión temporal de mercancías y perfeccionamiento activo y pasivo"),
    ("11", "Freedom of transit", "Liberté de transit", "Libertad de tránsito"),
    ("12", "Customs cooperation", "Coopération douanière", "Cooperación aduanera"),
    ("23.2", "National committee on trade facilitation", "Comité national de la facilitation des échanges",
     "Comité nacional de facilitación del comercio"),
]  # fmt: skip


def load_reference_data(apps=None) -> dict[str, int]:
    """Create the missing TFA articles and measures. ``apps`` is the migration state registry, or the live one."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    TfaArticle = apps.get_model("mercator", "TfaArticle")
    TfaMeasure = apps.get_model("mercator", "TfaMeasure")
    created = {"tfa_articles": 0, "tfa_measures": 0}
    articles = {}
    for position, (number, name_en, name_fr, name_es) in enumerate(ARTICLES, start=1):
        article, new = TfaArticle.objects.get_or_create(
            number=number, defaults={"position": position, "name_en": name_en, "name_fr": name_fr, "name_es": name_es}
        )
        articles[number] = article
        created["tfa_articles"] += new
    for position, (number, name_en, name_fr, name_es) in enumerate(MEASURES, start=1):
        _, new = TfaMeasure.objects.get_or_create(
            number=number,
            defaults={
                "article": articles[number.split(".")[0]],
                "position": position,
                "name_en": name_en,
                "name_fr": name_fr,
                "name_es": name_es,
            },
        )
        created["tfa_measures"] += new
    return created
