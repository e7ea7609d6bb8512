from __future__ import annotations

import pkgutil
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import AppConfig
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def discover(module: str) -> list[tuple[str, ModuleType]]:
    """``(app, <app>.<module>)`` for each domain app (``settings.DOMAIN_APPS``) that has the module."""
    found = []
    for app in settings.DOMAIN_APPS:
        name = f"{app}.{module}"
        try:
            spec = find_spec(name)
        except ModuleNotFoundError:  # a parent package (e.g. <app>.api) is missing
            spec = None
        if spec is not None:
            found.append((app, import_module(name)))
    return found


class DomainAppConfig(AppConfig):
    """The start-up of a domain app: its menu dropdown, then :meth:`register` (menu entries and inbox
    providers), then each ``<app>/contrib/<other>.py`` whose other app is installed (what the app plugs
    into the other app's hooks). Nothing else happens at start-up."""

    #: Not an app of its own: each domain app's config subclasses it and says ``default = True``.
    default = False
    #: ``(label, icon)`` of the dropdown that gathers the app's menu entries, or ``None``.
    menu_group: tuple[str | Promise, str] | None = None

    def ready(self) -> None:
        from wcocb import navigation

        if self.menu_group:
            navigation.group(self.label, *self.menu_group)
        self.register()
        for other in self.contrib_modules():
            import_module(f"{self.name}.contrib.{other}")

    def register(self) -> None:
        """Menu entries and inbox providers (subclasses)."""

    def contrib_modules(self) -> list[str]:
        try:
            package = import_module(f"{self.name}.contrib")
        except ModuleNotFoundError as exc:
            if exc.name != f"{self.name}.contrib":
                raise
            return []
        installed = {"wcocb", *settings.DOMAIN_APPS}
        return [info.name for info in pkgutil.iter_modules(package.__path__) if info.name in installed]


class WcocbConfig(AppConfig):
    name = "wcocb"
    verbose_name = _("WCO Capacity Building")

    def ready(self) -> None:
        from wcocb import navigation
        from wcocb.choices import Role

        everyone = frozenset(Role.values)
        navigation.menu(navigation.MenuItem(_("Home"), "home", "house", everyone, order=0))
        navigation.menu(
            navigation.MenuItem(
                _("Members"), "member-list", "globe", frozenset({Role.SECRETARIAT, Role.ROCB}), order=80
            )
        )
        navigation.menu(
            navigation.MenuItem(
                _("Reference data"), "reference-index", "journal-text", frozenset({Role.SECRETARIAT}), order=85
            )
        )
        navigation.menu(navigation.MenuItem(_("API"), "swagger-ui", "braces", everyone, order=90))
        navigation.menu(
            navigation.MenuItem(_("Admin"), "admin:index", "gear", frozenset(), order=99, superuser_only=True)
        )
