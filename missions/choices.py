"""Choices of the missions app: kinds, modes, the request workflow and its allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MissionKind(models.TextChoices):
    DIAGNOSTIC = "diagnostic", _("Diagnostic")
    STRATEGIC_ADVISORY = "strategic_advisory", _("Strategic advisory support")
    TFA_SCOPING = "tfa_scoping", _("TFA scoping")
    RISK_DIAGNOSTIC = "risk_diagnostic", _("Risk-management diagnostic")
    HR_DIAGNOSTIC = "hr_diagnostic", _("HR diagnostic (PDDT)")
    INSTITUTIONAL_ASSESSMENT = "institutional_assessment", _("Institutional assessment")
    INTEGRITY_ASSESSMENT = "integrity_assessment", _("Integrity assessment")
    TRAINING = "training", _("Training / workshop")
    FIELD_EVALUATION = "field_evaluation", _("Accreditation field evaluation")
    OTHER = "other", _("Other")


class DeliveryMode(models.TextChoices):
    IN_COUNTRY = "in_country", _("In-country")
    REMOTE = "remote", _("Remote")
    HYBRID = "hybrid", _("Hybrid")


class Origin(models.TextChoices):
    NEEDS_SURVEY = "needs_survey", _("Capacity building needs survey")
    AD_HOC = "ad_hoc", _("Ad-hoc request")
    MERCATOR_PLAN = "mercator_plan", _("Mercator implementation plan")


class Status(models.TextChoices):
    """The seven-step invitation workflow. ``STEP`` gives each status its step (1-7)."""

    RECEIVED = "received", _("Received")
    PLANNED = "planned", _("In the annual plan")
    EXPERT_SEARCH = "expert_search", _("Expert search")
    AVAILABILITY_CHECK = "availability_check", _("Availability check")
    RELEASE_REQUESTED = "release_requested", _("Release requested")
    RELEASED = "released", _("Experts released")
    TEAM_FORMED = "team_formed", _("Team formed")
    DEPLOYED = "deployed", _("Deployed")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")
    ON_HOLD = "on_hold", _("On hold")
    CANCELLED = "cancelled", _("Cancelled")


#: Statuses from which a request may be put on hold or cancelled.
OPEN_STATUSES: frozenset[str] = frozenset(
    {
        Status.RECEIVED,
        Status.PLANNED,
        Status.EXPERT_SEARCH,
        Status.AVAILABILITY_CHECK,
        Status.RELEASE_REQUESTED,
        Status.RELEASED,
        Status.TEAM_FORMED,
        Status.DEPLOYED,
    }
)

#: The allowed moves. ON_HOLD resumes to the status it left (kept on the request as ``held_from``).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.PLANNED}),
    Status.PLANNED: frozenset({Status.EXPERT_SEARCH}),
    Status.EXPERT_SEARCH: frozenset({Status.AVAILABILITY_CHECK, Status.TEAM_FORMED}),
    Status.AVAILABILITY_CHECK: frozenset({Status.RELEASE_REQUESTED}),
    Status.RELEASE_REQUESTED: frozenset({Status.RELEASED, Status.AVAILABILITY_CHECK}),
    Status.RELEASED: frozenset({Status.TEAM_FORMED}),
    Status.TEAM_FORMED: frozenset({Status.DEPLOYED}),
    Status.DEPLOYED: frozenset({Status.COMPLETED}),
    Status.COMPLETED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.ON_HOLD: frozenset(OPEN_STATUSES | {Status.CANCELLED}),
    Status.CANCELLED: frozenset(),
}
for _status in OPEN_STATUSES:
    TRANSITIONS[_status] = TRANSITIONS[_status] | {Status.ON_HOLD, Status.CANCELLED}

#: The step (1-7) of the invitation workflow each status belongs to; on hold/cancelled keep none.
STEP: dict[str, int | None] = {
    Status.RECEIVED: 1,
    Status.PLANNED: 1,
    Status.EXPERT_SEARCH: 2,
    Status.AVAILABILITY_CHECK: 3,
    Status.RELEASE_REQUESTED: 4,
    Status.RELEASED: 5,
    Status.TEAM_FORMED: 6,
    Status.DEPLOYED: 7,
    Status.COMPLETED: 7,
    Status.CLOSED: 7,
    Status.ON_HOLD: None,
    Status.CANCELLED: None,
}

STEP_LABELS: dict[int, str] = {
    1: _("Request and annual plan"),
    2: _("Expert search"),
    3: _("Availability check"),
    4: _("Release letters sent"),
    5: _("Release approved"),
    6: _("Team formed"),
    7: _("Preparation and deployment"),
}


def statuses_of_step(step: int) -> list[str]:
    return [status for status, value in STEP.items() if value == step]


class Action(models.TextChoices):
    """What a timeline entry records."""

    SUBMITTED = "submitted", _("Submitted")
    ROCB_COMMENTED = "rocb_commented", _("ROCB comment recorded")
    PLANNED = "planned", _("Accepted into the annual plan")
    DATES_SET = "dates_set", _("Mission dates set")
    SEARCH_STARTED = "search_started", _("Expert search started")
    SHORTLISTED = "shortlisted", _("Experts shortlisted")
    SECRETARIAT_DELIVERY = "secretariat_delivery", _("Delivered by Secretariat staff")
    AVAILABILITY_RECORDED = "availability_recorded", _("Availability recorded")
    DESELECTED = "deselected", _("Expert deselected")
    RELEASE_REQUESTED = "release_requested", _("Release letters sent")
    RELEASE_APPROVED = "release_approved", _("Release approved")
    RELEASE_DECLINED = "release_declined", _("Release declined")
    COMMITMENT_OVERRIDDEN = "commitment_overridden", _("Release commitment overridden")
    RELEASED = "released", _("All selected experts released")
    SELECTION_REOPENED = "selection_reopened", _("Selection reopened")
    BRIEFED = "briefed", _("Team member briefed")
    TEAM_FORMED = "team_formed", _("Team formed")
    DOCUMENT_UPLOADED = "document_uploaded", _("Document uploaded")
    DOCUMENT_REPLACED = "document_replaced", _("Document replaced")
    DOCUMENT_REMOVED = "document_removed", _("Document removed")
    DEPLOYED = "deployed", _("Mission deployed")
    COMPLETED = "completed", _("Mission completed")
    EVALUATION_RECORDED = "evaluation_recorded", _("Field evaluation recorded")
    CLOSED = "closed", _("Closed")
    HELD = "held", _("Put on hold")
    RESUMED = "resumed", _("Resumed")
    CANCELLED = "cancelled", _("Cancelled")


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Team leader")
    MEMBER = "member", _("Member")
    EVALUATOR = "evaluator", _("Evaluator")
    UNDER_EVALUATION = "under_evaluation", _("Expert under field evaluation")


class AvailabilityAnswer(models.TextChoices):
    UNKNOWN = "unknown", _("Not asked yet")
    AVAILABLE = "available", _("Available")
    NOT_AVAILABLE = "not_available", _("Not available")


class LetterLanguage(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")


class LetterAnswer(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DocumentKind(models.TextChoices):
    TERMS_OF_REFERENCE = "tor", _("Terms of reference")
    AGENDA = "agenda", _("Agenda")
    PRESENTATION = "presentation", _("Presentation")
    BACKGROUND = "background", _("Background material")
    OTHER = "other", _("Other")


class ReminderKind(models.TextChoices):
    BEFORE_DEADLINE = "before_deadline", _("Reminder to the home administration")
    OVERDUE = "overdue", _("Overdue notice to the Secretariat")


class ReportStatus(models.TextChoices):
    """The mission report: draft → submitted → accepted, or submitted → returned → submitted …"""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")
