"""The Accredited Customs Experts (ACE) database: experts, their accreditations and the pipeline,
accreditation workshops, deployments (days on WCO missions), unavailability and regional
candidate lists.

Business rules live in :mod:`experts.services`; the rules that can be written as database
constraints are also declared here, so no write path (admin, import, raw ORM) can break them.
"""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experts.choices import (
    ACCREDITATION_CATEGORIES,
    ACTIVE_STAGES,
    SINGLE_AREA_CATEGORIES,
    Category,
    DeploymentSource,
    ExpertKind,
    NeedPriority,
    NominationStatus,
    Stage,
    WorkshopKind,
    WorkshopResult,
)
from wcocb.audit import audited
from wcocb.choices import LanguageLevel
from wcocb.models import Language, MemberAdministration, MultilingualName, Person, Region, TimeStampedModel
from wcocb.scoping import ScopePolicy
from wcocb.validators import date_in_range, plausible_date

#: Rows that belong to one expert: the home administration sees them, the expert sees their own,
#: every ROCB officer may search them.
EXPERT_SCOPE = ScopePolicy(administration="expert__person__administration", owner="expert__person__user", rocb="all")


@audited()
class ExpertiseArea(MultilingualName):
    """One entry of the managed expertise taxonomy.

    DF, CMA, MPA and LMDA have one area each whose code is the category code; ET and TOA have
    sub-category areas coded ``ET-…`` / ``TOA-…``; candidate topics (not yet covered by
    accreditation: NII, Integrity, K9, …) are coded ``CAND-…``. The check constraint keeps codes and
    categories consistent, which is what guarantees that an ET or TOA accreditation always names a
    sub-category."""

    scope = ScopePolicy(public=True)

    category = models.CharField(_("category"), max_length=10, choices=Category.choices, db_index=True)
    code = models.CharField(_("code"), max_length=30, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["category", "code"]
        verbose_name = _("expertise area")
        verbose_name_plural = _("expertise areas")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(category__in=sorted(SINGLE_AREA_CATEGORIES), code=F("category"))
                    | Q(category=Category.ET, code__regex=r"^ET-[A-Z0-9-]+$")
                    | Q(category=Category.TOA, code__regex=r"^TOA-[A-Z0-9-]+$")
                    | Q(category=Category.CANDIDATE_TOPIC, code__regex=r"^CAND-[A-Z0-9-]+$")
                ),
                name="expertise_area_code_matches_category",
                violation_error_message=_(
                    "The code must match the category: DF, CMA, MPA and LMDA use the category code itself; "
                    "ET and TOA sub-categories start with 'ET-' or 'TOA-'; candidate topics with 'CAND-' "
                    "(capital letters, digits and hyphens)."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def is_accreditable(self) -> bool:
        return self.category in ACCREDITATION_CATEGORIES


EXTERNAL_NEEDS_REASON = _(
    "An External Expert must carry the reason why no accredited or recognized expert was available or suitable."
)
RECOGNIZED_NEEDS_SERVING = _("Only a currently serving officer of a member administration can be a Recognized Expert.")


def new_external_id() -> str:
    """A stable identifier for records created in the platform (imports bring their own)."""
    return f"ACE-{uuid.uuid4().hex[:12].upper()}"


def _photo_path(instance: Expert, filename: str) -> str:
    return f"experts/photos/{instance.external_id}/{filename}"


@audited(exclude=["search_vector", "search_name", "search_tags"])
class Expert(TimeStampedModel):
    """An expert in the ACE database: one :class:`wcocb.models.Person` (name, gender,
    nationality, home administration, post, contact, login) plus what makes them an expert.

    Rules (messages below; services validate with ``full_clean`` and the database checks again):

    - a Recognized Expert (RE) must be a currently serving officer of a member administration: serving,
      with a home administration (a check constraint for the first, a deferred constraint trigger
      across ``experts_expert`` and ``wcocb_person`` for the second, see migration 0006);
    - an External Expert (EE) must carry the reason why no accredited or recognized expert served;
    - a regional candidate's four requirements are a checklist that may be filled in over time,
      but must be complete (with a candidate topic) before the candidate is nominated to, or
      accepted on, a regional candidate list (``candidate_nominate`` / ``candidate_decide``).

    Denormalised columns, kept by the services (see :mod:`experts.selectors.commitment` and
    :func:`experts.services.expert_refresh_search`) so that search at 100,000 experts stays on
    indexes: ``search_vector`` (full text over name, biography and areas), ``search_name``
    (trigram-indexed full name), ``search_tags`` (the values of the category, region and language
    filters — ``category:ET`` for a live accreditation in ET, ``region:AP`` for the home region or
    the candidate region, ``language:en`` — GIN-indexed so that the filters and ``q`` intersect in
    the indexes instead of row by row), and the release-commitment window and used days.
    """

    scope = ScopePolicy(administration="person__administration", owner="person__user", rocb="all")

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="expert", verbose_name=_("person"))
    external_id = models.CharField(
        _("external identifier"),
        max_length=64,
        unique=True,
        default=new_external_id,
        help_text=_("Stable key of this expert in imports and exports."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ExpertKind.choices, db_index=True)
    is_serving = models.BooleanField(_("currently serving officer"), default=True)
    languages = models.ManyToManyField(
        Language, through="ExpertLanguage", related_name="experts", blank=True, verbose_name=_("languages")
    )
    biography = models.TextField(_("short biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=_photo_path, blank=True)
    external_justification = models.TextField(
        _("why an External Expert"),
        blank=True,
        help_text=_("Why no accredited or recognized expert was available or suitable, or the specific reason."),
    )
    # Regional candidates
    candidate_topic = models.ForeignKey(
        ExpertiseArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidates",
        verbose_name=_("candidate topic"),
    )
    candidate_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("candidate region")
    )
    nominated_by = models.ForeignKey(
        MemberAdministration,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nominated by"),
    )
    candidate_topic_expertise = models.BooleanField(_("expertise in the topic"), default=False)
    candidate_english = models.BooleanField(_("fluent in English"), default=False)
    candidate_capacity_building = models.BooleanField(_("experience in capacity building"), default=False)
    candidate_wco_instruments = models.BooleanField(_("knowledge of WCO instruments"), default=False)
    # Denormalised for search (kept by services)
    search_name = models.CharField(_("name for search"), max_length=210, blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    search_tags = ArrayField(models.CharField(max_length=40), default=list, blank=True, editable=False)
    commitment_window_start = models.DateField(_("release commitment from"), null=True, blank=True, editable=False)
    commitment_window_end = models.DateField(_("release commitment until"), null=True, blank=True, editable=False)
    commitment_used_days = models.PositiveSmallIntegerField(_("committed days used"), default=0, editable=False)

    class Meta:
        ordering = ["search_name", "pk"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        indexes = [
            GinIndex(fields=["search_vector"], name="expert_search_vector_gin"),
            GinIndex(fields=["search_name"], name="expert_search_name_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["search_tags"], name="expert_search_tags_gin"),
            models.Index(fields=["search_name", "id"], name="expert_search_name_order"),
            models.Index(fields=["commitment_window_end", "commitment_used_days"], name="expert_commitment"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ExpertKind.RECOGNIZED) | Q(is_serving=True),
                name="expert_recognized_is_serving",
                violation_error_message=RECOGNIZED_NEEDS_SERVING,
            ),
            models.CheckConstraint(
                condition=~Q(kind=ExpertKind.EXTERNAL) | ~Q(external_justification__regex=r"^\s*$"),
                name="expert_external_has_justification",
                violation_error_message=EXTERNAL_NEEDS_REASON,
            ),
        ]

    def __str__(self) -> str:
        return self.person.full_name

    def save(self, *args, **kwargs) -> None:
        self.search_name = self.person.full_name[:210]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_name" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_name"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("experts:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.kind == ExpertKind.RECOGNIZED and not self.is_serving:
            raise ValidationError({"is_serving": RECOGNIZED_NEEDS_SERVING})
        if self.kind == ExpertKind.RECOGNIZED and self._home_administration_id() is None:
            raise ValidationError({"administration": RECOGNIZED_NEEDS_SERVING})
        if self.kind == ExpertKind.EXTERNAL and not self.external_justification.strip():
            raise ValidationError({"external_justification": EXTERNAL_NEEDS_REASON})
        if self.candidate_topic_id and self.candidate_topic.is_accreditable:
            raise ValidationError(
                {"candidate_topic": _("A candidate topic must be a topic not yet covered by accreditation.")}
            )

    def _home_administration_id(self) -> int | None:
        """The person's home administration, also before the person is saved (``expert_create``)."""
        if self.person_id is None and not Expert.person.is_cached(self):
            return None
        return self.person.administration_id

    @property
    def candidate_checklist(self) -> dict[str, bool]:
        return {
            "topic_expertise": self.candidate_topic_expertise,
            "english": self.candidate_english,
            "capacity_building": self.candidate_capacity_building,
            "wco_instruments": self.candidate_wco_instruments,
        }

    @property
    def candidate_checklist_complete(self) -> bool:
        return all(self.candidate_checklist.values())

    @property
    def home_region_id(self) -> int | None:
        administration = self.person.administration
        return administration.region_id if administration else None


@audited()
class ExpertLanguage(models.Model):
    """A language an expert works in, and how well."""

    scope = EXPERT_SCOPE

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="language_skills")
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language"))
    level = models.CharField(_("level"), max_length=10, choices=LanguageLevel.choices, default=LanguageLevel.WORKING)

    class Meta:
        ordering = ["expert", "language__name_en"]
        verbose_name = _("expert language")
        verbose_name_plural = _("expert languages")
        constraints = [models.UniqueConstraint(fields=["expert", "language"], name="expert_language_once")]

    def __str__(self) -> str:
        return f"{self.language} ({self.get_level_display()})"


@audited()
class AccreditationWorkshop(TimeStampedModel):
    """An accreditation workshop: an event in a region whose participants pass, fail or are absent.

    Passing moves the participant's pre-assessed accreditation in the workshop's category (and,
    when the workshop names one, area) to 1st step."""

    scope = ScopePolicy(public=True)

    kind = models.CharField(_("kind"), max_length=20, choices=WorkshopKind.choices, default=WorkshopKind.ACCREDITATION)
    category = models.CharField(
        _("category"), max_length=10, choices=[(c.value, c.label) for c in Category if c in ACCREDITATION_CATEGORIES]
    )
    area = models.ForeignKey(
        ExpertiseArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workshops",
        verbose_name=_("area"),
        help_text=_("For ET and TOA, the sub-category; leave empty for a workshop covering the whole category."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    participants = models.ManyToManyField(
        Expert, through="WorkshopParticipation", related_name="workshops", blank=True, verbose_name=_("participants")
    )

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("accreditation workshop")
        verbose_name_plural = _("accreditation workshops")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="workshop_dates_ordered",
                violation_error_message=_("The end cannot be before the start."),
            )
        ]

    def __str__(self) -> str:
        what = self.area.code if self.area_id else self.category
        return self.title or f"{what} {self.get_kind_display()} {self.start_date:%b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("experts:workshop-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.area_id and self.area.category != self.category:
            raise ValidationError({"area": _("The area must belong to the workshop's category.")})


@audited()
class WorkshopParticipation(models.Model):
    """One expert at one workshop, and the result once recorded."""

    scope = EXPERT_SCOPE

    workshop = models.ForeignKey(AccreditationWorkshop, on_delete=models.CASCADE, related_name="participations")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="workshop_participations")
    result = models.CharField(_("result"), max_length=10, choices=WorkshopResult.choices, blank=True, default="")
    recorded_at = models.DateTimeField(_("result recorded"), null=True, blank=True)

    class Meta:
        ordering = ["workshop", "expert__search_name"]
        verbose_name = _("workshop participation")
        verbose_name_plural = _("workshop participations")
        constraints = [models.UniqueConstraint(fields=["workshop", "expert"], name="workshop_participant_once")]

    def __str__(self) -> str:
        return f"{self.expert} @ {self.workshop}"


# "AccreditationEvent" and ``accreditation.events`` are the pipeline's own event rows, so the audit
# model and its reverse accessor take other names.
@audited(model_name="AccreditationHistory", obj_field=pghistory.ObjForeignKey(related_name="history_events"))
class Accreditation(TimeStampedModel):
    """One expert's accreditation in one area, moving through the pipeline
    pre-assessed → 1st step (workshop passed) → fully accredited, or out (withdrawn / lapsed).

    The database checks that each stage carries the facts it needs (a 1st-step accreditation its
    workshop pass date; a full one its field evaluation, evaluator and accreditation date) and
    that at most one live accreditation exists per expert and area. The order of moves and the
    evaluator's qualification are checked by the services (see :mod:`experts.services`)."""

    scope = EXPERT_SCOPE

    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="accreditations")
    area = models.ForeignKey(
        ExpertiseArea, on_delete=models.PROTECT, related_name="accreditations", verbose_name=_("area")
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.PRE_ASSESSED, db_index=True
    )
    pre_assessed_on = models.DateField(_("pre-assessed on"))
    workshop = models.ForeignKey(
        AccreditationWorkshop,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accreditations",
        verbose_name=_("accreditation workshop"),
    )
    workshop_passed_on = models.DateField(_("workshop passed on"), null=True, blank=True)
    evaluator = models.ForeignKey(
        Expert,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations_given",
        verbose_name=_("field evaluator"),
    )
    evaluated_on = models.DateField(_("field evaluation on"), null=True, blank=True)
    evaluation_mission = models.CharField(_("field evaluation mission"), max_length=200, blank=True)
    accredited_on = models.DateField(_("formally accredited on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn / lapsed on"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["expert", "area__category", "area__code"]
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        indexes = [models.Index(fields=["area", "stage", "expert"], name="accreditation_area_stage")]
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "area"],
                condition=Q(stage__in=sorted(ACTIVE_STAGES)),
                name="accreditation_one_live_per_area",
                violation_error_message=_("This expert already has a live accreditation in this area."),
            ),
            models.CheckConstraint(
                condition=Q(stage=Stage.PRE_ASSESSED)
                | Q(workshop_passed_on__isnull=False)
                | Q(stage__in=[Stage.WITHDRAWN, Stage.LAPSED]),
                name="accreditation_first_step_has_workshop_pass",
                violation_error_message=_("A 1st-step or fully accredited expert must have passed a workshop."),
            ),
            models.CheckConstraint(
                condition=~Q(stage=Stage.FULLY_ACCREDITED)
                | Q(evaluator__isnull=False, evaluated_on__isnull=False, accredited_on__isnull=False),
                name="accreditation_full_has_field_evaluation",
                violation_error_message=_(
                    "Full accreditation needs a field evaluation (evaluator and date) and the accreditation date."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(evaluator=F("expert")),
                name="accreditation_evaluator_not_self",
                violation_error_message=_("An expert cannot evaluate themselves."),
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=[Stage.WITHDRAWN, Stage.LAPSED]) | Q(withdrawn_on__isnull=False),
                name="accreditation_ended_has_date",
                violation_error_message=_("A withdrawn or lapsed accreditation needs its date."),
            ),
            models.CheckConstraint(
                condition=Q(workshop_passed_on__isnull=True) | Q(workshop_passed_on__gte=F("pre_assessed_on")),
                name="accreditation_workshop_after_pre_assessment",
                violation_error_message=_("The workshop cannot be passed before the pre-assessment."),
            ),
            models.CheckConstraint(
                condition=Q(accredited_on__isnull=True) | Q(accredited_on__gte=F("workshop_passed_on")),
                name="accreditation_full_after_workshop",
                violation_error_message=_("Full accreditation cannot come before the workshop pass."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} — {self.area.code} ({self.get_stage_display()})"

    def get_absolute_url(self) -> str:
        return reverse("experts:detail", kwargs={"pk": self.expert_id}) + f"#accreditation-{self.pk}"

    def clean(self) -> None:
        super().clean()
        if self.area_id and not self.area.is_accreditable:
            raise ValidationError(
                {
                    "area": _("%(area)s is a candidate topic: there is no accreditation in it yet.")
                    % {"area": self.area}
                }
            )

    @property
    def category(self) -> str:
        return self.area.category

    @property
    def is_live(self) -> bool:
        return self.stage in ACTIVE_STAGES


class AccreditationEvent(models.Model):
    """One row per pipeline move of an accreditation: who, when, from, to, comment."""

    scope = ScopePolicy(
        administration="accreditation__expert__person__administration",
        owner="accreditation__expert__person__user",
        rocb="all",
    )

    accreditation = models.ForeignKey(Accreditation, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    on_date = models.DateField(_("effective date"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["accreditation", "at", "pk"]
        verbose_name = _("accreditation event")
        verbose_name_plural = _("accreditation events")

    def __str__(self) -> str:
        return f"{self.accreditation_id}: {self.from_stage or '—'} → {self.to_stage}"


@audited()
class Deployment(TimeStampedModel):
    """Days an expert spent (or will spend) on a WCO mission; they count against the release
    commitment. Recorded by hand for past missions, or by the missions app under a ``source_key``
    such as ``assignment:42`` (see :func:`experts.services.deployment_record`)."""

    scope = EXPERT_SCOPE

    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="deployments")
    start_date = models.DateField(_("start"), validators=[plausible_date])
    end_date = models.DateField(_("end"), validators=[plausible_date])
    description = models.CharField(_("description"), max_length=300, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=DeploymentSource.choices, default=DeploymentSource.MANUAL
    )
    source_key = models.CharField(_("source key"), max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["expert", "-start_date", "pk"]
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        indexes = [models.Index(fields=["expert", "start_date", "end_date"], name="deployment_expert_dates")]
        constraints = [
            models.CheckConstraint(
                condition=date_in_range("start_date") & date_in_range("end_date"),
                name="deployment_dates_plausible",
                violation_error_message=_("Give dates between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="deployment_dates_ordered",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert}: {self.start_date}/{self.end_date}"


@audited()
class Unavailability(TimeStampedModel):
    """A period in which an expert cannot be deployed."""

    scope = EXPERT_SCOPE

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="unavailabilities")
    start_date = models.DateField(_("start"), validators=[plausible_date])
    end_date = models.DateField(_("end"), validators=[plausible_date])
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["expert", "start_date", "pk"]
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailabilities")
        indexes = [models.Index(fields=["expert", "start_date", "end_date"], name="unavailability_expert_dates")]
        constraints = [
            models.CheckConstraint(
                condition=date_in_range("start_date") & date_in_range("end_date"),
                name="unavailability_dates_plausible",
                violation_error_message=_("Give dates between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="unavailability_dates_ordered",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert}: {self.start_date}/{self.end_date}"


@audited()
class CandidateListEntry(TimeStampedModel):
    """A candidate on a region's candidate list: nominated by their administration, then accepted
    or rejected by the region's ROCB officer (or the Secretariat)."""

    scope = ScopePolicy(administration="nominated_by", region="region", owner="expert__person__user", rocb="region")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    expert = models.ForeignKey(
        Expert, on_delete=models.PROTECT, related_name="candidate_entries", verbose_name=_("candidate")
    )
    nominated_by = models.ForeignKey(
        MemberAdministration, on_delete=models.PROTECT, related_name="+", verbose_name=_("nominated by")
    )
    nominated_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NominationStatus.choices, default=NominationStatus.NOMINATED, db_index=True
    )
    motivation = models.TextField(_("motivation"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)

    class Meta:
        ordering = ["region", "status", "-created_at"]
        verbose_name = _("candidate list entry")
        verbose_name_plural = _("candidate list entries")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "expert"],
                condition=Q(status__in=[NominationStatus.NOMINATED, NominationStatus.ACCEPTED]),
                name="candidate_once_per_region",
                violation_error_message=_("This candidate is already nominated to or on this region's list."),
            ),
            models.CheckConstraint(
                condition=Q(status=NominationStatus.NOMINATED) | Q(decided_at__isnull=False),
                name="candidate_decision_has_date",
                violation_error_message=_("A decided nomination needs its decision date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} — {self.region.code} ({self.get_status_display()})"


@audited()
class NeedsSurveyEntry(TimeStampedModel):
    """One need a member administration expressed in the capacity-building needs survey: an
    expertise area in a year. The gap analysis (:mod:`experts.selectors.gap`) sets them against the experts
    available in the administration's region."""

    scope = ScopePolicy(administration="administration", region="administration__region", rocb="region")

    administration = models.ForeignKey(
        MemberAdministration, on_delete=models.PROTECT, related_name="+", verbose_name=_("administration")
    )
    area = models.ForeignKey(
        ExpertiseArea, on_delete=models.PROTECT, related_name="needs", verbose_name=_("expertise area")
    )
    year = models.PositiveSmallIntegerField(_("survey year"))
    priority = models.CharField(
        _("priority"), max_length=10, choices=NeedPriority.choices, default=NeedPriority.MEDIUM
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "administration__name_en", "area__code"]
        verbose_name = _("needs-survey entry")
        verbose_name_plural = _("needs-survey entries")
        indexes = [models.Index(fields=["year", "area"], name="needs_year_area")]
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "area", "year"],
                name="needs_once_per_year",
                violation_error_message=_("This administration already recorded this need for that year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="needs_year_plausible",
                violation_error_message=_("The survey year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.administration.iso_code} {self.year}: {self.area.code}"
