"""Validators every app's text input goes through.

Control characters (ESC, form feed, backspace, NUL, DEL, the C1 range...) have no place in a name or a
free text: they corrupt exports, logs and terminals, and PostgreSQL refuses NUL outright. A single-line
text refuses every one of them; a multi-line text keeps tab, line feed and carriage return.
"""

from __future__ import annotations

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MULTI_LINE_ALLOWED = frozenset("\t\n\r")


@deconstructible
class NoControlCharacters:
    """Refuse control characters (Unicode category Cc), except tab and line breaks when ``multiline``."""

    message = _("Remove the control character (%(character)s): it cannot be stored in a text.")
    code = "control_character"

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        allowed = MULTI_LINE_ALLOWED if self.multiline else frozenset()
        for character in value:
            if unicodedata.category(character) == "Cc" and character not in allowed:
                raise ValidationError(self.message, code=self.code, params={"character": f"U+{ord(character):04X}"})

    def __eq__(self, other) -> bool:
        return isinstance(other, NoControlCharacters) and other.multiline == self.multiline


no_control_characters = NoControlCharacters()
no_control_characters_multiline = NoControlCharacters(multiline=True)


def text_validator(multiline: bool) -> NoControlCharacters:
    return no_control_characters_multiline if multiline else no_control_characters


# --- dates ------------------------------------------------------------------------------------------
#: The plausible range of every date the platform stores: no customs capacity building before 1990 is
#: recorded here, and nothing is planned beyond 2100. Dates outside it are typing errors (0001-01-01,
#: 9999-12-31) that would later break date arithmetic; they are refused with a field error.
EARLIEST_DATE = datetime.date(1990, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


@deconstructible
class PlausibleDate:
    """Refuse a date outside :data:`EARLIEST_DATE` .. :data:`LATEST_DATE`."""

    code = "date_out_of_range"

    def __call__(self, value) -> None:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date) and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise ValidationError(
                _("Give a date between %(earliest)s and %(latest)s."),
                code=self.code,
                params={"earliest": formats.date_format(EARLIEST_DATE), "latest": formats.date_format(LATEST_DATE)},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, PlausibleDate)


plausible_date = PlausibleDate()


def date_in_range(field: str) -> models.Q:
    """The check constraint matching :data:`plausible_date` for a date column (NULL passes)."""
    return models.Q(**{f"{field}__isnull": True}) | models.Q(
        **{f"{field}__gte": EARLIEST_DATE, f"{field}__lte": LATEST_DATE}
    )


def check_dates(**dates) -> None:
    """Raise one ``ValidationError`` with a field error for each of ``dates`` (name=value) out of range."""
    errors = {}
    for name, value in dates.items():
        try:
            plausible_date(value)
        except ValidationError as exc:
            errors[name] = exc.error_list
    if errors:
        raise ValidationError(errors)
