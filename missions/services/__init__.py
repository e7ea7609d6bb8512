"""Every write of the missions app, one service per workflow transition, split by sub-domain:

- :mod:`~missions.services.requests`: step 1 and the request's life (submit, ROCB comment, plan, dates, hold, cancel)
- :mod:`~missions.services.selection`: steps 2-3 (shortlist, Secretariat delivery, availability)
- :mod:`~missions.services.release`: steps 4-5 (release letters and their answers, the release commitment)
- :mod:`~missions.services.team`: steps 6-7 (team, briefing, documents, deployment, completion, evaluation, close)
- :mod:`~missions.services.reports`: the mission report; :mod:`~missions.services.rates`: the cost tables
- :mod:`~missions.services.actions`: the action table the page and the API run

Each service locks the request row (``select_for_update``) before checking the caller (``by``) and the
current status with :mod:`missions.rules`, so two people acting at once cannot both succeed; it raises
:class:`wcocb.errors.DomainError` (400), :class:`~wcocb.errors.ConflictError` (409) or
:class:`~wcocb.errors.ForbiddenError` (403) with the reason, and records one :class:`MissionEvent`.
Re-exported here: ``from missions import services; services.request_submit(...)``.
"""

from missions.services.actions import ACTIONS, perform
from missions.services.calendar import calendar_feed_revoke, calendar_feed_rotate
from missions.services.rates import cost_row_delete, cost_row_save
from missions.services.release import (
    assignment_override_commitment,
    commitment_refusal,
    generate_release_letter,
    release_approve,
    release_decline,
    request_reopen_selection,
    request_request_release,
)
from missions.services.reports import (
    report_close_check,
    report_is_accepted,
    report_review,
    report_save_and_submit,
    report_save_draft,
    report_submit,
)
from missions.services.requests import (
    DATES_SLACK_DAYS,
    request_cancel,
    request_hold,
    request_plan,
    request_resume,
    request_rocb_comment,
    request_set_dates,
    request_start_search,
    request_submit,
)
from missions.services.selection import (
    ShortlistEntry,
    assignment_record_availability,
    request_deliver_by_secretariat,
    request_shortlist,
)
from missions.services.team import (
    assignment_brief,
    assignment_record_evaluation,
    document_remove,
    document_replace,
    document_upload,
    request_close,
    request_complete,
    request_deploy,
    request_form_team,
)

__all__ = [
    "ACTIONS",
    "DATES_SLACK_DAYS",
    "ShortlistEntry",
    "assignment_brief",
    "assignment_override_commitment",
    "assignment_record_availability",
    "assignment_record_evaluation",
    "calendar_feed_revoke",
    "calendar_feed_rotate",
    "commitment_refusal",
    "cost_row_delete",
    "cost_row_save",
    "document_remove",
    "document_replace",
    "document_upload",
    "generate_release_letter",
    "perform",
    "release_approve",
    "release_decline",
    "report_close_check",
    "report_is_accepted",
    "report_review",
    "report_save_and_submit",
    "report_save_draft",
    "report_submit",
    "request_cancel",
    "request_close",
    "request_complete",
    "request_deliver_by_secretariat",
    "request_deploy",
    "request_form_team",
    "request_hold",
    "request_plan",
    "request_reopen_selection",
    "request_request_release",
    "request_resume",
    "request_rocb_comment",
    "request_set_dates",
    "request_shortlist",
    "request_start_search",
    "request_submit",
]
