"""Who may do what with integrity records, in which state: the ``can_*`` predicates services, views, the API and
templates all read (one table, so the buttons shown and the rules enforced cannot disagree).

Integrity data belongs to its administration. Its own (active) member users write it; the Secretariat reads
it all and reviews submitted assessments; a ROCB officer reads an assessment of their region only while the
administration shares it; nobody else reads or writes any of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from integrity.choices import (
    ACTION_TRANSITIONS,
    PLAN_TRANSITIONS,
    TRANSITIONS,
    AssessmentStatus,
    PlanStatus,
    QuestionnaireStatus,
)
from wcocb.errors import ConflictError, ForbiddenError
from wcocb.rules import is_member, is_rocb, is_secretariat

if TYPE_CHECKING:
    from integrity.models import ActionPlan, Assessment, PlanAction, Questionnaire, Risk
    from wcocb.models import MemberAdministration, User


def is_own_member(user: User | None, administration_id: int | None) -> bool:
    """An active member user of this administration."""
    return is_member(user) and administration_id is not None and user.administration_id == administration_id


def is_outsider(user: User | None, administration_id: int) -> bool:
    """Whether a read by ``user`` of this administration's records is a read from outside it (logged)."""
    return not is_own_member(user, administration_id)


# --- Questionnaires (the Secretariat keeps them) --------------------------------------------------------
def can_edit_questionnaire(user: User, questionnaire: Questionnaire) -> bool:
    return is_secretariat(user) and questionnaire.status == QuestionnaireStatus.DRAFT


def can_publish_questionnaire(user: User, questionnaire: Questionnaire) -> bool:
    return can_edit_questionnaire(user, questionnaire)


def can_version_questionnaire(user: User, questionnaire: Questionnaire) -> bool:
    return is_secretariat(user) and questionnaire.status != QuestionnaireStatus.DRAFT


# --- Assessments ----------------------------------------------------------------------------------------
def can_view_assessment(user: User, assessment: Assessment) -> bool:
    if is_secretariat(user) or is_own_member(user, assessment.administration_id):
        return True
    return is_rocb(user) and assessment.shared_region_id is not None and user.region_id == assessment.shared_region_id


def can_start_assessment(user: User, administration: MemberAdministration | None) -> bool:
    return administration is not None and is_own_member(user, administration.pk)


def can_edit_assessment(user: User, assessment: Assessment) -> bool:
    """Answers, evidence and the title change only while the assessment is a draft, and only by its own users."""
    return is_own_member(user, assessment.administration_id) and assessment.status == AssessmentStatus.DRAFT


def can_submit_assessment(user: User, assessment: Assessment) -> bool:
    return can_edit_assessment(user, assessment)


def can_review_assessment(user: User, assessment: Assessment) -> bool:
    return is_secretariat(user) and AssessmentStatus.REVIEWED in TRANSITIONS[assessment.status]


def can_share_assessment(user: User, assessment: Assessment) -> bool:
    """Sharing with the ROCB (and withdrawing it) is the administration's own choice, in any state."""
    return is_own_member(user, assessment.administration_id)


def can_correct_assessment(user: User, assessment: Assessment) -> bool:
    return is_own_member(user, assessment.administration_id) and assessment.status != AssessmentStatus.DRAFT


# --- Action plans and risks -------------------------------------------------------------------------------
def can_create_plan(user: User, administration: MemberAdministration | None) -> bool:
    return administration is not None and is_own_member(user, administration.pk)


def can_edit_plan(user: User, plan: ActionPlan) -> bool:
    return is_own_member(user, plan.administration_id) and plan.status != PlanStatus.CLOSED


def can_move_plan(user: User, plan: ActionPlan, to: str) -> bool:
    return is_own_member(user, plan.administration_id) and to in PLAN_TRANSITIONS[plan.status]


def can_update_action(user: User, action: PlanAction) -> bool:
    return can_edit_plan(user, action.plan)


def can_manage_risks(user: User, administration: MemberAdministration | None) -> bool:
    return administration is not None and is_own_member(user, administration.pk)


def can_edit_risk(user: User, risk: Risk) -> bool:
    return is_own_member(user, risk.administration_id)


# --- Refusals (what the services raise) -------------------------------------------------------------------
def refuse_unless(allowed: bool, message=None) -> None:
    if not allowed:
        raise ForbiddenError(message or _("You may not do this with this administration's integrity records."))


def check_assessment_move(assessment: Assessment, to: str) -> None:
    if to not in TRANSITIONS[assessment.status]:
        raise ConflictError(
            _("An assessment “%(from)s” cannot become “%(to)s”.")
            % {"from": assessment.get_status_display(), "to": AssessmentStatus(to).label}
        )


def check_action_move(action: PlanAction, to: str) -> None:
    if to not in ACTION_TRANSITIONS[action.status]:
        from integrity.choices import ActionStatus

        raise ConflictError(
            _("An action “%(from)s” cannot become “%(to)s”.")
            % {"from": action.get_status_display(), "to": ActionStatus(to).label}
        )
