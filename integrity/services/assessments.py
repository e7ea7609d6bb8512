"""An administration's self-assessment: start it, answer and attach evidence while it is a draft, submit it
(then it is frozen for everyone: a correction is a new assessment), the Secretariat's review, and the
administration's choice to share it with its ROCB (recorded, revocable)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity import rules
from integrity.choices import AssessmentAction, AssessmentStatus, QuestionnaireStatus
from integrity.models import Answer, Assessment, AssessmentMove, Evidence, Question, Questionnaire
from integrity.services._common import lock, save_clean
from wcocb.errors import ConflictError, DomainError

if TYPE_CHECKING:
    import datetime

    from django.core.files.base import File

    from missions.models import MissionRequest
    from wcocb.models import MemberAdministration, User


def _move(assessment: Assessment, *, by: User | None, action: str, comment: str = "", to: str | None = None) -> None:
    from_status = assessment.status
    if to is not None:
        rules.check_assessment_move(assessment, to)
        assessment.status = to
    AssessmentMove.objects.create(
        assessment=assessment,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=assessment.status,
        comment=comment,
    )


def _check_mission(mission: MissionRequest | None, administration_id: int) -> None:
    from missions.choices import MissionKind

    if mission is None:
        return
    if mission.kind != MissionKind.INTEGRITY_ASSESSMENT or mission.administration_id != administration_id:
        raise DomainError(_("Link an integrity assessment mission of the same administration."), code="mission")


@transaction.atomic
def assessment_start(
    *,
    administration: MemberAdministration,
    questionnaire: Questionnaire,
    title: str,
    assessed_on: datetime.date,
    by: User,
    corrects: Assessment | None = None,
    mission: MissionRequest | None = None,
) -> Assessment:
    """A new draft on a published questionnaire version, by one of the administration's users."""
    rules.refuse_unless(rules.can_start_assessment(by, administration))
    if questionnaire.status != QuestionnaireStatus.PUBLISHED:
        raise DomainError(_("Assessments start on a published questionnaire version."), code="questionnaire")
    if corrects is not None and not (
        corrects.administration_id == administration.pk and rules.can_correct_assessment(by, corrects)
    ):
        raise DomainError(_("Only a submitted assessment of the same administration can be corrected."))
    _check_mission(mission, administration.pk)
    assessment = Assessment(
        administration=administration,
        questionnaire=questionnaire,
        title=title,
        assessed_on=assessed_on,
        corrects=corrects,
        mission=mission,
        created_by=by,
    )
    save_clean(assessment)
    _move(assessment, by=by, action=AssessmentAction.CREATED)
    return assessment


def _editable(assessment: Assessment, by: User) -> Assessment:
    assessment = lock(assessment)
    if assessment.is_frozen:
        raise ConflictError(_("A submitted assessment is frozen: start a correction instead."))
    rules.refuse_unless(rules.can_edit_assessment(by, assessment))
    return assessment


@transaction.atomic
def assessment_update(
    *, assessment: Assessment, by: User, title: str, assessed_on: datetime.date, mission: MissionRequest | None = None
) -> Assessment:
    assessment = _editable(assessment, by)
    _check_mission(mission, assessment.administration_id)
    assessment.title, assessment.assessed_on, assessment.mission = title, assessed_on, mission
    save_clean(assessment, fields=["title", "assessed_on", "mission", "updated_at"])
    return assessment


@transaction.atomic
def answer_save(*, assessment: Assessment, question: Question, level: int, comment: str = "", by: User) -> Answer:
    """Save (or change) the answer to one question of a draft: "saved as you go"."""
    assessment = _editable(assessment, by)
    if question.section.questionnaire_id != assessment.questionnaire_id:
        raise DomainError(_("This question is not part of the assessment's questionnaire."), code="question")
    answer = Answer.objects.filter(assessment=assessment, question=question).first() or Answer(
        assessment=assessment, question=question
    )
    answer.level, answer.comment, answer.answered_by = level, comment, by
    save_clean(answer)
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    return answer


@transaction.atomic
def evidence_add(
    *, assessment: Assessment, title: str, file: File, by: User, question: Question | None = None
) -> Evidence:
    assessment = _editable(assessment, by)
    if question is not None and question.section.questionnaire_id != assessment.questionnaire_id:
        raise DomainError(_("This question is not part of the assessment's questionnaire."), code="question")
    evidence = Evidence(assessment=assessment, question=question, title=title, file=file, uploaded_by=by)
    save_clean(evidence)
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, by: User) -> None:
    _editable(evidence.assessment, by)
    evidence.file.delete(save=False)
    evidence.delete()


def score_of(assessment: Assessment) -> Decimal | None:
    """The mean of the section scores (each the mean of its answered levels), to two decimals."""
    from integrity.selectors import section_scores

    scores = [row.score for row in section_scores(assessment) if row.score is not None]
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: User, comment: str = "") -> Assessment:
    """Submit a draft whose every question is answered; it is frozen from then on, for everyone."""
    assessment = lock(assessment)
    rules.check_assessment_move(assessment, AssessmentStatus.SUBMITTED)
    rules.refuse_unless(rules.can_submit_assessment(by, assessment))
    missing = (
        Question.objects.filter(section__questionnaire_id=assessment.questionnaire_id)
        .exclude(answers__assessment=assessment)
        .count()
    )
    if missing:
        raise ConflictError(
            _("%(count)d question(s) are not answered yet: answer every question before submitting.")
            % {"count": missing}
        )
    assessment.overall_score = score_of(assessment)
    assessment.submitted_at = timezone.now()
    _move(assessment, by=by, action=AssessmentAction.SUBMITTED, comment=comment, to=AssessmentStatus.SUBMITTED)
    save_clean(assessment, fields=["status", "overall_score", "submitted_at", "updated_at"])
    return assessment


@transaction.atomic
def assessment_review(*, assessment: Assessment, by: User, comment: str) -> Assessment:
    """The Secretariat's review of a submitted assessment, with its comments."""
    assessment = lock(assessment)
    rules.check_assessment_move(assessment, AssessmentStatus.REVIEWED)
    rules.refuse_unless(rules.can_review_assessment(by, assessment), _("Only the Secretariat reviews assessments."))
    if not comment.strip():
        raise DomainError(_("Write the review's comments."), code="comment")
    assessment.review_comment = comment
    assessment.reviewed_at = timezone.now()
    _move(assessment, by=by, action=AssessmentAction.REVIEWED, comment=comment, to=AssessmentStatus.REVIEWED)
    save_clean(assessment, fields=["status", "review_comment", "reviewed_at", "updated_at"])
    return assessment


@transaction.atomic
def assessment_share(*, assessment: Assessment, by: User, shared: bool, comment: str = "") -> Assessment:
    """Share the assessment with the ROCB of the administration's region, or withdraw it. Each choice is a
    move on the timeline; sharing never changes the answers (a frozen assessment may be shared too)."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",)).select_related("administration").get(pk=assessment.pk)
    )
    rules.refuse_unless(rules.can_share_assessment(by, assessment))
    if shared == assessment.is_shared:
        raise ConflictError(
            _("The assessment is already shared with the ROCB.") if shared else _("The assessment is not shared.")
        )
    assessment.shared_region_id = assessment.administration.region_id if shared else None
    _move(assessment, by=by, action=AssessmentAction.SHARED if shared else AssessmentAction.UNSHARED, comment=comment)
    assessment.save(update_fields=["shared_region", "updated_at"])
    return assessment


def administration_moved(administration: MemberAdministration) -> None:
    """An administration moved to another region: its shared assessments follow it to its new ROCB."""
    Assessment.objects.filter(administration=administration, shared_region__isnull=False).exclude(
        shared_region_id=administration.region_id
    ).update(shared_region_id=administration.region_id, updated_at=timezone.now())
