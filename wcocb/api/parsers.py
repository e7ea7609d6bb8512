"""Request parsers of every API view: JSON whose nesting depth is bounded.

Python's JSON decoder recurses once per level of nesting, so a small body nested ten thousand levels
deep (``[[[[...]]]]``) raises ``RecursionError``, a 500. The depth is measured first, without
recursion, and a body deeper than :data:`MAX_DEPTH` is refused as a parse error (a 400 with the
API's error body).
"""

import codecs
import re
from itertools import accumulate

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.parsers import get_encoding
from rest_framework.utils import json

#: Far deeper than any body this API reads (two or three levels), far below the interpreter's limit.
MAX_DEPTH = 64

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_DELTA = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in ``text`` (brackets inside strings do not count)."""
    brackets = _NOT_A_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_DELTA.__getitem__, brackets)), default=0)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing bodies nested deeper than :data:`MAX_DEPTH` levels."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            encoding = get_encoding(parser_context or {})  # refuses bytes-to-bytes codecs (bz2 bombs)
            text = codecs.getreader(encoding)(stream).read()
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from exc
        max_depth = getattr(settings, "API_JSON_MAX_DEPTH", MAX_DEPTH)
        if json_depth(text) > max_depth:
            raise ParseError(_("The JSON body is nested more than %(depth)d levels deep.") % {"depth": max_depth})
        try:
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from exc
