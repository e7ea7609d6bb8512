"""Every write of the integrity app (``from integrity import services``)."""

from integrity.services.assessments import (
    administration_moved,
    answer_save,
    assessment_review,
    assessment_share,
    assessment_start,
    assessment_submit,
    assessment_update,
    evidence_add,
    evidence_remove,
    score_of,
)
from integrity.services.plans import action_add, action_update, mark_overdue, plan_create, plan_move
from integrity.services.questionnaires import question_update, questionnaire_new_version, questionnaire_publish
from integrity.services.reads import history_read, log_reads
from integrity.services.risks import risk_create, risk_delete, risk_update

__all__ = [
    "action_add",
    "action_update",
    "administration_moved",
    "answer_save",
    "assessment_review",
    "assessment_share",
    "assessment_start",
    "assessment_submit",
    "assessment_update",
    "evidence_add",
    "evidence_remove",
    "history_read",
    "log_reads",
    "mark_overdue",
    "plan_create",
    "plan_move",
    "question_update",
    "questionnaire_new_version",
    "questionnaire_publish",
    "risk_create",
    "risk_delete",
    "risk_update",
    "score_of",
]
