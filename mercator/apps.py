from django.utils.translation import gettext_lazy as _

from wcocb.apps import DomainAppConfig


class MercatorConfig(DomainAppConfig):
    name = "mercator"
    default = True
    verbose_name = _("Mercator Programme")
    menu_group = (_("Mercator"), "globe2")

    def register(self) -> None:
        from wcocb import navigation
        from wcocb.choices import Role

        everyone = frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER, Role.EXPERT})
        navigation.menu(
            navigation.MenuItem(_("Programme overview"), "mercator:overview", "globe2", everyone, order=40)
        )
        navigation.menu(
            navigation.MenuItem(_("Implementation plans"), "mercator:plan-list", "kanban", everyone, order=41)
        )
        navigation.menu(
            navigation.MenuItem(
                _("TFA implementation matrix"),
                "mercator:matrix",
                "grid-3x3",
                frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER}),
                order=42,
            )
        )
