"""Every write of the training app: ``from training import services``."""

from training.services.catalogue import MAX_TUTORS, SESSION_FIELDS, programme_save, session_save
from training.services.certificates import certificate_revoke
from training.services.feedback import (
    feedback_answer,
    feedback_open,
    feedback_remind,
    feedback_send,
    feedback_token,
)
from training.services.impact import (
    impact_reviews_remind,
    impact_reviews_schedule,
    review_answer,
    review_open,
    review_token,
    reviewer_give,
)
from training.services.links import LinkRefused
from training.services.path import (
    MOVES,
    find_or_create_person,
    participant_certify,
    participant_complete,
    participant_enrol,
    participant_nominate,
    participant_not_select,
    participant_select,
    participant_withdraw,
    perform,
    places_taken,
    promote_waiting_list,
)

__all__ = [
    "MAX_TUTORS",
    "MOVES",
    "SESSION_FIELDS",
    "LinkRefused",
    "certificate_revoke",
    "feedback_answer",
    "feedback_open",
    "feedback_remind",
    "feedback_send",
    "feedback_token",
    "find_or_create_person",
    "impact_reviews_remind",
    "impact_reviews_schedule",
    "participant_certify",
    "participant_complete",
    "participant_enrol",
    "participant_nominate",
    "participant_not_select",
    "participant_select",
    "participant_withdraw",
    "perform",
    "places_taken",
    "programme_save",
    "promote_waiting_list",
    "review_answer",
    "review_open",
    "review_token",
    "reviewer_give",
    "session_save",
]
