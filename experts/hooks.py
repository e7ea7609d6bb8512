"""What the experts app offers other apps: sections of the expert detail page and gap-analysis need
sources (stores of :mod:`wcocb.registry`, filled from the other apps' ``contrib/experts.py``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from wcocb.registry import registry

NeedCounts = dict[tuple[str, int], int]
NeedSource = Callable[..., NeedCounts]


@dataclass(frozen=True)
class DetailSection:
    title: str | Promise
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


#: ``provider(expert, user) -> DetailSection | None``: built from what ``user`` may see (``None``: nothing).
detail_sections = registry.declare("experts.detail_sections", "provider(expert, user) -> DetailSection | None")

#: ``source(*, as_of: date) -> {(region_code, area_id): count}``: where the gap analysis's need comes from.
need_sources = registry.declare("experts.need_sources", "source(*, as_of) -> {(region_code, area_id): count}")


def sections_for(expert, user) -> list[DetailSection]:
    sections = [section for provider in detail_sections if (section := provider(expert, user)) is not None]
    return sorted(sections, key=lambda section: section.order)


def needs_as_of(as_of: datetime.date) -> list[NeedCounts]:
    return [source(as_of=as_of) for source in need_sources]
