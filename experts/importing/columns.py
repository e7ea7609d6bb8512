"""The columns of the experts import: one row per expert-accreditation (an expert without accreditation
has one row with an empty ``area``). Documented in the README ("Expert import columns"); the export
writes the same columns, so an export can be imported again unchanged."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from experts.choices import ExpertKind, Stage
from wcocb.importing import MAX_BYTES, MAX_ROWS, Column

__all__ = ["COLUMNS", "COLUMN_NAMES", "MAX_BYTES", "MAX_ROWS", "Column"]

#: The columns, in export order. Header names are case-insensitive; spaces count as underscores.
COLUMNS: list[Column] = [
    Column("external_id", _("Stable identifier of the expert (the key of re-imports)."), True),
    Column("first_name", _("First name."), True),
    Column("last_name", _("Last name."), True),
    Column("gender", _("F, M or X (other / not stated); may be empty.")),
    Column("nationality", _("ISO 3166 two-letter code, e.g. TH.")),
    Column("administration", _("Home member administration, by its ISO two-letter code, e.g. JP.")),
    Column("current_post", _("Current post.")),
    Column("email", _("Email address.")),
    Column("phone", _("Phone number.")),
    Column("kind", _("accredited, recognized (RE), external (EE), consultant (EC) or candidate."), True),
    Column("serving", _("yes or no: a currently serving officer (an RE must be). Empty means yes.")),
    Column("languages", _("Language codes with level, separated by ';', e.g. 'en:fluent; fr:working'.")),
    Column("biography", _("Short biography.")),
    Column("external_justification", _("For an External Expert: why no accredited or recognized expert served.")),
    Column("candidate_topic", _("For a regional candidate: the topic not covered by accreditation, e.g. CAND-NII.")),
    Column("candidate_region", _("For a regional candidate: the region of the candidate list, e.g. AP.")),
    Column("candidate_topic_expertise", _("yes or no: the candidate has expertise in the topic. Empty means no.")),
    Column("candidate_english", _("yes or no: the candidate is fluent in English. Empty means no.")),
    Column("candidate_capacity_building", _("yes or no: the candidate has experience in capacity building.")),
    Column("candidate_wco_instruments", _("yes or no: the candidate knows the WCO instruments. Empty means no.")),
    Column("area", _("Accreditation area code: DF, CMA, MPA, LMDA, or an ET-/TOA- sub-category such as ET-HS.")),
    Column("stage", _("pre_assessed, first_step, fully_accredited, withdrawn or lapsed (needed with an area).")),
    Column("pre_assessed_on", _("Date of the pre-assessment (YYYY-MM-DD); needed with an area.")),
    Column("workshop", _("Platform id of the accreditation workshop passed (optional).")),
    Column("workshop_passed_on", _("Date the workshop was passed (1st step).")),
    Column("evaluator", _("external_id of the fully accredited expert who evaluated in the field.")),
    Column("evaluated_on", _("Date of the in-field evaluation.")),
    Column("evaluation_mission", _("The field evaluation mission (free text).")),
    Column("accredited_on", _("Date of formal full accreditation.")),
    Column("withdrawn_on", _("Date the accreditation was withdrawn or lapsed.")),
    Column("withdrawn_reason", _("Why it was withdrawn (required to withdraw).")),
]
COLUMN_NAMES = [column.name for column in COLUMNS]
ALIASES = {"area_code": "area", "is_serving": "serving", "nationality_iso2": "nationality", "workshop_id": "workshop"}
EXPERT_COLUMNS = COLUMN_NAMES[: COLUMN_NAMES.index("area")]
DATE_COLUMNS = ("pre_assessed_on", "workshop_passed_on", "evaluated_on", "accredited_on", "withdrawn_on")
KIND_ALIASES = {"re": ExpertKind.RECOGNIZED, "ee": ExpertKind.EXTERNAL, "ec": ExpertKind.CONSULTANT}
STAGE_ALIASES = {"1st_step": Stage.FIRST_STEP, "full": Stage.FULLY_ACCREDITED, "accredited": Stage.FULLY_ACCREDITED}
YES = {"yes", "y", "true", "1", "oui", "si", "sí"}
NO = {"no", "n", "false", "0", "non"}
#: Model field → import column, to report a model's validation error under the right column.
FIELD_COLUMNS = {"is_serving": "serving", "language": "languages", "workshop": "workshop", "evaluator": "evaluator"}
#: The checklist of a regional candidate: yes/no columns, read as the model's boolean fields.
CHECKLIST_COLUMNS = (
    "candidate_topic_expertise",
    "candidate_english",
    "candidate_capacity_building",
    "candidate_wco_instruments",
)
#: Person and expert fields → the column they are read from. Only the columns present in a file's
#: header are written: a column left out of the file leaves the stored values alone.
VALUE_COLUMNS = {"is_serving": "serving"}
