"""Integrity: self-assessment questionnaires (versioned), an administration's assessments with their answers
and evidence, national integrity action plans, corruption risk maps, and the log of reads by outsiders.

Everything but the questionnaires belongs to one member administration and is confidential to it: its users
see and edit it, the Secretariat sees it (each read logged in :class:`IntegrityRead`), a ROCB sees an
assessment only while the administration shares it (``shared_region`` is set to the administration's region
then, and only then), and nobody else sees any of it.
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from integrity.choices import (
    ActionStatus,
    AssessmentAction,
    AssessmentStatus,
    PlanStatus,
    QuestionnaireStatus,
    ReadDoor,
    ToolKind,
)
from wcocb.audit import audited
from wcocb.models import MemberAdministration, Region, TimeStampedModel
from wcocb.scoping import ScopePolicy
from wcocb.validators import no_control_characters, no_control_characters_multiline

LEVELS = (1, 5)
#: Every date of the app lies between these (model validators beside the check constraints).
DATE_VALIDATORS = [MinValueValidator(datetime.date(2000, 1, 1)), MaxValueValidator(datetime.date(2100, 12, 31))]
LEVEL_VALIDATORS = [MinValueValidator(LEVELS[0]), MaxValueValidator(LEVELS[1])]
CODE_VALIDATOR = RegexValidator(r"^[a-z0-9][a-z0-9-]{0,39}$", _("Use lower-case letters, digits and hyphens."))

#: Questionnaires are reference data: every signed-in user reads them, the Secretariat keeps them.
REFERENCE = ScopePolicy(public=True)
#: An administration's own integrity records: its users and the Secretariat, nobody else.
OWN = ScopePolicy(administration="administration", rocb="none", api_client=False)


def localized(obj, field: str) -> str:
    """``obj.<field>_<active language>``, falling back to English."""
    language = (get_language() or "en")[:2]
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_en")


class Localized(models.Model):
    """Abstract base: a name and a description in English, French and Spanish."""

    name_en = models.CharField(_("name (English)"), max_length=200, validators=[no_control_characters])
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True, validators=[no_control_characters])
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True, validators=[no_control_characters])
    description_en = models.TextField(
        _("description (English)"), blank=True, validators=[no_control_characters_multiline]
    )
    description_fr = models.TextField(
        _("description (French)"), blank=True, validators=[no_control_characters_multiline]
    )
    description_es = models.TextField(
        _("description (Spanish)"), blank=True, validators=[no_control_characters_multiline]
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


# --- The questionnaire engine ----------------------------------------------------------------------
@audited()
class Questionnaire(Localized, TimeStampedModel):
    """One version of a self-assessment tool. A published version is never changed (its questions are what
    the assessments made on it answered); a change is a new version
    (:func:`integrity.services.questionnaire_new_version`)."""

    scope = REFERENCE

    code = models.CharField(_("code"), max_length=40, validators=[CODE_VALIDATOR])
    version = models.PositiveSmallIntegerField(_("version"), default=1, validators=[MinValueValidator(1)])
    kind = models.CharField(_("kind"), max_length=20, choices=ToolKind.choices, default=ToolKind.MATURITY)
    status = models.CharField(
        _("status"), max_length=20, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("previous version")
    )

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="integrity_questionnaire_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="integrity_questionnaire_version_positive"),
            models.CheckConstraint(
                condition=Q(status=QuestionnaireStatus.DRAFT) | Q(published_at__isnull=False),
                name="integrity_questionnaire_published_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


@audited()
class ScaleLevel(Localized):
    """One maturity level (1-5) of a questionnaire's scale, with what it means."""

    scope = REFERENCE

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="levels", verbose_name=_("questionnaire")
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)

    class Meta:
        ordering = ["questionnaire", "level"]
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "level"], name="integrity_level_unique"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="integrity_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.level}. {self.name}"


@audited()
class Section(Localized):
    """A section of a questionnaire (for Arusha: one of the ten factors)."""

    scope = REFERENCE

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections", verbose_name=_("questionnaire")
    )
    code = models.CharField(_("code"), max_length=40, validators=[CODE_VALIDATOR])
    order = models.PositiveSmallIntegerField(_("order"), default=1, validators=[MaxValueValidator(999)])

    class Meta:
        ordering = ["questionnaire", "order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="integrity_section_code_unique"),
            models.CheckConstraint(condition=Q(order__lte=999), name="integrity_section_order_range"),
        ]


@audited()
class Question(models.Model):
    """A question of a section, answered with a level of the scale, and the evidence it asks for."""

    scope = REFERENCE

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section"))
    code = models.CharField(_("code"), max_length=40, validators=[CODE_VALIDATOR])
    order = models.PositiveSmallIntegerField(_("order"), default=1, validators=[MaxValueValidator(999)])
    text_en = models.TextField(_("question (English)"), validators=[no_control_characters_multiline])
    text_fr = models.TextField(_("question (French)"), blank=True, validators=[no_control_characters_multiline])
    text_es = models.TextField(_("question (Spanish)"), blank=True, validators=[no_control_characters_multiline])
    evidence_en = models.CharField(
        _("evidence asked for (English)"), max_length=300, blank=True, validators=[no_control_characters]
    )
    evidence_fr = models.CharField(
        _("evidence asked for (French)"), max_length=300, blank=True, validators=[no_control_characters]
    )
    evidence_es = models.CharField(
        _("evidence asked for (Spanish)"), max_length=300, blank=True, validators=[no_control_characters]
    )

    class Meta:
        ordering = ["section__order", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="integrity_question_code_unique"),
            models.CheckConstraint(condition=Q(order__lte=999), name="integrity_question_order_range"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def evidence(self) -> str:
        return localized(self, "evidence")


# --- Assessments --------------------------------------------------------------------------------------
#: An assessment and what hangs off it: its administration, the Secretariat, and the ROCB of the
#: administration's region while the administration shares it (``shared_region`` set).
ASSESSMENT_SCOPE = ScopePolicy(
    administration="administration", region="shared_region", rocb="region", api_client=False
)
ASSESSMENT_CHILD_SCOPE = ScopePolicy(
    administration="assessment__administration", region="assessment__shared_region", rocb="region", api_client=False
)


@audited()
class Assessment(TimeStampedModel):
    """A member administration's self-assessment on one questionnaire version."""

    scope = ASSESSMENT_SCOPE

    administration = models.ForeignKey(
        MemberAdministration,
        on_delete=models.PROTECT,
        related_name="integrity_assessments",
        verbose_name=_("administration"),
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("questionnaire")
    )
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    assessed_on = models.DateField(
        _("reference date"),
        validators=DATE_VALIDATORS,
        help_text=_("The date the assessment describes the administration at."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT, db_index=True
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
        help_text=_("A submitted assessment is frozen: a correction is a new assessment that names it."),
    )
    mission = models.ForeignKey(
        "missions.MissionRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="integrity_assessments",
        verbose_name=_("integrity assessment mission"),
        help_text=_("The integrity assessment mission that follows this assessment."),
    )
    shared_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shared with the ROCB of"),
    )
    overall_score = models.DecimalField(
        _("overall score"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("The mean of the section scores, computed when the assessment is submitted."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review"), blank=True, validators=[no_control_characters_multiline])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("integrity assessment")
        verbose_name_plural = _("integrity assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(assessed_on__gte="2000-01-01", assessed_on__lte="2100-12-31"),
                name="integrity_assessment_date_range",
            ),
            models.CheckConstraint(
                condition=Q(overall_score__isnull=True) | Q(overall_score__gte=1, overall_score__lte=5),
                name="integrity_assessment_score_range",
            ),
            models.CheckConstraint(
                condition=Q(status=AssessmentStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="integrity_assessment_submitted_at",
            ),
            models.CheckConstraint(
                condition=~Q(status=AssessmentStatus.REVIEWED) | Q(reviewed_at__isnull=False),
                name="integrity_assessment_reviewed_at",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("integrity:assessment-detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        from integrity.choices import FROZEN_STATUSES

        return self.status in FROZEN_STATUSES

    @property
    def is_shared(self) -> bool:
        return self.shared_region_id is not None


@audited()
class Answer(models.Model):
    """The level an administration gives itself on one question, with its comment."""

    scope = ASSESSMENT_CHILD_SCOPE

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)
    comment = models.TextField(_("comment"), blank=True, validators=[no_control_characters_multiline])
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    class Meta:
        ordering = ["question__section__order", "question__order", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="integrity_answer_unique"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="integrity_answer_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.level}"


# Evidence files are checked by what they contain, not by their name: a PDF starts "%PDF-", a PNG and a
# JPEG by their signatures, an Office document is a zip with its own part, a text is UTF-8 without NUL.
EVIDENCE_TYPES = ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "pptx", "txt")
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_HELP = _("PDF, PNG/JPG, Word, Excel, PowerPoint or text; up to 10 MB. The content must match the type.")
_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
_OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}


def _content_matches(extension: str, file: File) -> bool:
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if extension in _SIGNATURES:
        return head.startswith(_SIGNATURES[extension])
    if extension in _OFFICE_PARTS:
        try:
            with zipfile.ZipFile(file) as archive:
                return _OFFICE_PARTS[extension] in archive.namelist()
        except (zipfile.BadZipFile, OSError):
            return False
        finally:
            file.seek(0)
    data = file.read(MAX_EVIDENCE_BYTES + 1)
    file.seek(0)
    if isinstance(data, str):
        data = data.encode()
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def validate_evidence(file: File) -> None:
    """Refuse a file of another type than those allowed, too large, or whose content is not what its name says."""
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    if extension not in EVIDENCE_TYPES:
        raise ValidationError(
            _("Files of type “%(extension)s” cannot be uploaded. Allowed types: %(allowed)s."),
            code="file_type",
            params={"extension": extension or "?", "allowed": ", ".join(EVIDENCE_TYPES)},
        )
    if (file.size or 0) > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("The file is %(size)s; files up to %(max)s can be uploaded."),
            code="file_size",
            params={"size": filesizeformat(file.size), "max": filesizeformat(MAX_EVIDENCE_BYTES)},
        )
    if not _content_matches(extension, file):
        raise ValidationError(
            _("The file's content is not a “%(extension)s” file."),
            code="file_content",
            params={"extension": extension},
        )


def _evidence_path(instance: Evidence, filename: str) -> str:
    return f"integrity/{instance.assessment_id}/evidence/{filename}"


@audited()
class Evidence(models.Model):
    """A file an administration attaches to its draft assessment (to one question, or to the whole)."""

    scope = ASSESSMENT_CHILD_SCOPE

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("question")
    )
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    file = models.FileField(
        _("file"), upload_to=_evidence_path, validators=[validate_evidence], help_text=EVIDENCE_HELP
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title

    def get_download_url(self) -> str:
        return reverse("integrity:evidence-download", args=[self.pk])

    @property
    def filename(self) -> str:
        return PurePath(self.file.name).name


@audited()
class AssessmentMove(models.Model):
    """One move on an assessment's timeline: who, when, from, to, comment."""

    scope = ASSESSMENT_CHILD_SCOPE

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="timeline")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=AssessmentAction.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=AssessmentStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=AssessmentStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("assessment move")
        verbose_name_plural = _("assessment moves")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d})"


# --- Action plans --------------------------------------------------------------------------------------
@audited()
class ActionPlan(TimeStampedModel):
    """A national integrity action plan: what an administration will do, factor by factor."""

    scope = OWN

    administration = models.ForeignKey(
        MemberAdministration,
        on_delete=models.PROTECT,
        related_name="integrity_plans",
        verbose_name=_("administration"),
    )
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("assessment it responds to"),
    )
    mission = models.ForeignKey(
        "missions.MissionRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="integrity_plans",
        verbose_name=_("integrity assessment mission"),
        help_text=_("The integrity assessment mission or workshop the plan came out of."),
    )
    workshop_session = models.ForeignKey(
        "training.Session",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="integrity_plans",
        verbose_name=_("integrity development workshop"),
        help_text=_("The training session (an integrity development workshop) the plan came out of."),
    )
    workshop = models.CharField(
        _("workshop held outside the platform"),
        max_length=200,
        blank=True,
        validators=[no_control_characters],
        help_text=_("Only for a workshop that is not a training session of the platform (e.g. held before it)."),
    )
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True, validators=DATE_VALIDATORS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("integrity action plan")
        verbose_name_plural = _("integrity action plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(adopted_on__isnull=True) | Q(adopted_on__gte="2000-01-01", adopted_on__lte="2100-12-31"),
                name="integrity_plan_date_range",
            ),
            models.CheckConstraint(
                condition=Q(status=PlanStatus.DRAFT) | Q(adopted_on__isnull=False), name="integrity_plan_adopted_on"
            ),
            models.CheckConstraint(
                condition=Q(workshop_session__isnull=True) | Q(workshop=""),
                name="integrity_plan_one_workshop",
                violation_error_message=_(
                    "Name the workshop once: the training session, or the text for one held outside the platform."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("integrity:plan-detail", args=[self.pk])


def _action_evidence_path(instance: PlanAction, filename: str) -> str:
    return f"integrity/plans/{instance.plan_id}/actions/{filename}"


@audited()
class PlanAction(TimeStampedModel):
    """One action of a plan, under one factor: who owns it, by when, how far it is."""

    scope = ScopePolicy(administration="plan__administration", rocb="none", api_client=False)

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("plan"))
    factor = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="+", verbose_name=_("factor"), null=True, blank=True
    )
    title = models.CharField(_("action"), max_length=200, validators=[no_control_characters])
    description = models.TextField(_("description"), blank=True, validators=[no_control_characters_multiline])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="integrity_actions",
        verbose_name=_("owner"),
        help_text=_("A user of the administration, told when the action is overdue."),
    )
    due_date = models.DateField(_("due date"), validators=DATE_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    evidence = models.TextField(_("evidence"), blank=True, validators=[no_control_characters_multiline])
    evidence_file = models.FileField(
        _("evidence file"), upload_to=_action_evidence_path, blank=True, validators=[validate_evidence]
    )
    overdue = models.BooleanField(_("overdue"), default=False, db_index=True)
    overdue_notified_on = models.DateField(_("owner told of the delay on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0, progress__lte=100), name="integrity_action_progress"),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.DONE) | Q(progress=100), name="integrity_action_done_is_complete"
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte="2000-01-01", due_date__lte="2100-12-31"), name="integrity_action_due_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_download_url(self) -> str:
        return reverse("integrity:action-evidence", args=[self.pk])


@audited()
class ActionUpdate(models.Model):
    """One progress report on an action: who, when, status from and to, progress, comment."""

    scope = ScopePolicy(administration="action__plan__administration", rocb="none", api_client=False)

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="updates")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    from_status = models.CharField(_("from"), max_length=20, choices=ActionStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ActionStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="integrity_update_progress"),
        ]

    def __str__(self) -> str:
        return f"{self.get_to_status_display()} {self.progress}%"


# --- Corruption risk map ---------------------------------------------------------------------------------
@audited()
class Risk(TimeStampedModel):
    """One corruption risk of an administration's risk map: where, what, how likely, how bad, what is done."""

    scope = OWN

    administration = models.ForeignKey(
        MemberAdministration,
        on_delete=models.PROTECT,
        related_name="integrity_risks",
        verbose_name=_("administration"),
    )
    process = models.CharField(_("process"), max_length=200, validators=[no_control_characters])
    risk = models.TextField(_("risk"), validators=[no_control_characters_multiline])
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1-5)"), validators=LEVEL_VALIDATORS)
    impact = models.PositiveSmallIntegerField(_("impact (1-5)"), validators=LEVEL_VALIDATORS)
    #: likelihood times impact, kept by :meth:`save` and held to it by a check constraint. (Not a
    #: ``GeneratedField``: its system check opens a database connection, which ``check --deploy`` on a
    #: build machine and the Celery worker's start-up must not need.)
    score = models.PositiveSmallIntegerField(_("score"), editable=False, default=1)
    existing_controls = models.TextField(
        _("existing controls"), blank=True, validators=[no_control_characters_multiline]
    )
    mitigation = models.TextField(_("mitigation"), blank=True, validators=[no_control_characters_multiline])
    owner = models.CharField(_("risk owner"), max_length=200, validators=[no_control_characters])
    review_date = models.DateField(_("review date"), validators=DATE_VALIDATORS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-score", "process", "pk"]
        verbose_name = _("corruption risk")
        verbose_name_plural = _("corruption risks")
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5), name="integrity_risk_likelihood"
            ),
            models.CheckConstraint(condition=Q(impact__gte=1, impact__lte=5), name="integrity_risk_impact"),
            models.CheckConstraint(
                condition=Q(review_date__gte="2000-01-01", review_date__lte="2100-12-31"), name="integrity_risk_review"
            ),
            models.CheckConstraint(
                condition=Q(score=F("likelihood") * F("impact")),
                name="integrity_risk_score_is_likelihood_times_impact",
            ),
        ]

    def _set_score(self) -> None:
        self.score = (self.likelihood or 0) * (self.impact or 0)

    def clean(self) -> None:
        super().clean()
        self._set_score()  # before full_clean() validates the constraints

    def save(self, *args, **kwargs) -> None:
        self._set_score()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"likelihood", "impact"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "score"}
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.process}: {self.risk[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("integrity:risk-edit", args=[self.pk])


# --- Who read what ----------------------------------------------------------------------------------------
@audited()
class IntegrityRead(models.Model):
    """A read of an administration's integrity record by someone outside it (the Secretariat included)."""

    scope = OWN

    administration = models.ForeignKey(
        MemberAdministration, on_delete=models.CASCADE, related_name="+", verbose_name=_("administration")
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("read by")
    )
    record_type = models.CharField(_("record type"), max_length=60)
    record_id = models.PositiveBigIntegerField(_("record"))
    record_label = models.CharField(_("what"), max_length=200)
    door = models.CharField(_("through"), max_length=10, choices=ReadDoor.choices)
    path = models.CharField(_("address"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-read_at", "-pk"]
        verbose_name = _("integrity read")
        verbose_name_plural = _("integrity reads")
        indexes = [models.Index(fields=["administration", "-read_at"], name="integrity_read_admin_idx")]

    def __str__(self) -> str:
        return f"{self.reader} · {self.record_label}"
