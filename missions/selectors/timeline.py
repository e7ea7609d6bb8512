"""The timeline's system lines: what a service says about an entry (the mission's dates, the experts named, a
document's kind, a verdict), kept as message ids and language-neutral values in ``MissionEvent.data["system"]``
and written out in the reader's language when the entry is shown, the API read or a mail written.

A line (and any value inside one) is one of:

- a text: an expert's name, a file name, a reason someone wrote, shown as it is;
- ``{"msg": msgid, "params": {name: value}}``: the message translated when shown, then formatted with its
  values, each written out by the same rules (:func:`message`);
- ``{"date": "2027-04-12"}``: a date in the reader's format (:func:`date`);
- ``{"choice": "team_role", "value": "lead"}``: a choice's label in the reader's language (:func:`choice`);
- ``{"join": [value, ...], "sep": ", "}``: values written out and joined (:func:`join`);
- ``{"name": {"en": ..., "fr": ..., "es": ...}}``: a name spelt in each language (an administration), shown in
  the reader's (:func:`multilingual`).

The user's own words stay in ``MissionEvent.comment``. Entries recorded before system lines existed have none:
their comment is their whole text, in the language it was written in.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import TextChoices
from django.utils import formats
from django.utils.translation import get_language, gettext

from missions.choices import AvailabilityAnswer, DocumentKind, TeamRole

if TYPE_CHECKING:
    from missions.models import MissionEvent

#: The choices a line may name, by the key it stores (its labels are looked up when shown).
CHOICES: dict[str, type[TextChoices]] = {
    "availability": AvailabilityAnswer,
    "document_kind": DocumentKind,
    "team_role": TeamRole,
}


# --- writing lines (the services) -----------------------------------------------------------------------
def message(msg: str, **params: Any) -> dict:
    """A message id (mark it with ``gettext_noop`` where it is written) and its values."""
    return {"msg": str(msg), "params": params} if params else {"msg": str(msg)}


def date(value: datetime.date) -> dict:
    return {"date": value.isoformat()}


def choice(name: str, value: str) -> dict:
    if name not in CHOICES:
        raise KeyError(f"No choices named {name!r} in missions.selectors.timeline.CHOICES")
    return {"choice": name, "value": str(value)}


def join(values: Iterable[Any], sep: str = ", ") -> dict:
    return {"join": list(values), "sep": sep}


def multilingual(obj: Any) -> dict:
    """A :class:`wcocb.models.MultilingualName` (an administration, a region) as its names in every language."""
    return {"name": {language: getattr(obj, f"name_{language}", "") for language in ("en", "fr", "es")}}


# --- reading them (pages, API, mails) -------------------------------------------------------------------
def render(value: Any) -> str:
    """One line or value written out in the active language (anything unexpected as its text, never an error)."""
    if isinstance(value, dict):
        if "msg" in value:
            return _render_message(str(value["msg"]), value.get("params") or {})
        if "date" in value:
            try:
                return formats.date_format(datetime.date.fromisoformat(str(value["date"])))
            except ValueError:
                return str(value["date"])
        if "choice" in value:
            choices, code = CHOICES.get(str(value["choice"])), str(value.get("value", ""))
            try:
                return str(choices(code).label) if choices else code
            except ValueError:
                return code
        if "join" in value:
            return str(value.get("sep", ", ")).join(render(item) for item in value["join"] or [])
        if isinstance(value.get("name"), dict):
            names = value["name"]
            return str(names.get((get_language() or "en")[:2]) or names.get("en") or "")
    if isinstance(value, list):
        return ", ".join(render(item) for item in value)
    return "" if value is None else str(value)


def _render_message(msg: str, params: dict) -> str:
    values = {name: render(value) for name, value in params.items()} if isinstance(params, dict) else {}
    for text in (gettext(msg), msg):  # a translation that lost a placeholder falls back to the message id
        try:
            return text % values if values else text
        except (KeyError, ValueError, TypeError):
            continue
    return msg


def system_lines(event: MissionEvent) -> list[str]:
    """The entry's system lines in the active language (none for an entry recorded before they existed)."""
    lines = (event.data or {}).get("system") if isinstance(event.data, dict) else None
    if not isinstance(lines, list):
        return []
    return [text for text in (render(line) for line in lines) if text]


def event_text(event: MissionEvent) -> str:
    """Everything the entry says, in the active language: its system lines, then the comment someone wrote.
    Unfiltered: pages and the API read :func:`missions.selectors.disclose_event`'s ``shown_comment`` instead."""
    return "\n".join(part for part in [*system_lines(event), event.comment] if part)
