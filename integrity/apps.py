from django.utils.translation import gettext_lazy as _

from wcocb.apps import DomainAppConfig


class IntegrityConfig(DomainAppConfig):
    name = "integrity"
    default = True
    verbose_name = _("Integrity")
    menu_group = (_("Integrity"), "shield-check")

    def register(self) -> None:
        from wcocb import navigation
        from wcocb.choices import Role

        navigation.menu(
            navigation.MenuItem(
                _("Integrity home"),
                "integrity:home",
                "shield-check",
                frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER}),
                order=50,
            )
        )
        navigation.menu(
            navigation.MenuItem(
                _("Self-assessments"),
                "integrity:assessment-list",
                "clipboard-check",
                frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER}),
                order=51,
            )
        )
        navigation.menu(
            navigation.MenuItem(
                _("Action plans"),
                "integrity:plan-list",
                "kanban",
                frozenset({Role.SECRETARIAT, Role.MEMBER}),
                order=52,
            )
        )
        navigation.menu(
            navigation.MenuItem(
                _("Risk map"), "integrity:risk-map", "grid-3x3", frozenset({Role.SECRETARIAT, Role.MEMBER}), order=53
            )
        )
        navigation.menu(
            navigation.MenuItem(
                _("Who read our records"),
                "integrity:read-log",
                "eye",
                frozenset({Role.SECRETARIAT, Role.MEMBER}),
                order=54,
            )
        )
