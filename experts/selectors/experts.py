"""Reads of the experts app: querysets shaped for their screens (one place for N+1 fixes), and
the facet counts of a search."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from experts.choices import ACTIVE_STAGES, SUBCATEGORY_CATEGORIES, Category, ExpertKind, Stage
from experts.models import (
    Accreditation,
    AccreditationEvent,
    CandidateListEntry,
    Deployment,
    Expert,
    ExpertLanguage,
    Unavailability,
)
from wcocb.models import Language, Region
from wcocb.scoping import scope_queryset


def expert_list(user) -> QuerySet[Expert]:
    """Experts the user may see, with what a results row shows (constant number of queries)."""
    live = Accreditation.objects.exclude(stage__in=[Stage.WITHDRAWN, Stage.LAPSED]).select_related("area")
    queryset = Expert.objects.select_related("person__administration__region", "candidate_topic").prefetch_related(
        Prefetch("accreditations", queryset=live.order_by("area__code"), to_attr="live_accreditations"),
        Prefetch(
            "language_skills",
            queryset=ExpertLanguage.objects.select_related("language").order_by("language__code"),
            to_attr="listed_languages",
        ),
    )
    return scope_queryset(queryset, user)


def expert_detail(user) -> QuerySet[Expert]:
    """Experts the user may see, with everything the detail page shows."""
    accreditations = Accreditation.objects.select_related("area", "workshop", "evaluator__person").prefetch_related(
        Prefetch("events", queryset=AccreditationEvent.objects.select_related("actor").order_by("at", "pk"))
    )
    return scope_queryset(
        Expert.objects.select_related(
            "person__administration__region", "person__user", "candidate_topic", "candidate_region", "nominated_by"
        ).prefetch_related(
            Prefetch("accreditations", queryset=accreditations.order_by("area__category", "area__code", "pk")),
            Prefetch("language_skills", queryset=ExpertLanguage.objects.select_related("language")),
            Prefetch("deployments", queryset=Deployment.objects.order_by("-start_date")),
            Prefetch("unavailabilities", queryset=Unavailability.objects.order_by("-start_date")),
            Prefetch(
                "candidate_entries",
                queryset=CandidateListEntry.objects.select_related("region", "nominated_by").order_by("-created_at"),
            ),
        ),
        user,
    )


def candidate_entries(user) -> QuerySet[CandidateListEntry]:
    return scope_queryset(
        CandidateListEntry.objects.select_related(
            "region", "nominated_by", "expert__person__administration", "expert__candidate_topic", "decided_by"
        ),
        user,
    )


def candidate_list(user, *, status: str | None = None) -> QuerySet[CandidateListEntry]:
    """The candidate-list page: the entries ``user`` sees, of one nomination status when ``status`` is one."""
    from experts.choices import NominationStatus

    entries = candidate_entries(user)
    return entries.filter(status=status) if status in NominationStatus.values else entries


#: How many home administrations the administration facet lists (the largest first).
TOP_ADMINISTRATIONS = 10

FacetRows = list[tuple[str, str | Promise, int]]  # (value, label, count)

TAGS_SQL = """
SELECT tag, count(*) FROM experts_expert AS e CROSS JOIN LATERAL unnest(e.search_tags) AS tag
WHERE e.id IN ({ids}) GROUP BY tag
"""


def _tag_counts(ids: QuerySet) -> dict[str, int]:
    """Experts of ``ids`` per ``search_tags`` value: the very tags the region, language and
    category filters match on, so a facet count is what clicking the value would find."""
    sql, params = ids.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(TAGS_SQL.format(ids=sql), params)
        return dict(cursor.fetchall())


def facet_counts(queryset: QuerySet[Expert], filters: dict | None = None) -> dict[str, FacetRows]:
    """How many experts of ``queryset`` (already filtered) each filter value would find, as
    ``{facet: [(value, label, count), ...]}`` for category, subcategory, stage, kind, region,
    administration (the largest :data:`TOP_ADMINISTRATIONS`), language and serving.

    The counts follow the filters' own rules: region and language count the ``search_tags``
    (so a candidate counts in their home region and in their candidate region, as the region
    filter matches), and category, sub-category and stage count the *same* accreditation, with the
    other two of those filters in ``filters`` (the FilterSet's cleaned data) applied to it, and
    only live accreditations unless a stage is chosen. A constant number of queries whatever the
    number of experts or values."""
    filters = filters or {}
    ids = queryset.order_by().values("pk")
    category, area, stage = filters.get("category"), filters.get("subcategory"), filters.get("stage")
    on_category = Q(area__category=category) if category else Q()
    on_area = Q(area=area) if area else Q()
    on_stage = Q(stage=stage) if stage else Q(stage__in=ACTIVE_STAGES)

    experts = Expert.objects.filter(pk__in=ids).aggregate(
        **{f"kind__{kind.value}": Count("pk", filter=Q(kind=kind)) for kind in ExpertKind},
        serving__true=Count("pk", filter=Q(is_serving=True)),
        serving__false=Count("pk", filter=Q(is_serving=False)),
    )
    tags = _tag_counts(ids)
    accreditations = Accreditation.objects.filter(expert__in=ids)
    pipeline = accreditations.aggregate(
        **{
            f"category__{c.value}": Count("expert", distinct=True, filter=Q(area__category=c) & on_area & on_stage)
            for c in Category
            if c != Category.CANDIDATE_TOPIC
        },
        **{
            f"stage__{s.value}": Count("expert", distinct=True, filter=Q(stage=s) & on_category & on_area)
            for s in Stage
        },
    )
    subcategories = (
        accreditations.filter(on_category, on_stage, area__category__in=sorted(SUBCATEGORY_CATEGORIES))
        .values_list("area__code", "area__name_en", "area__name_fr", "area__name_es")
        .annotate(n=Count("expert", distinct=True))
        .order_by("-n", "area__code")
    )
    administrations = (
        Expert.objects.filter(pk__in=ids, person__administration__isnull=False)
        .values_list(
            "person__administration__iso_code",
            "person__administration__name_en",
            "person__administration__name_fr",
            "person__administration__name_es",
        )
        .annotate(n=Count("pk"))
        .order_by("-n", "person__administration__name_en")[:TOP_ADMINISTRATIONS]
    )
    regions = Region.objects.order_by("code").only("code", "name_en", "name_fr", "name_es")
    language_codes = [tag.split(":", 1)[1] for tag in tags if tag.startswith("language:")]
    language_names = {language.code: language.name for language in Language.objects.filter(code__in=language_codes)}

    def named(code: str, en: str, fr: str, es: str) -> str:
        return Region(code=code, name_en=en, name_fr=fr, name_es=es).name  # any MultilingualName picks the language

    return {
        "category": [
            (c.value, c.label, pipeline[f"category__{c.value}"]) for c in Category if c != Category.CANDIDATE_TOPIC
        ],
        "subcategory": [(code, f"{code} — {named(code, en, fr, es)}", n) for code, en, fr, es, n in subcategories],
        "stage": [(s.value, s.label, pipeline[f"stage__{s.value}"]) for s in Stage],
        "kind": [(k.value, k.label, experts[f"kind__{k.value}"]) for k in ExpertKind],
        "region": [(region.code, region.name, tags.get(f"region:{region.code}", 0)) for region in regions],
        "administration": [(code, named(code, en, fr, es), n) for code, en, fr, es, n in administrations],
        "language": sorted(
            ((code, language_names.get(code, code), tags[f"language:{code}"]) for code in language_codes),
            key=lambda item: (-item[2], item[1]),
        ),
        "serving": [
            ("true", _("Serving"), experts["serving__true"]),
            ("false", _("Not serving"), experts["serving__false"]),
        ],
    }
