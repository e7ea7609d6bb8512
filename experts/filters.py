"""One FilterSet for expert search, shared by the HTML search page and ``GET /api/v1/experts/``
so the two can never disagree.

Parameters: ``category``, ``subcategory`` (area code such as ``ET-HS``), ``stage`` — the three
apply to the *same* accreditation (``category=ET&stage=first_step`` finds experts who are 1st step
in ET), and by default only live accreditations count; ``kind``; ``region`` (home region code; a
candidate also matches the region of their candidate list); ``administration`` (ISO code of the
home administration); ``language`` (ISO 639-1 code); ``available_from`` / ``available_to`` (no
unavailability and no deployment overlapping the period; one date alone means that day);
``min_remaining_days`` (release commitment: at least N working days left; experts without a
binding commitment — not fully accredited, or whose window has ended — have no cap and match);
``serving``; ``q`` (full text over name, areas, post and biography, or trigram similarity on the
name; a word one or two letters away from a word of some expert's name is also read as that name word,
so ``Garsia`` finds Garcia; results ranked unless ``ordering`` is given);
``ordering`` (``name``, ``kind``, ``administration``, ``used_days``, ``created``; ``-`` for
descending).
"""

from __future__ import annotations

import datetime
import re
import unicodedata

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from experts.choices import ACTIVE_STAGES, Category, ExpertKind, Stage
from experts.models import Accreditation, Deployment, Expert, ExpertiseArea, Unavailability
from experts.selectors.commitment import CAP_DAYS
from wcocb.filters import DateFilter, OrderingFilter
from wcocb.models import Language, MemberAdministration, Region


def _plain(text: str) -> str:
    """Lower-case without accents (the search columns are built with ``unaccent``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower().strip()


#: The longest misspelling corrected: one letter in a word of up to four letters, two in a longer one.
def _max_typos(word: str) -> int:
    return 1 if len(word) <= 4 else 2


CORRECTIONS_SQL = """
SELECT q.w, n.word, levenshtein_less_equal(q.w, n.word, 2) AS distance
FROM unnest(%s::text[]) AS q(w)
JOIN experts_name_word AS n ON length(n.word) BETWEEN length(q.w) - 2 AND length(q.w) + 2
WHERE NOT EXISTS (SELECT 1 FROM experts_name_word AS known WHERE known.word = q.w)
    AND levenshtein_less_equal(q.w, n.word, 2) <= CASE WHEN length(q.w) <= 4 THEN 1 ELSE 2 END
"""


def name_corrections(words: list[str]) -> dict[str, list[str]]:
    """For each word of three letters or more that is no word of any expert's name, the nearest name words
    one or two letters away (``garsia`` → ``["garcia"]``); one query on the names' lexicon."""
    candidates = sorted({word for word in words if len(word) >= 3 and len(word) <= 100})
    if not candidates:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(CORRECTIONS_SQL, [candidates])
        rows = cursor.fetchall()
    nearest: dict[str, tuple[int, list[str]]] = {}
    for word, correction, distance in rows:
        best, found = nearest.get(word, (distance, []))
        if distance < best:
            nearest[word] = (distance, [correction])
        elif distance == best:
            nearest[word] = (best, sorted([*found, correction]))
    return {word: found for word, (_distance, found) in nearest.items()}


def corrected_query(plain: str) -> tuple[SearchQuery | None, str]:
    """The query's misspelled name words replaced by the name words they are nearest to: a full-text query
    in which each corrected word must be a word of the name (weight A) and the others match as written, and
    the corrected text to rank the names against. ``(None, plain)`` when nothing needs correcting."""
    words = re.findall(r"[^\W_]+", plain)
    corrections = name_corrections(words)
    if not corrections:
        return None, plain
    terms = [
        "(" + " | ".join(f"'{alternative}':A" for alternative in corrections[word]) + ")"
        if word in corrections
        else f"'{word}'"
        for word in words
    ]
    text = " ".join(corrections[word][0] if word in corrections else word for word in words)
    return SearchQuery(" & ".join(terms), config="simple", search_type="raw"), text


@extend_schema_field(OpenApiTypes.STR)
class CodeFilter(django_filters.ModelChoiceFilter):
    """A reference row chosen by its code (``ET-HS``, ``AP``, ``TH``, ``en``)."""


class ExpertFilterSet(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=[(c.value, c.label) for c in Category], method="filter_later"
    )
    subcategory = CodeFilter(
        label=_("Sub-category / area"),
        queryset=ExpertiseArea.objects.all(),
        to_field_name="code",
        method="filter_later",
    )
    stage = django_filters.ChoiceFilter(label=_("Pipeline stage"), choices=Stage.choices, method="filter_later")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ExpertKind.choices)
    region = CodeFilter(label=_("Region"), queryset=Region.objects.all(), to_field_name="code", method="filter_region")
    administration = CodeFilter(
        label=_("Home administration"),
        queryset=MemberAdministration.objects.all(),
        to_field_name="iso_code",
        field_name="person__administration",
    )
    language = CodeFilter(
        label=_("Language"), queryset=Language.objects.all(), to_field_name="code", method="filter_language"
    )
    available_from = DateFilter(label=_("Available from"), method="filter_later")
    available_to = DateFilter(label=_("Available to"), method="filter_later")
    min_remaining_days = django_filters.NumberFilter(
        label=_("Remaining commitment at least (days)"), method="filter_remaining", min_value=0
    )
    serving = django_filters.BooleanFilter(label=_("Currently serving"), field_name="is_serving")
    q = django_filters.CharFilter(label=_("Search"), method="filter_later")
    ordering = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("search_name", "name"),
            ("kind", "kind"),
            ("person__administration__name_en", "administration"),
            ("commitment_used_days", "used_days"),
            ("created_at", "created"),
        ),
        field_labels={
            "search_name": _("Name"),
            "kind": _("Kind"),
            "person__administration__name_en": _("Administration"),
            "commitment_used_days": _("Committed days used"),
            "created_at": _("Created"),
        },
    )

    class Meta:
        model = Expert
        fields: list[str] = []

    # Filters that combine with others are applied together in filter_queryset().
    def filter_later(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset

    # Region, language and (alone or with a live stage) category match on the GIN-indexed
    # ``search_tags`` kept by expert_refresh_search, so that with ``q`` PostgreSQL intersects the
    # filters and the text match in the indexes (a BitmapAnd) instead of testing every row that
    # matches a broad word. ``region:AP`` stands for the home region or the candidate region.
    def filter_region(self, queryset: QuerySet, name: str, value: Region) -> QuerySet:
        return queryset.filter(search_tags__contains=[f"region:{value.code}"])

    def filter_language(self, queryset: QuerySet, name: str, value: Language) -> QuerySet:
        return queryset.filter(search_tags__contains=[f"language:{value.code}"])

    def filter_remaining(self, queryset: QuerySet, name: str, value) -> QuerySet:
        today = timezone.localdate()
        return queryset.filter(
            Q(commitment_window_start__isnull=True)
            | Q(commitment_window_end__lt=today)
            | Q(commitment_used_days__lte=CAP_DAYS - int(value))
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        queryset = self._filter_accreditations(queryset, data)
        queryset = self._filter_availability(queryset, data.get("available_from"), data.get("available_to"))
        return self._search(queryset, (data.get("q") or "").strip(), ordered=bool(data.get("ordering")))

    @staticmethod
    def _filter_accreditations(queryset: QuerySet, data: dict) -> QuerySet:
        category, area, stage = data.get("category"), data.get("subcategory"), data.get("stage")
        if not (category or area or stage):
            return queryset
        if category and (not stage or stage in ACTIVE_STAGES):
            queryset = queryset.filter(search_tags__contains=[f"category:{category}"])
            if not (area or stage):
                return queryset  # the tag says exactly "a live accreditation in the category"
        accreditations = Accreditation.objects.filter(expert=OuterRef("pk"))
        if category:
            accreditations = accreditations.filter(area__category=category)
        if area:
            accreditations = accreditations.filter(area=area)
        accreditations = (
            accreditations.filter(stage=stage) if stage else accreditations.filter(stage__in=ACTIVE_STAGES)
        )
        return queryset.filter(Exists(accreditations))

    @staticmethod
    def _filter_availability(queryset: QuerySet, start: datetime.date | None, end: datetime.date | None) -> QuerySet:
        if not (start or end):
            return queryset
        start, end = start or end, end or start
        if end < start:
            start, end = end, start
        overlapping = {"expert": OuterRef("pk"), "start_date__lte": end, "end_date__gte": start}
        return queryset.filter(
            ~Exists(Unavailability.objects.filter(**overlapping)), ~Exists(Deployment.objects.filter(**overlapping))
        )

    @staticmethod
    def _search(queryset: QuerySet, text: str, *, ordered: bool) -> QuerySet:
        if not text:
            return queryset
        plain = _plain(text)
        query = SearchQuery(plain, config="simple", search_type="websearch")
        # A misspelled name (``Garsia``, ``Zaynab Mwangy``) is corrected against the names' lexicon: the
        # corrected query is one more alternative, and the names are ranked against the corrected text so
        # the person whose whole name matches comes first.
        corrected, ranked_text = corrected_query(plain)
        if corrected is not None:
            query = query | corrected
        queryset = queryset.filter(Q(search_vector=query) | Q(search_name__trigram_word_similar=plain)).annotate(
            rank=SearchRank(F("search_vector"), query) + TrigramWordSimilarity(ranked_text, "search_name")
        )
        return queryset if ordered else queryset.order_by("-rank", "search_name", "pk")
