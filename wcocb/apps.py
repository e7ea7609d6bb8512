from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WcocbConfig(AppConfig):
    name = "wcocb"
    verbose_name = _("WCO Capacity Building")

    def ready(self) -> None:
        from wcocb import navigation
        from wcocb.choices import Role

        navigation.group("experts", _("Experts"), "people")
        navigation.group("missions", _("Missions"), "briefcase")
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
