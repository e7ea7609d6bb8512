"""Choices of the integrity app: questionnaire kinds, the assessment workflow and its allowed moves, action and
risk statuses, the doors through which integrity records are read."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ToolKind(models.TextChoices):
    """The self-assessment tools the engine runs (each a versioned questionnaire)."""

    ARUSHA = "arusha", _("Revised Arusha Declaration (integrity)")
    GENDER = "gender", _("Gender equality organizational assessment")
    MATURITY = "maturity", _("Other maturity model")


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")


#: The allowed moves: a draft is submitted (then frozen), the Secretariat reviews a submitted assessment.
TRANSITIONS: dict[str, frozenset[str]] = {
    AssessmentStatus.DRAFT: frozenset({AssessmentStatus.SUBMITTED}),
    AssessmentStatus.SUBMITTED: frozenset({AssessmentStatus.REVIEWED}),
    AssessmentStatus.REVIEWED: frozenset(),
}
#: A submitted or reviewed assessment is frozen: no answer, evidence or title changes, by anyone.
FROZEN_STATUSES: frozenset[str] = frozenset({AssessmentStatus.SUBMITTED, AssessmentStatus.REVIEWED})


class AssessmentAction(models.TextChoices):
    CREATED = "created", _("Created")
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")
    SHARED = "shared", _("Shared with the ROCB")
    UNSHARED = "unshared", _("Sharing with the ROCB withdrawn")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    CLOSED = "closed", _("Closed")


PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    PlanStatus.DRAFT: frozenset({PlanStatus.ADOPTED}),
    PlanStatus.ADOPTED: frozenset({PlanStatus.CLOSED}),
    PlanStatus.CLOSED: frozenset(),
}


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


ACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    ActionStatus.PLANNED: frozenset(
        {ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED}
    ),
    ActionStatus.IN_PROGRESS: frozenset({ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED}),
    ActionStatus.DONE: frozenset({ActionStatus.IN_PROGRESS}),
    ActionStatus.CANCELLED: frozenset({ActionStatus.PLANNED}),
}
#: Statuses in which an action past its due date is overdue.
OPEN_ACTION_STATUSES: frozenset[str] = frozenset({ActionStatus.PLANNED, ActionStatus.IN_PROGRESS})


class ReadDoor(models.TextChoices):
    """Through what an integrity record was read."""

    PAGE = "page", _("Page")
    API = "api", _("API")
    EXPORT = "export", _("Export")
    DOWNLOAD = "download", _("File download")
    HISTORY = "history", _("Change history")
