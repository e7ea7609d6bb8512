"""Ranked expert suggestions for a mission request (step 2), each score explained.

The score adds up points for what makes an expert suitable for *this* request: the expertise
areas asked for, the working language, the region, whether the expert is free on the dates, how
much of their release commitment is left, and their past missions. Every point comes with a
reason, so the Secretariat and the ROCB see why an expert is ranked where they are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from experts.choices import ACTIVE_STAGES, ExpertKind, Stage
from experts.models import Accreditation, Deployment, Expert, ExpertLanguage, Unavailability
from experts.selectors.commitment import CAP_DAYS, working_days
from missions import rules
from missions.choices import Status
from missions.models import Assignment, MissionRequest
from wcocb.choices import LanguageLevel

if TYPE_CHECKING:
    from wcocb.models import User

#: Points for working in the request's language, by level.
LANGUAGE_POINTS: dict[str, int] = {
    LanguageLevel.NATIVE: 15,
    LanguageLevel.FLUENT: 15,
    LanguageLevel.WORKING: 10,
    LanguageLevel.BASIC: 3,
}
POINTS: dict[str, int] = {
    "area_full": 30,
    "area_first_step": 10,
    "category": 10,
    "no_language": -15,
    "same_region": 10,
    "own_administration": -40,
    "free": 10,
    "unavailable": -50,
    "booked": -60,
    "commitment_ok": 5,
    "commitment_short": -25,
    "past_mission": 3,
    "past_missions_max": 15,
    "positive_evaluation": 5,
    "external": -20,
    "candidate": -5,
}
POOL_LIMIT = 300


@dataclass(frozen=True)
class Reason:
    text: str
    points: int


@dataclass
class Suggestion:
    expert: Expert
    reasons: list[Reason] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(reason.points for reason in self.reasons)

    def add(self, points: int, text: str) -> None:
        self.reasons.append(Reason(text=text, points=points))


def _relevance(request: MissionRequest, area_ids: set[int]):
    """In SQL, the points :func:`suggest_experts` gives for what is known without per-expert lookups:
    the areas asked for, the working language, the region or own administration, the expert's kind.
    The pool is ordered by it (then by the release days left) before it is cut to ``POOL_LIMIT``."""

    def areas_at(stages) -> Coalesce:
        matching = (
            Accreditation.objects.filter(expert=OuterRef("pk"), area_id__in=sorted(area_ids), stage__in=sorted(stages))
            .order_by()
            .values("expert")
            .annotate(areas=Count("area", distinct=True))
            .values("areas")
        )
        return Coalesce(Subquery(matching, output_field=IntegerField()), 0)

    full = areas_at({Stage.FULLY_ACCREDITED})
    started = areas_at(ACTIVE_STAGES - {Stage.FULLY_ACCREDITED})
    speaks = ExpertLanguage.objects.filter(expert=OuterRef("pk"), language_id=request.language_id)
    levels = [
        When(Exists(speaks.filter(level=level)), then=Value(points)) for level, points in LANGUAGE_POINTS.items()
    ]
    return (
        full * POINTS["area_full"]
        + started * POINTS["area_first_step"]
        + Case(*levels, default=Value(POINTS["no_language"]))
        + Case(
            When(person__administration_id=request.administration_id, then=Value(POINTS["own_administration"])),
            When(
                person__administration__region_id=request.administration.region_id, then=Value(POINTS["same_region"])
            ),
            default=Value(0),
        )
        + Case(
            When(kind=ExpertKind.EXTERNAL, then=Value(POINTS["external"])),
            When(kind=ExpertKind.CANDIDATE, then=Value(POINTS["candidate"])),
            default=Value(0),
        )
    )


def _pool(request: MissionRequest, area_ids: set[int], categories: set[str]):
    experts = (
        Expert.objects.select_related("person__administration__region")
        .prefetch_related(
            Prefetch(
                "accreditations",
                queryset=Accreditation.objects.filter(stage__in=sorted(ACTIVE_STAGES)).select_related("area"),
            ),
            Prefetch("language_skills", queryset=ExpertLanguage.objects.all()),
        )
        .exclude(pk__in=request.assignments.values("expert_id"))
    )
    if categories:
        in_category = Accreditation.objects.filter(
            expert=OuterRef("pk"), area__category__in=sorted(categories), stage__in=sorted(ACTIVE_STAGES)
        )
        experts = experts.filter(
            Exists(in_category) | Q(kind__in=[ExpertKind.RECOGNIZED, ExpertKind.CONSULTANT, ExpertKind.EXTERNAL])
        )
    experts = experts.annotate(relevance=_relevance(request, area_ids))
    return experts.order_by("-relevance", "commitment_used_days", "search_name", "pk")[:POOL_LIMIT]


def suggest_experts(request: MissionRequest, *, by: User, limit: int = 20) -> list[Suggestion]:
    """The best experts for ``request``, highest score first, with the reasons for each score.

    Refused (``ForbiddenError``) to anyone but those who search experts for it
    (:func:`missions.rules.can_suggest_experts`), whichever door asks."""
    error = rules.suggestions_refusal(by, request)
    if error is not None:
        raise error
    areas = list(request.areas.all())
    area_ids = {area.pk for area in areas}
    categories = {area.category for area in areas}
    start, end = request.preferred_start, request.preferred_end
    days = working_days(start, end)
    experts = list(_pool(request, area_ids, categories))
    ids = [expert.pk for expert in experts]

    unavailable = set(
        Unavailability.objects.filter(expert_id__in=ids, start_date__lte=end, end_date__gte=start).values_list(
            "expert_id", flat=True
        )
    )
    booked = set(
        Assignment.objects.filter(expert_id__in=ids, is_booked=True, start_date__lte=end, end_date__gte=start)
        .exclude(request__status=Status.CANCELLED)
        .values_list("expert_id", flat=True)
    ) | set(
        Deployment.objects.filter(expert_id__in=ids, start_date__lte=end, end_date__gte=start).values_list(
            "expert_id", flat=True
        )
    )
    done = Assignment.objects.filter(
        expert_id__in=ids, selected=True, request__status__in=[Status.COMPLETED, Status.CLOSED]
    )
    past = Counter(done.values_list("expert_id", flat=True))
    positive = Counter(done.filter(evaluation_positive=True).values_list("expert_id", flat=True))

    suggestions = []
    for expert in experts:
        suggestion = Suggestion(expert=expert)
        accreditations = list(expert.accreditations.all())
        for area in areas:
            matches = [acc for acc in accreditations if acc.area_id == area.pk]
            if any(acc.stage == Stage.FULLY_ACCREDITED for acc in matches):
                suggestion.add(POINTS["area_full"], _("Fully accredited in %(area)s") % {"area": area.code})
            elif matches:
                suggestion.add(POINTS["area_first_step"], _("1st step in %(area)s") % {"area": area.code})
            elif any(acc.area.category == area.category and acc.area_id not in area_ids for acc in accreditations):
                suggestion.add(
                    POINTS["category"], _("Accredited in the %(category)s category") % {"category": area.category}
                )
            else:
                suggestion.add(0, _("No accreditation in %(area)s") % {"area": area.code})
        skill = next((s for s in expert.language_skills.all() if s.language_id == request.language_id), None)
        if skill:
            suggestion.add(
                LANGUAGE_POINTS.get(skill.level, 0),
                _("Works in %(language)s (%(level)s)")
                % {"language": request.language, "level": skill.get_level_display()},
            )
        else:
            suggestion.add(POINTS["no_language"], _("Does not list %(language)s") % {"language": request.language})
        administration = expert.person.administration
        if administration and administration.pk == request.administration_id:
            suggestion.add(POINTS["own_administration"], _("Works for the requesting administration"))
        elif administration and administration.region_id == request.administration.region_id:
            suggestion.add(
                POINTS["same_region"], _("From the same region (%(region)s)") % {"region": administration.region.code}
            )
        if expert.pk in booked:
            suggestion.add(POINTS["booked"], _("Already on a mission on these dates"))
        elif expert.pk in unavailable:
            suggestion.add(POINTS["unavailable"], _("Unavailable on these dates"))
        else:
            suggestion.add(POINTS["free"], _("Free on the dates"))
        window_start, window_end = expert.commitment_window_start, expert.commitment_window_end
        if window_start and window_end and window_start <= start <= window_end:
            remaining = max(CAP_DAYS - expert.commitment_used_days, 0)
            if remaining < days:
                suggestion.add(
                    POINTS["commitment_short"],
                    _("Only %(remaining)s of %(cap)s release days left; the mission needs %(days)s")
                    % {"remaining": remaining, "cap": CAP_DAYS, "days": days},
                )
            else:
                suggestion.add(
                    POINTS["commitment_ok"],
                    _("%(remaining)s of %(cap)s release days left") % {"remaining": remaining, "cap": CAP_DAYS},
                )
        if past[expert.pk]:
            suggestion.add(
                min(past[expert.pk] * POINTS["past_mission"], POINTS["past_missions_max"]),
                ngettext("%(count)s past mission completed", "%(count)s past missions completed", past[expert.pk])
                % {"count": past[expert.pk]},
            )
        if positive[expert.pk]:
            suggestion.add(POINTS["positive_evaluation"], _("Positive field evaluation on a past mission"))
        if expert.kind == ExpertKind.EXTERNAL:
            suggestion.add(POINTS["external"], _("External Expert: needs a recorded justification"))
        elif expert.kind == ExpertKind.CANDIDATE:
            suggestion.add(POINTS["candidate"], _("Regional candidate (not accredited)"))
        suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (-s.score, s.expert.search_name, s.expert.pk))
    return suggestions[:limit]
