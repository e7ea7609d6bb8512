"""Navigation and the home page's "waiting for you" panel, contributed by each app.

An app registers menu entries with :func:`menu` and inbox providers with :func:`inbox` in its
``AppConfig.ready()``; the shell draws only what the user's role may use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    icon: str
    roles: frozenset[str]
    order: int = 100
    superuser_only: bool = False


@dataclass(frozen=True)
class InboxEntry:
    """One thing waiting for the user: a title, how many, and where to act."""

    title: str | Promise
    count: int
    url: str
    icon: str = "inbox"
    tone: str = "primary"
    detail: str | Promise = ""


@dataclass
class _Registry:
    menu: list[MenuItem] = field(default_factory=list)
    inbox: list[Callable] = field(default_factory=list)


registry = _Registry()


def menu(item: MenuItem) -> None:
    if item not in registry.menu:
        registry.menu.append(item)


def inbox(provider: Callable) -> Callable:
    """Register ``provider(user) -> list[InboxEntry]``."""
    if provider not in registry.inbox:
        registry.inbox.append(provider)
    return provider


def menu_for(user) -> list[MenuItem]:
    if not user.is_authenticated:
        return []
    items = [
        item
        for item in registry.menu
        if (user.is_superuser or user.role in item.roles) and (not item.superuser_only or user.is_superuser)
    ]
    return sorted(items, key=lambda item: item.order)


def inbox_for(user) -> list[InboxEntry]:
    entries: list[InboxEntry] = []
    for provider in registry.inbox:
        entries.extend(provider(user))
    return entries
