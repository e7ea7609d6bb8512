"""Choices of the Mercator app: tracks, forms, the plan's phases and their allowed moves, the TFA
categories and statuses, and the states of recommendations, activities, milestones, risks and reports."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

#: The WTO Trade Facilitation Agreement entered into force on 22 February 2017.
TFA_ENTRY_INTO_FORCE = datetime.date(2017, 2, 22)


class Track(models.TextChoices):
    OVERALL = "overall", _("Overall track")
    TAILOR_MADE = "tailor_made", _("Tailor-made track")


class PlanForm(models.TextChoices):
    MULTI_YEAR = "multi_year", _("Multi-year implementation plan")
    AD_HOC = "ad_hoc", _("Ad-hoc engagement on specific TFA articles")


class Phase(models.TextChoices):
    """The operating model adopted in 2017, from the written request to closure."""

    REQUEST_RECEIVED = "request_received", _("Request received")
    VALIDATION = "validation", _("Implementation validation")
    DIAGNOSTIC = "diagnostic", _("Diagnostic")
    PLANNING_DELIVERY = "planning_delivery", _("Planning and delivery")
    MONITORING = "monitoring", _("Monitoring and evaluation")
    CLOSED = "closed", _("Closed")
    ON_HOLD = "on_hold", _("On hold")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: The phases in their order (the timeline of a plan).
PHASE_ORDER: tuple[str, ...] = (
    Phase.REQUEST_RECEIVED,
    Phase.VALIDATION,
    Phase.DIAGNOSTIC,
    Phase.PLANNING_DELIVERY,
    Phase.MONITORING,
    Phase.CLOSED,
)
#: Phases from which a plan may be put on hold or withdrawn.
OPEN_PHASES: frozenset[str] = frozenset(PHASE_ORDER[:-1])

#: The allowed moves: forward one phase at a time; on hold resumes to the phase it left (``held_from``).
TRANSITIONS: dict[str, frozenset[str]] = {
    Phase.REQUEST_RECEIVED: frozenset({Phase.VALIDATION}),
    Phase.VALIDATION: frozenset({Phase.DIAGNOSTIC}),
    Phase.DIAGNOSTIC: frozenset({Phase.PLANNING_DELIVERY}),
    Phase.PLANNING_DELIVERY: frozenset({Phase.MONITORING}),
    Phase.MONITORING: frozenset({Phase.CLOSED}),
    Phase.CLOSED: frozenset(),
    Phase.ON_HOLD: frozenset(OPEN_PHASES | {Phase.WITHDRAWN}),
    Phase.WITHDRAWN: frozenset(),
}
for _phase in OPEN_PHASES:
    TRANSITIONS[_phase] = TRANSITIONS[_phase] | {Phase.ON_HOLD, Phase.WITHDRAWN}

#: What each phase covers (shown on the plan page).
PHASE_HELP: dict[str, object] = {
    Phase.REQUEST_RECEIVED: _("The administration's written request is on file."),
    Phase.VALIDATION: _("Validate plans, supporting structures, needs assessments and priorities."),
    Phase.DIAGNOSTIC: _("The Mercator diagnostic and its findings."),
    Phase.PLANNING_DELIVERY: _("Strategic planning, implementation support and donor-funding assistance."),
    Phase.MONITORING: _("Organizational issues; results (milestones, time, cost); quality, indicators and risks."),
    Phase.CLOSED: _("The plan is closed."),
}


class EventKind(models.TextChoices):
    OPENED = "opened", _("Plan opened from the written request")
    PHASE = "phase", _("Phase changed")
    HELD = "held", _("Put on hold")
    RESUMED = "resumed", _("Resumed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MPA_ASSIGNED = "mpa_assigned", _("MPA assigned")
    MPA_REMOVED = "mpa_removed", _("MPA removed")
    RECOMMENDATION = "recommendation", _("Recommendation status changed")
    REPORT_SUBMITTED = "report_submitted", _("Period report submitted")
    REPORT_APPROVED = "report_approved", _("Period report approved")
    REPORT_RETURNED = "report_returned", _("Period report returned")
    MISSION_RAISED = "mission_raised", _("Mission request raised")
    MISSION_COMPLETED = "mission_completed", _("Mission completed: dates and cost brought back")


class TfaCategory(models.TextChoices):
    A = "A", _("Category A (on entry into force)")
    B = "B", _("Category B (after a transitional period)")
    C = "C", _("Category C (after a transitional period and capacity building)")


class ImplementationStatus(models.TextChoices):
    IMPLEMENTED = "implemented", _("Implemented")
    IN_PROGRESS = "in_progress", _("In progress")
    NOT_STARTED = "not_started", _("Not started")


class OrgArea(models.TextChoices):
    """The Customs organizational development enablers and the technical areas."""

    POLITICAL_WILL = "political_will", _("Political will")
    PEOPLE = "people", _("People")
    PARTNERSHIPS = "partnerships", _("Partnerships")
    TECHNICAL = "technical", _("Technical areas")
    NON_TECHNICAL = "non_technical", _("Non-technical areas")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    DROPPED = "dropped", _("Dropped")


RECOMMENDATION_TRANSITIONS: dict[str, frozenset[str]] = {
    RecommendationStatus.OPEN: frozenset({RecommendationStatus.IN_PROGRESS, RecommendationStatus.DROPPED}),
    RecommendationStatus.IN_PROGRESS: frozenset(
        {RecommendationStatus.IMPLEMENTED, RecommendationStatus.DROPPED, RecommendationStatus.OPEN}
    ),
    RecommendationStatus.IMPLEMENTED: frozenset({RecommendationStatus.IN_PROGRESS}),
    RecommendationStatus.DROPPED: frozenset({RecommendationStatus.OPEN}),
}


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MITIGATED = "mitigated", _("Mitigated")
    CLOSED = "closed", _("Closed")


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Half-year")


class ReportStatus(models.TextChoices):
    """A period report: draft → submitted → approved, or submitted → returned → submitted …"""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


class Rag(models.TextChoices):
    RED = "red", _("Red")
    AMBER = "amber", _("Amber")
    GREEN = "green", _("Green")
    GREY = "grey", _("Not rated yet")
