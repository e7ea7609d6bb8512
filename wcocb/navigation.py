"""Navigation and the home page's "waiting for you" panel, contributed by each app.

An app registers menu entries with :func:`menu`, its dropdown with :func:`group` and inbox providers
with :func:`inbox` in its ``AppConfig.ready()`` (they fill the stores of :mod:`wcocb.registry`); the shell
draws only what the user's role may use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.functional import Promise

from wcocb import registry


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


@dataclass(frozen=True)
class Card:
    """A home card before it is counted: the list parameters it opens, and how it looks."""

    title: str | Promise
    params: dict[str, str | list[str]]
    icon: str = "inbox"
    tone: str = "primary"
    detail: str | Promise = ""


def list_cards(
    cards: list[Card], *, url: str, queryset: QuerySet, filterset_class: type | None = None
) -> list[InboxEntry]:
    """The cards opening the list at ``url``, each counted by that same list: ``queryset`` is the list view's
    own queryset and ``filterset_class`` its FilterSet (if any), applied to each card's ``params``, so the
    number on a card is the number of rows the list shows. One query for all the cards; no card for an empty
    list."""
    if not cards:
        return []
    from django.db.models import Count, Q

    counted = []
    for card in cards:
        data = QueryDict(mutable=True)
        for key, value in card.params.items():
            data.setlist(key, [str(item) for item in value] if isinstance(value, list) else [str(value)])
        rows = filterset_class(data, queryset=queryset).qs if filterset_class else queryset
        counted.append((card, data, Q(pk__in=rows.order_by().values("pk"))))
    counts = queryset.order_by().aggregate(
        **{f"card{index}": Count("pk", filter=condition) for index, (_card, _data, condition) in enumerate(counted)}
    )
    return [
        InboxEntry(
            title=card.title,
            count=counts[f"card{index}"],
            url=f"{url}?{data.urlencode()}" if data else url,
            icon=card.icon,
            tone=card.tone,
            detail=card.detail,
        )
        for index, (card, data, _condition) in enumerate(counted)
        if counts[f"card{index}"]
    ]


def menu(item: MenuItem) -> MenuItem:
    """Add a navigation entry (in ``AppConfig.ready()``)."""
    return registry.menu.add(item)


def inbox(provider: Callable) -> Callable:
    """Register ``provider(user) -> list[InboxEntry]`` (usable as a decorator)."""
    return registry.inbox.add(provider)


@dataclass(frozen=True)
class MenuGroup:
    """Items of one app shown as a dropdown (or as a plain link when there is only one)."""

    label: str | Promise
    icon: str
    items: tuple[MenuItem, ...]


@dataclass(frozen=True)
class MenuGroupHeading:
    """The dropdown heading of the menu entries whose URL names live in ``namespace``."""

    namespace: str
    label: str | Promise
    icon: str


def group(namespace: str, label: str | Promise, icon: str) -> None:
    """Fold an app's menu entries (URL names ``<namespace>:...``) under one dropdown."""
    registry.menu_groups.add(MenuGroupHeading(namespace, label, icon))


def menu_groups_for(user) -> list[MenuItem | MenuGroup]:
    """The user's menu with each app's items folded into a dropdown, in menu order."""
    headings = {heading.namespace: heading for heading in registry.menu_groups}
    entries: list[MenuItem | str] = []
    folded: dict[str, list[MenuItem]] = {}
    for item in menu_for(user):
        namespace = item.url_name.split(":", 1)[0] if ":" in item.url_name else ""
        if namespace in headings:
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
            heading = headings[entry]
            result.append(items[0] if len(items) == 1 else MenuGroup(heading.label, heading.icon, tuple(items)))
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
