"""Every choice of the training app, with the participant path's allowed moves beside its statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    VCOA = "vcoa", _("Virtual Customs Orientation Academy")
    FELLOWSHIP = "fellowship", _("Fellowship Programme")
    SCHOLARSHIP = "scholarship", _("Scholarship Programme")
    CAREER_DEVELOPMENT = "career_development", _("Career Development Programme")
    LMD = "lmd", _("Leadership and Management Development workshop")
    TOP_EXECUTIVE_RETREAT = "top_executive_retreat", _("Top Executive Retreat")
    TRAINING_OF_TRAINERS = "training_of_trainers", _("Training of Trainers")
    PROJECT_MANAGEMENT = "project_management", _("Project Management workshop")
    AEO_VALIDATION = "aeo_validation", _("AEO Validation package")
    MASTER_TRAINER = "master_trainer", _("Master Trainer Programme")
    INTEGRITY = "integrity", _("Integrity development workshop")
    ACCREDITATION = "accreditation", _("Accreditation workshop")
    ELEARNING = "elearning", _("E-learning course")


#: Programmes whose impact is measured by a 360° review six months after a session ends.
IMPACT_REVIEW_KINDS = frozenset({ProgrammeKind.LMD, ProgrammeKind.TOP_EXECUTIVE_RETREAT})


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote")
    HYBRID = "hybrid", _("Hybrid")


class ParticipantStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    SELECTED = "selected", _("Selected")
    WAITLISTED = "waitlisted", _("On the waiting list")
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    CERTIFIED = "certified", _("Certified")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_SELECTED = "not_selected", _("Not selected")


S = ParticipantStatus
#: The participant path: nominated by their administration → selected → enrolled (or on the waiting list
#: while the session is full) → completed → certified; or withdrawn / not selected.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.NOMINATED: frozenset({S.SELECTED, S.NOT_SELECTED, S.WITHDRAWN}),
    S.SELECTED: frozenset({S.ENROLLED, S.WAITLISTED, S.WITHDRAWN}),
    S.WAITLISTED: frozenset({S.ENROLLED, S.WITHDRAWN}),
    S.ENROLLED: frozenset({S.COMPLETED, S.WITHDRAWN}),
    S.COMPLETED: frozenset({S.CERTIFIED}),
    S.CERTIFIED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.NOT_SELECTED: frozenset(),
}
#: Statuses that hold a place in the session (count against its capacity).
PLACE_HOLDING = frozenset({S.ENROLLED, S.COMPLETED, S.CERTIFIED})
#: Statuses of a participant still on the path.
OPEN_STATUSES = frozenset({S.NOMINATED, S.SELECTED, S.WAITLISTED, S.ENROLLED})


class ReviewerSlot(models.TextChoices):
    SUPERIOR = "superior", _("Superior")
    PEER = "peer", _("Peer of the same level")
    STAFF_1 = "staff_1", _("Staff member (first)")
    STAFF_2 = "staff_2", _("Staff member (second)")


class Rating(models.IntegerChoices):
    """A feedback answer, from 1 (poor) to 5 (excellent)."""

    POOR = 1, _("1 — poor")
    FAIR = 2, _("2 — fair")
    GOOD = 3, _("3 — good")
    VERY_GOOD = 4, _("4 — very good")
    EXCELLENT = 5, _("5 — excellent")


class Change(models.IntegerChoices):
    """A 360° reviewer's answer: how the participant's practice changed since the workshop."""

    MUCH_WORSE = -2, _("Clearly worse")
    WORSE = -1, _("Somewhat worse")
    SAME = 0, _("No change")
    BETTER = 1, _("Somewhat better")
    MUCH_BETTER = 2, _("Clearly better")
