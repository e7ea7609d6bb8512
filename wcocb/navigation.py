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


@dataclass(frozen=True)
class MenuGroup:
    """Items of one app shown as a dropdown (or as a plain link when there is only one)."""

    label: str | Promise
    icon: str
    items: tuple[MenuItem, ...]


#: Apps whose several menu items are gathered under one dropdown, by the URL namespace prefix.
GROUPS: dict[str, tuple[str | Promise, str]] = {}


def group(namespace: str, label: str | Promise, icon: str) -> None:
    GROUPS[namespace] = (label, icon)


def menu_groups_for(user) -> list[MenuItem | MenuGroup]:
    """The user's menu with each app's items folded into a dropdown, in menu order."""
    entries: list[MenuItem | MenuGroup] = []
    folded: dict[str, list[MenuItem]] = {}
    for item in menu_for(user):
        namespace = item.url_name.split(":", 1)[0].split("_", 1)[0] if ":" in item.url_name else ""
        if namespace in GROUPS:
            if namespace not in folded:
                folded[namespace] = []
                entries.append(namespace)  # placeholder keeps the group where its first item stood
            folded[namespace].append(item)
        else:
            entries.append(item)
    result: list[MenuItem | MenuGroup] = []
    for entry in entries:
        if isinstance(entry, str):
            items = folded[entry]
            label, icon = GROUPS[entry]
            result.append(items[0] if len(items) == 1 else MenuGroup(label, icon, tuple(items)))
        else:
            result.append(entry)
    return result


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
