"""Sections that other apps add to the expert detail page, without the experts app importing them.

An app registers a provider in its ``AppConfig.ready()`` (as missions does for its assignments,
beside its gap-analysis need source): ``provider(expert, user)`` returns a :class:`DetailSection`
built from what ``user`` may see, or ``None`` to show nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class DetailSection:
    title: str | Promise
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


SectionProvider = Callable[..., "DetailSection | None"]

#: The registered providers, called in order for each detail page.
DETAIL_SECTIONS: list[SectionProvider] = []


def register_detail_section(provider: SectionProvider) -> SectionProvider:
    if provider not in DETAIL_SECTIONS:
        DETAIL_SECTIONS.append(provider)
    return provider


def detail_sections(expert, user) -> list[DetailSection]:
    sections = [section for provider in DETAIL_SECTIONS if (section := provider(expert, user)) is not None]
    return sorted(sections, key=lambda section: section.order)
