"""Choices of the experts app (every TextChoices): categories, kinds, pipeline stages and their allowed
moves, workshop results, deployment sources, nominations and their moves, needs-survey priorities."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The six accreditation categories, plus topics not yet covered by accreditation."""

    DF = "DF", _("Diagnostic Facilitator")
    CMA = "CMA", _("Customs Modernization Advisor")
    ET = "ET", _("Expert Trainer")
    TOA = "TOA", _("Technical and Operational Advisor")
    MPA = "MPA", _("Mercator Programme Advisor")
    LMDA = "LMDA", _("Leadership and Management Development Advisor")
    CANDIDATE_TOPIC = "CANDIDATE", _("Candidate topic (not yet accredited)")


#: Categories in which an accreditation names one sub-category area (e.g. "ET-HS", "TOA-AEO").
SUBCATEGORY_CATEGORIES = frozenset({Category.ET, Category.TOA})
#: Categories with one single area whose code is the category code itself.
SINGLE_AREA_CATEGORIES = frozenset({Category.DF, Category.CMA, Category.MPA, Category.LMDA})
#: Categories in which an expert can be accredited.
ACCREDITATION_CATEGORIES = SUBCATEGORY_CATEGORIES | SINGLE_AREA_CATEGORIES


class ExpertKind(models.TextChoices):
    ACCREDITED = "accredited", _("Accredited expert")
    RECOGNIZED = "recognized", _("Recognized Expert (RE)")
    EXTERNAL = "external", _("External Expert (EE)")
    CONSULTANT = "consultant", _("Expert Consultant (EC)")
    CANDIDATE = "candidate", _("Regional candidate")


class Stage(models.TextChoices):
    """Where one accreditation (one expert, one area) stands in the pipeline."""

    PRE_ASSESSED = "pre_assessed", _("Pre-assessed")
    FIRST_STEP = "first_step", _("1st step (workshop passed)")
    FULLY_ACCREDITED = "fully_accredited", _("Fully accredited")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LAPSED = "lapsed", _("Lapsed")


#: The allowed moves: forward one step at a time, or out (withdrawn / lapsed); never back.
TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.PRE_ASSESSED: frozenset({Stage.FIRST_STEP, Stage.WITHDRAWN, Stage.LAPSED}),
    Stage.FIRST_STEP: frozenset({Stage.FULLY_ACCREDITED, Stage.WITHDRAWN, Stage.LAPSED}),
    Stage.FULLY_ACCREDITED: frozenset({Stage.WITHDRAWN, Stage.LAPSED}),
    Stage.WITHDRAWN: frozenset(),
    Stage.LAPSED: frozenset(),
}
#: Stages of a live accreditation (at most one per expert and area).
ACTIVE_STAGES = frozenset({Stage.PRE_ASSESSED, Stage.FIRST_STEP, Stage.FULLY_ACCREDITED})
#: Pipeline order, for timelines and sorting.
PIPELINE = (Stage.PRE_ASSESSED, Stage.FIRST_STEP, Stage.FULLY_ACCREDITED)


class WorkshopKind(models.TextChoices):
    ACCREDITATION = "accreditation", _("Accreditation workshop")
    REACCREDITATION = "reaccreditation", _("Re-accreditation / refresher workshop")


class WorkshopResult(models.TextChoices):
    PENDING = "", _("Not recorded yet")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    ABSENT = "absent", _("Absent")


class DeploymentSource(models.TextChoices):
    MANUAL = "manual", _("Recorded by hand")
    MISSION = "mission", _("WCO mission")


class NeedPriority(models.TextChoices):
    """How much a member administration needs an expertise area (needs survey)."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


NOMINATION_TRANSITIONS: dict[str, frozenset[str]] = {
    NominationStatus.NOMINATED: frozenset({NominationStatus.ACCEPTED, NominationStatus.REJECTED}),
    NominationStatus.ACCEPTED: frozenset(),
    NominationStatus.REJECTED: frozenset(),
}
