"""Every read of the missions app that matters, shaped for its screen (scoped to the user, no N+1):

- :mod:`~missions.selectors.requests`: requests, assignments, letters, and what a viewer may read of them
- :mod:`~missions.selectors.estimates`: what a mission costs (flight + per diem), the rates in force
- :mod:`~missions.selectors.suggestions`: ranked expert suggestions, each score explained
- :mod:`~missions.selectors.calendar`: an expert's missions as an iCalendar feed
- :mod:`~missions.selectors.timeline`: the timeline's system lines, written out in the reader's language

Re-exported here: ``from missions import selectors; selectors.request_list(user=...)``.
"""

from missions.selectors.calendar import (
    calendar_for,
    expert_from_feed_token,
    feed_assignments,
    feed_token_digest,
    feed_url,
    live_feed_token,
)
from missions.selectors.estimates import (
    TRAVEL_DAYS,
    CostEstimate,
    CostLine,
    estimate_assignment,
    estimate_request,
    flight_fare_on,
    per_diem_rate_on,
)
from missions.selectors.picker import PickerRow, shortlist_picker, shortlist_warnings
from missions.selectors.requests import (
    ANSWER_EVENT_ACTIONS,
    ANSWER_HIDDEN_ACTION,
    ANSWER_HIDDEN_LABEL,
    CONFIDENTIAL_EVENT_ACTIONS,
    assignment_list,
    disclose_assignment,
    disclose_event,
    disclose_letter,
    disclose_mission,
    has_letter,
    letter_list,
    letters_awaiting_answer,
    letters_overdue,
    may_read_answer_of,
    may_read_availability_note,
    may_read_event_answer,
    may_read_event_comment,
    may_read_override_reason,
    may_read_release_answer,
    my_assignments,
    oversees,
    request_detail,
    request_list,
)
from missions.selectors.suggestions import Reason, Suggestion, suggest_experts
from missions.selectors.timeline import event_text, system_lines

__all__ = [
    "ANSWER_EVENT_ACTIONS",
    "ANSWER_HIDDEN_ACTION",
    "ANSWER_HIDDEN_LABEL",
    "CONFIDENTIAL_EVENT_ACTIONS",
    "TRAVEL_DAYS",
    "CostEstimate",
    "CostLine",
    "PickerRow",
    "Reason",
    "Suggestion",
    "assignment_list",
    "calendar_for",
    "disclose_assignment",
    "disclose_event",
    "disclose_letter",
    "disclose_mission",
    "estimate_assignment",
    "estimate_request",
    "event_text",
    "expert_from_feed_token",
    "feed_assignments",
    "feed_token_digest",
    "feed_url",
    "flight_fare_on",
    "has_letter",
    "letter_list",
    "letters_awaiting_answer",
    "letters_overdue",
    "live_feed_token",
    "may_read_answer_of",
    "may_read_availability_note",
    "may_read_event_answer",
    "may_read_event_comment",
    "may_read_override_reason",
    "may_read_release_answer",
    "my_assignments",
    "oversees",
    "per_diem_rate_on",
    "request_detail",
    "request_list",
    "shortlist_picker",
    "shortlist_warnings",
    "suggest_experts",
    "system_lines",
]
