"""The names other apps import as ``experts.commitment`` (``missions/letters.py``,
``missions/suggestions.py``, ``experts/importing.py``, ``tests/missions/factories.py``, ``bench/``).
The computation lives in :mod:`experts.selectors.commitment` (reads) and
:mod:`experts.services.commitment` (the denormalised columns); new code imports from there."""

from experts.selectors.commitment import (
    CAP_DAYS,
    WINDOW_YEARS,
    Commitment,
    commitment_for,
    window_for,
    working_days,
)
from experts.services.commitment import refresh_commitment

__all__ = [
    "CAP_DAYS",
    "WINDOW_YEARS",
    "Commitment",
    "commitment_for",
    "refresh_commitment",
    "window_for",
    "working_days",
]
