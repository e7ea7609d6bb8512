"""A record's change history as people read it: each changed field by its verbose name, each value as shown
elsewhere (the related record's name, the choice's label, a date in the active language's format, yes/no, a
file's name), never internal ids or storage paths."""

from __future__ import annotations

import datetime
from collections import defaultdict
from pathlib import PurePosixPath

from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

#: Bookkeeping columns that say nothing to a reader.
NOT_SHOWN = frozenset({"updated_at", "search_vector", "search_name", "search_tags"})


def _fields(model: type[models.Model]) -> dict[str, models.Field]:
    fields: dict[str, models.Field] = {}
    for field in model._meta.concrete_fields:
        fields[field.name] = field
        fields[field.attname] = field
    return fields


def _related_names(model: type[models.Model], events) -> dict[type[models.Model], dict]:
    """The names of every related record the events mention, one query per related model."""
    fields = _fields(model)
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for event in events:
        for name, change in (event.pgh_diff or {}).items():
            field = fields.get(name)
            if field is not None and field.is_relation and field.related_model is not None:
                wanted[field.related_model] |= {value for value in change if isinstance(value, (int, str))}
    names = {}
    for related, keys in wanted.items():
        try:
            names[related] = {str(pk): str(obj) for pk, obj in related._default_manager.in_bulk(list(keys)).items()}
        except (ValueError, TypeError):
            names[related] = {}
    return names


def readable_value(field: models.Field | None, value, names: dict) -> str | None:
    if value is None or value == "":
        return None
    if field is None:
        return str(value)
    if field.is_relation and field.related_model is not None:
        return names.get(field.related_model, {}).get(str(value)) or str(_("a record since deleted"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(value))
        if moment is None:
            return str(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        day = value if isinstance(value, datetime.date) else parse_date(str(value))
        return formats.date_format(day, "SHORT_DATE_FORMAT") if day else str(value)
    if isinstance(field, models.FileField):
        return PurePosixPath(str(value)).name
    if isinstance(value, (list, dict)):
        return (
            ", ".join(map(str, value)) if isinstance(value, list) else ", ".join(f"{k}: {v}" for k, v in value.items())
        )
    return str(value)


def readable_changes(model: type[models.Model], events, hidden: set[str], hidden_text) -> None:
    """Set ``event.changes`` to ``[(label, before, after)]`` on each event, from its ``pgh_diff``; a hidden
    field's values read ``hidden_text``."""
    fields = _fields(model)
    names = _related_names(model, events)
    for event in events:
        changes = []
        for name, (before, after) in (event.pgh_diff or {}).items():
            if name in NOT_SHOWN:
                continue
            field = fields.get(name)
            label = capfirst(field.verbose_name) if field is not None else name
            if name in hidden or (field is not None and (field.name in hidden or field.attname in hidden)):
                changes.append((label, hidden_text, hidden_text))
                continue
            changes.append((label, readable_value(field, before, names), readable_value(field, after, names)))
        event.changes = changes
