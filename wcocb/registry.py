"""One registry of the named stores through which apps plug into each other.

``wcocb`` declares the stores every app may fill (the menu, the home inbox, the callbacks on shared
records); an app declares in its ``hooks.py`` the stores it offers others (the experts app: sections of
the expert page, gap-analysis need sources; the missions app: close checks) and fills other apps'
stores from ``contrib/<other app>.py``, which :class:`wcocb.apps.DomainAppConfig` imports at start-up.
No app imports another at module level to register, and no list of providers is written by hand::

    # experts/hooks.py
    need_sources = registry.declare("experts.need_sources", "source(*, as_of) -> {(region, area): n}")

    # missions/contrib/experts.py
    @need_sources.add
    def open_request_needs(*, as_of): ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class Store:
    """An ordered set of registered items (callables or records); adding one twice keeps one."""

    def __init__(self, name: str, doc: str = "") -> None:
        self.name = name
        self.doc = doc
        self.items: list[Any] = []

    def add(self, item: Any) -> Any:
        """Register ``item`` (usable as a decorator); returns it unchanged."""
        if item not in self.items:
            self.items.append(item)
        return item

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, item: object) -> bool:
        return item in self.items

    @contextmanager
    def replaced(self, items: list[Any]) -> Iterator[Store]:
        """Run a block with other items (tests), then restore the registered ones."""
        saved = self.items
        self.items = list(items)
        try:
            yield self
        finally:
            self.items = saved

    def __repr__(self) -> str:
        return f"<Store {self.name}: {len(self.items)} items>"


class Registry:
    def __init__(self) -> None:
        self._stores: dict[str, Store] = {}

    def declare(self, name: str, doc: str = "") -> Store:
        """The store called ``name``, created on first declaration (declaring again returns it)."""
        if name not in self._stores:
            self._stores[name] = Store(name, doc)
        return self._stores[name]

    def __getitem__(self, name: str) -> Store:
        return self._stores[name]

    def names(self) -> list[str]:
        return sorted(self._stores)


registry = Registry()

#: ``MenuItem`` entries of the navigation bar (:mod:`wcocb.navigation`).
menu = registry.declare("menu", "navigation.MenuItem entries of the navigation bar")
#: ``MenuGroup`` headings: an app's several menu entries folded under one dropdown, keyed by URL namespace.
menu_groups = registry.declare("menu_groups", "navigation.MenuGroupHeading(namespace, label, icon)")
#: ``provider(user) -> list[InboxEntry]`` of the home page's "waiting for you" panel.
inbox = registry.declare("inbox", "provider(user) -> list[navigation.InboxEntry]")
#: ``callback(administration)`` after a member administration moved to another region.
administration_moved = registry.declare("administration_moved", "callback(administration)")
#: ``callback(person)`` after a person record changed.
person_changed = registry.declare("person_changed", "callback(person)")
#: ``listener(*, user, obj, events, path)`` after ``user`` was shown the change history of ``obj`` (its
#: audit ``events``; for a deleted record, ``obj`` is an unsaved stand-in with only its key), e.g. integrity logs
#: a read of an administration's record from outside it.
history_read = registry.declare("history_read", "listener(*, user, obj, events, path) after a history page")
#: ``section(context) -> dict | None``: one section of a report run's figures (the ``reports`` app runs them;
#: ``context`` has ``period_start``, ``period_end``, ``previous_start``, ``previous_end``, ``as_of``, ``region``
#: and ``administration`` (the scope, ``None`` for all) and ``in_scope(queryset, region=..., administration=...)``).
#: Every count is an SQL aggregate; an app fills it from its ``contrib/wcocb.py`` or the reports app for it.
report_sections = registry.declare("report_sections", "section(context) -> reports section dict | None")


def call_each(store: Store, *args: Any, **kwargs: Any) -> list[Any]:
    """Call every callable of ``store`` with the same arguments; their results in order."""
    results = []
    for item in store:
        function: Callable[..., Any] = item
        results.append(function(*args, **kwargs))
    return results
