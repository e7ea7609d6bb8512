"""Every read of the experts app that matters, shaped for its screen (one place for N+1 fixes),
split by screen and re-exported here:

- :mod:`.experts` — the search list, the detail page, the facet counts, the candidate lists;
- :mod:`.gap` — the gap-analysis matrix (available experts against the need);
- :mod:`.commitment` — an expert's release commitment as of a date.
"""

from experts.selectors.commitment import (
    CAP_DAYS,
    WINDOW_YEARS,
    Commitment,
    commitment_for,
    used_days_in,
    window_for,
    window_start_of,
    working_days,
)
from experts.selectors.experts import (
    TOP_ADMINISTRATIONS,
    FacetRows,
    candidate_entries,
    candidate_list,
    expert_detail,
    expert_list,
    facet_counts,
)
from experts.selectors.gap import (
    DEEP_FROM,
    GAP_BELOW,
    GREEN_FROM,
    Cell,
    GapMatrix,
    available_accreditations,
    available_counts,
    cell_experts,
    gap_analysis,
    survey_needs,
)

__all__ = [
    "CAP_DAYS",
    "DEEP_FROM",
    "GAP_BELOW",
    "GREEN_FROM",
    "TOP_ADMINISTRATIONS",
    "WINDOW_YEARS",
    "Cell",
    "Commitment",
    "FacetRows",
    "GapMatrix",
    "available_accreditations",
    "available_counts",
    "candidate_entries",
    "candidate_list",
    "cell_experts",
    "commitment_for",
    "expert_detail",
    "expert_list",
    "facet_counts",
    "gap_analysis",
    "survey_needs",
    "used_days_in",
    "window_for",
    "window_start_of",
    "working_days",
]
