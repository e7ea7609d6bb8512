"""The sections of the programmes built on missions: Mercator (plans by phase, diagnostics, recommendations and
the share implemented, milestones on time, TFA implementation), training (participants, administrations,
completed, certified, honours, gender, 360-degree improvement, feedback scores) and integrity (counts only:
assessments submitted, action-plan completion; never an administration's content)."""

from __future__ import annotations

from django.db.models import Avg, Count, F, Q
from django.utils.translation import gettext_lazy as _

from reports.sections.base import ReportContext, column_sums, headline, section, table, text
from wcocb.choices import Gender


def _share(part: int, whole: int) -> float | None:
    return round(part * 100.0 / whole, 1) if whole else None


def mercator_section(context: ReportContext) -> dict:
    from mercator.choices import ImplementationStatus, MilestoneStatus, Phase, PlanForm, RecommendationStatus
    from mercator.models import Diagnostic, Milestone, Plan, Recommendation, TfaCommitment

    plans = context.in_scope(
        Plan.objects.filter(request_date__lte=context.as_of),
        region="administration__region",
        administration="administration",
    )
    live = ~Q(phase__in=[Phase.WITHDRAWN, Phase.CLOSED])
    totals = plans.aggregate(
        plans=Count("pk", filter=live),
        multi_year=Count("administration", distinct=True, filter=live & Q(form=PlanForm.MULTI_YEAR)),
    )
    by_phase = dict(plans.values_list("phase").annotate(n=Count("pk")).order_by())
    phase_rows = [[text(label), by_phase.get(value, 0)] for value, label in Phase.choices]
    diagnostics = context.in_scope(
        Diagnostic.objects.filter(context.in_period("start_date")),
        region="plan__administration__region",
        administration="plan__administration",
    ).count()
    recommendations = context.in_scope(
        Recommendation.objects.all(), region="plan__administration__region", administration="plan__administration"
    ).aggregate(
        total=Count("pk", filter=~Q(status=RecommendationStatus.DROPPED)),
        implemented=Count("pk", filter=Q(status=RecommendationStatus.IMPLEMENTED)),
    )
    milestones = context.in_scope(
        Milestone.objects.filter(context.in_period("due_date")).exclude(status=MilestoneStatus.DROPPED),
        region="plan__administration__region",
        administration="plan__administration",
    ).aggregate(
        due=Count("pk"),
        on_time=Count("pk", filter=Q(achieved_on__isnull=False, achieved_on__lte=F("due_date"))),
    )
    commitments = context.in_scope(
        TfaCommitment.objects.all(), region="administration__region", administration="administration"
    )
    tfa = commitments.aggregate(
        total=Count("pk"),
        implemented=Count("pk", filter=Q(status=ImplementationStatus.IMPLEMENTED, status_date__lte=context.as_of)),
    )
    by_category = {
        category: (total, done)
        for category, total, done in commitments.values_list("category")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=ImplementationStatus.IMPLEMENTED, status_date__lte=context.as_of)),
        )
        .order_by("category")
    }
    category_rows = [[category, total, done, _share(done, total)] for category, (total, done) in by_category.items()]
    return section(
        "mercator",
        40,
        _("Mercator Programme"),
        headline=[
            headline("plans", _("Plans under way"), totals["plans"], compare=False),
            headline("multi_year", _("Administrations on a multi-year plan"), totals["multi_year"], compare=False),
            headline("diagnostics", _("Mercator diagnostics in the period"), diagnostics, compare=False),
            headline("recommendations", _("Recommendations"), recommendations["total"], compare=False),
            headline(
                "implemented_share",
                _("Recommendations implemented (%)"),
                _share(recommendations["implemented"], recommendations["total"]),
                compare=False,
            ),
            headline(
                "milestones_on_time",
                _("Milestones due in the period met on time (%)"),
                _share(milestones["on_time"], milestones["due"]),
                compare=False,
            ),
            headline(
                "tfa_rate",
                _("TFA commitments implemented (%)"),
                _share(tfa["implemented"], tfa["total"]),
                compare=False,
            ),
        ],
        tables=[
            table(
                "phases",
                _("Mercator plans by phase"),
                [_("Phase"), _("Plans")],
                phase_rows,
                total=column_sums(phase_rows, 1),
                chart={"type": "bar"},
            ),
            table(
                "tfa",
                _("TFA commitments by category"),
                [_("Category"), _("Commitments"), _("Implemented"), _("Implemented (%)")],
                category_rows,
                chart={"type": "bar"},
            ),
        ],
        notes=[_("Plans, recommendations and TFA commitments as recorded on the as-of date.")],
    )


def training_section(context: ReportContext) -> dict:
    from training.choices import ParticipantStatus as S
    from training.models import FeedbackForm, ImpactReview, Participant

    reached = [S.ENROLLED, S.COMPLETED, S.CERTIFIED]
    participants = context.in_scope(
        Participant.objects.filter(context.in_period("session__start_date")),
        region="administration__region",
        administration="administration",
    )
    figures = participants.aggregate(
        participants=Count("pk", filter=Q(status__in=reached)),
        administrations=Count("administration", distinct=True, filter=Q(status__in=reached)),
        completed=Count("pk", filter=Q(status__in=[S.COMPLETED, S.CERTIFIED])),
        certified=Count("pk", filter=Q(status=S.CERTIFIED)),
        honours=Count("pk", filter=Q(status=S.CERTIFIED, honours=True)),
    )
    gender = dict(
        participants.filter(status__in=reached).values_list("person__gender").annotate(n=Count("pk")).order_by()
    )
    gender_rows = [[text(label), gender.get(value, 0)] for value, label in Gender.choices]
    if gender.get("") or gender.get(None):
        gender_rows.append([text(_("not recorded")), (gender.get("") or 0) + (gender.get(None) or 0)])
    feedback = FeedbackForm.objects.filter(participant__in=participants).aggregate(
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        relevance=Avg("relevance"),
        quality=Avg("quality"),
        applicability=Avg("applicability"),
    )
    per_participant = (
        ImpactReview.objects.filter(reviewer__participant__in=participants, answered_at__isnull=False)
        .values("reviewer__participant")
        .annotate(answers=Count("pk"), mean=(Avg("leadership") + Avg("management") + Avg("communication")) / 3.0)
        .filter(answers__gte=3)
        .order_by()
    )
    # One row per assessed participant (at least 3 of the 4 reviewers answered), counted in SQL over the grouping;
    # improved: the mean change of -2..+2 at least +0.5 (training.selectors' rule).
    impact = per_participant.aggregate(
        assessed=Count("reviewer__participant"),
        improved=Count("reviewer__participant", filter=Q(mean__gte=0.5)),
    )
    assessed, improved = impact["assessed"], impact["improved"]
    rounded = {key: round(float(value), 2) if value is not None else None for key, value in feedback.items()}
    return section(
        "training",
        50,
        _("Training and people development"),
        headline=[
            headline("participants", _("Participants"), figures["participants"], compare=False),
            headline("administrations", _("Administrations represented"), figures["administrations"], compare=False),
            headline("completed", _("Completed"), figures["completed"], compare=False),
            headline("certified", _("Certified"), figures["certified"], compare=False),
            headline("honours", _("With honours"), figures["honours"], compare=False),
            headline(
                "improved", _("Improved at the 360-degree review (%)"), _share(improved, assessed), compare=False
            ),
            headline("relevance", _("Feedback: relevance (mean)"), rounded["relevance"], compare=False),
            headline("quality", _("Feedback: quality (mean)"), rounded["quality"], compare=False),
            headline("applicability", _("Feedback: applicability (mean)"), rounded["applicability"], compare=False),
        ],
        tables=[
            table(
                "gender",
                _("Participants by gender"),
                [_("Gender"), _("Participants")],
                gender_rows,
                total=column_sums(gender_rows, 1),
                chart={"type": "doughnut"},
            ),
        ],
        notes=[_("Participants of the sessions that start in the period, enrolled or beyond.")],
    )


def integrity_section(context: ReportContext) -> dict:
    from integrity.choices import ActionStatus, AssessmentStatus
    from integrity.models import Assessment, PlanAction

    assessments = context.in_scope(
        Assessment.objects.filter(status__in=[AssessmentStatus.SUBMITTED, AssessmentStatus.REVIEWED]),
        region="administration__region",
        administration="administration",
    ).aggregate(
        submitted=Count(
            "pk", filter=Q(submitted_at__date__gte=context.period_start, submitted_at__date__lte=context.period_end)
        ),
        administrations=Count("administration", distinct=True),
    )
    actions = context.in_scope(
        PlanAction.objects.exclude(status=ActionStatus.CANCELLED),
        region="plan__administration__region",
        administration="plan__administration",
    ).aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=ActionStatus.DONE)))
    return section(
        "integrity",
        60,
        _("Integrity"),
        headline=[
            headline(
                "assessments",
                _("Integrity assessments submitted in the period"),
                assessments["submitted"],
                compare=False,
            ),
            headline(
                "administrations",
                _("Administrations with a submitted assessment"),
                assessments["administrations"],
                compare=False,
            ),
            headline("actions", _("Integrity action-plan actions"), actions["total"], compare=False),
            headline("actions_done", _("Actions done (%)"), _share(actions["done"], actions["total"]), compare=False),
        ],
        notes=[_("Counts only: no administration's answers or plans are shown.")],
    )


def _number(value) -> float | None:
    return float(value) if value is not None else None


def impact_section(context: ReportContext) -> dict:
    """Impact before and after: the KPIs of the Mercator plans that the period's delivered missions served (through
    a plan activity), each KPI's baseline and target, and its latest approved actual reported for a period that
    ends after the first of those missions ended (its later actual); ``None`` rows where no actual is reported yet.
    """
    from django.db.models import Exists, Max, Min, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from mercator.choices import ReportStatus
    from mercator.models import Activity, Kpi, KpiActual
    from missions.models import MissionRequest
    from reports.sections.missions import DELIVERED

    missions = context.in_scope(
        MissionRequest.objects.filter(context.in_period("start_date"), status__in=DELIVERED),
        region="administration__region",
        administration="administration",
    )
    served = Activity.missions.through.objects.filter(missionrequest__in=missions)
    first_end = (
        served.filter(activity__plan=OuterRef("plan"))
        .values("activity__plan")
        .annotate(first=Min(Coalesce("missionrequest__end_date", "missionrequest__start_date")))
        .values("first")
    )
    missions_of_plan = (
        served.filter(activity__plan=OuterRef("plan"))
        .values("activity__plan")
        .annotate(n=Count("missionrequest", distinct=True))
        .values("n")
    )
    later = KpiActual.objects.filter(
        kpi=OuterRef("pk"), report__status=ReportStatus.APPROVED, report__period_end__gt=OuterRef("served_until")
    ).order_by("-report__period_end", "-pk")
    kpis = (
        Kpi.objects.filter(Exists(served.filter(activity__plan=OuterRef("plan"))))
        .annotate(
            served_until=Subquery(first_end),
            missions=Subquery(missions_of_plan),
            actual=Subquery(later.values("value")[:1]),
            actual_on=Subquery(later.values("report__period_end")[:1]),
        )
        .order_by("plan__administration__iso_code", "plan", "pk")
    )
    toward = Q(actual__isnull=False) & (
        Q(target_value__gt=F("baseline_value"), actual__gt=F("baseline_value"))
        | Q(target_value__lt=F("baseline_value"), actual__lt=F("baseline_value"))
    )
    totals = kpis.aggregate(
        kpis=Count("pk"),
        plans=Count("plan", distinct=True),
        measured=Count("pk", filter=Q(actual__isnull=False)),
        toward=Count("pk", filter=toward),
        last=Max("actual_on"),
    )
    rows = [
        [
            f"MP-{plan_id}", iso, f"{name} ({unit})", missions_n, _number(baseline), baseline_date.isoformat(),
            _number(actual), actual_on.isoformat() if actual_on else None, _number(target), target_date.isoformat(),
        ]
        for plan_id, iso, name, unit, missions_n, baseline, baseline_date, actual, actual_on, target, target_date in (
            kpis.values_list(
                "plan_id", "plan__administration__iso_code", "name", "unit", "missions", "baseline_value",
                "baseline_date", "actual", "actual_on", "target_value", "target_date",
            )
        )
    ]  # fmt: skip
    return section(
        "impact",
        16,
        _("Impact: KPIs before and after the missions"),
        headline=[
            headline("plans", _("Mercator plans served by the period's missions"), totals["plans"], compare=False),
            headline("kpis", _("KPIs of those plans"), totals["kpis"], compare=False),
            headline("measured", _("KPIs with an actual after the missions"), totals["measured"], compare=False),
            headline("toward", _("KPIs moved from the baseline toward the target"), totals["toward"], compare=False),
        ],
        tables=[
            table(
                "kpis",
                _("KPI baselines and later actuals"),
                [
                    _("Plan"),
                    _("Administration"),
                    _("KPI"),
                    _("Missions in the period"),
                    _("Baseline"),
                    _("Baseline date"),
                    _("Later actual"),
                    _("Reported for the period ending"),
                    _("Target"),
                    _("Target date"),
                ],
                rows,
            )
        ],
        notes=[
            _(
                "The KPIs of the Mercator plans whose activities the period's delivered missions served. The later "
                "actual is the latest approved actual of a period report ending after the first of those missions "
                "ended."
            )
        ],
    )
