"""Reads of the experts app: querysets shaped for their screens (one place for N+1 fixes), and
the facet counts of a search."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from experts.choices import Category, ExpertKind, Stage
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
        Prefetch("language_skills", queryset=ExpertLanguage.objects.select_related("language")),
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


def facet_counts(queryset: QuerySet[Expert]) -> dict[str, list[tuple[str, str, int]]]:
    """How many experts of ``queryset`` fall under each filter value, as ``{facet: [(value, label,
    count), ...]}`` for category, stage, kind, region, language and serving. Three aggregate
    queries whatever the number of values: conditional counts over the experts, over their live
    accreditations, and a grouped count over their languages."""
    ids = queryset.order_by().values("pk")
    regions = list(Region.objects.order_by("code").values_list("code", "name_en"))
    experts = Expert.objects.filter(pk__in=ids).aggregate(
        **{f"kind__{kind.value}": Count("pk", filter=Q(kind=kind)) for kind in ExpertKind},
        **{
            f"region__{index}": Count("pk", filter=Q(person__administration__region__code=code))
            for index, (code, _name) in enumerate(regions)
        },
        serving__true=Count("pk", filter=Q(is_serving=True)),
        serving__false=Count("pk", filter=Q(is_serving=False)),
    )
    accreditations = Accreditation.objects.filter(expert__in=ids).aggregate(
        **{
            f"category__{category.value}": Count(
                "expert",
                distinct=True,
                filter=Q(area__category=category) & ~Q(stage__in=[Stage.WITHDRAWN, Stage.LAPSED]),
            )
            for category in Category
            if category != Category.CANDIDATE_TOPIC
        },
        **{f"stage__{stage.value}": Count("expert", distinct=True, filter=Q(stage=stage)) for stage in Stage},
    )
    languages = dict(
        ExpertLanguage.objects.filter(expert__in=ids)
        .values_list("language__code")
        .annotate(n=Count("expert", distinct=True))
        .values_list("language__code", "n")
    )
    language_names = {language.code: language.name for language in Language.objects.filter(code__in=languages)}
    region_names = {code: Region(code=code, name_en=name).name for code, name in regions}
    return {
        "category": [
            (c.value, c.label, accreditations[f"category__{c.value}"])
            for c in Category
            if c != Category.CANDIDATE_TOPIC
        ],
        "stage": [(s.value, s.label, accreditations[f"stage__{s.value}"]) for s in Stage],
        "kind": [(k.value, k.label, experts[f"kind__{k.value}"]) for k in ExpertKind],
        "region": [
            (code, region_names[code], experts[f"region__{index}"]) for index, (code, _name) in enumerate(regions)
        ],
        "language": sorted(
            ((code, language_names.get(code, code), count) for code, count in languages.items()),
            key=lambda item: (-item[2], item[1]),
        ),
        "serving": [
            ("true", _("Serving"), experts["serving__true"]),
            ("false", _("Not serving"), experts["serving__false"]),
        ],
    }
