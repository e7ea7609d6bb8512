"""Validators every app's text input goes through.

Control characters (ESC, form feed, backspace, NUL, DEL, the C1 range...) have no place in a name or a
free text: they corrupt exports, logs and terminals, and PostgreSQL refuses NUL outright. A single-line
text refuses every one of them; a multi-line text keeps tab, line feed and carriage return.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
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
