"""Every write of the experts app, split by sub-domain and re-exported here, so that
``from experts import services; services.expert_create(...)`` works from every door. Views,
serializers, forms, admin, imports and the missions app call these functions, and each checks its
caller itself (:mod:`experts.rules`), so a rule cannot be bypassed by choosing another door.

Refusals raise :class:`wcocb.errors.DomainError` (400), :class:`wcocb.errors.ForbiddenError`
(403, the caller may not), :class:`wcocb.errors.ConflictError` (409, the record is not in a state
that allows the move) or Django's ``ValidationError`` from ``full_clean`` (400 with field errors).

- :mod:`.experts` — create and change experts, the own profile, the search columns;
- :mod:`.accreditation` — the pipeline (pre-assessment, workshop pass, field evaluation, end);
- :mod:`.workshops` — accreditation workshops and their results;
- :mod:`.deployments` and :mod:`.unavailability` — days on missions and periods away;
- :mod:`.candidates` — regional candidate lists;
- :mod:`.needs` — the needs survey;
- :mod:`.commitment` — the release commitment's columns on the expert row.
"""

from experts.selectors.commitment import Commitment, commitment_for, working_days
from experts.services.accreditation import (
    PASS_RECORDING_DAYS,
    _check_move,
    _event,
    _lock,
    accreditation_complete_field_evaluation,
    accreditation_lapse,
    accreditation_pass_workshop,
    accreditation_pre_assess,
    accreditation_withdraw,
    can_move,
    categories_under_evaluation,
    field_evaluation_complete_for,
    fully_accredited_categories,
)
from experts.services.candidates import candidate_decide, candidate_nominate
from experts.services.commitment import refresh_commitment
from experts.services.deployments import deployment_record, deployment_remove
from experts.services.experts import (
    EXPERT_FIELDS,
    OWN_PROFILE_FIELDS,
    PERSON_FIELDS,
    SEARCH_SQL,
    LanguageSkill,
    _set_languages,
    _split,
    expert_administration_moved,
    expert_create,
    expert_person_changed,
    expert_refresh_search,
    expert_update,
    expert_update_own_profile,
)
from experts.services.needs import needs_entry_add
from experts.services.unavailability import (
    UNAVAILABILITY_FIELDS,
    unavailability_add,
    unavailability_remove,
    unavailability_update,
)
from experts.services.workshops import (
    WORKSHOP_FIELDS,
    workshop_add_participant,
    workshop_create,
    workshop_record_result,
    workshop_update,
)
from wcocb.errors import ConflictError, DomainError, ForbiddenError

__all__ = [
    "EXPERT_FIELDS",
    "OWN_PROFILE_FIELDS",
    "PASS_RECORDING_DAYS",
    "PERSON_FIELDS",
    "SEARCH_SQL",
    "UNAVAILABILITY_FIELDS",
    "WORKSHOP_FIELDS",
    "Commitment",
    "ConflictError",
    "DomainError",
    "ForbiddenError",
    "LanguageSkill",
    "_check_move",
    "_event",
    "_lock",
    "_set_languages",
    "_split",
    "accreditation_complete_field_evaluation",
    "accreditation_lapse",
    "accreditation_pass_workshop",
    "accreditation_pre_assess",
    "accreditation_withdraw",
    "can_move",
    "candidate_decide",
    "candidate_nominate",
    "categories_under_evaluation",
    "commitment_for",
    "deployment_record",
    "deployment_remove",
    "expert_administration_moved",
    "expert_create",
    "expert_person_changed",
    "expert_refresh_search",
    "expert_update",
    "expert_update_own_profile",
    "field_evaluation_complete_for",
    "fully_accredited_categories",
    "needs_entry_add",
    "refresh_commitment",
    "unavailability_add",
    "unavailability_remove",
    "unavailability_update",
    "working_days",
    "workshop_add_participant",
    "workshop_create",
    "workshop_record_result",
    "workshop_update",
]
