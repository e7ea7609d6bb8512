from django.utils.translation import gettext_lazy as _

from wcocb.apps import DomainAppConfig


class MissionsConfig(DomainAppConfig):
    name = "missions"
    default = True
    verbose_name = _("Missions")
    menu_group = (_("Missions"), "briefcase")

    def register(self) -> None:
        from missions.hooks import close_checks
        from missions.services.reports import report_close_check
        from wcocb import navigation
        from wcocb.choices import Role

        close_checks.add(report_close_check)
        navigation.menu(
            navigation.MenuItem(
                _("Missions"),
                "missions:request-list",
                "briefcase",
                frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER}),
                order=30,
            )
        )
        navigation.menu(
            navigation.MenuItem(
                _("Pipeline"), "missions:pipeline", "kanban", frozenset({Role.SECRETARIAT, Role.ROCB}), order=31
            )
        )
        navigation.menu(
            navigation.MenuItem(
                _("Release requests"),
                "missions:letter-list",
                "envelope-paper",
                frozenset({Role.SECRETARIAT, Role.MEMBER}),
                order=32,
            )
        )
        navigation.menu(
            navigation.MenuItem(
                _("My missions"), "missions:my-missions", "briefcase", frozenset({Role.EXPERT}), order=33
            )
        )
        navigation.menu(
            navigation.MenuItem(
                _("Mission costs"), "missions:rates", "cash-coin", frozenset({Role.SECRETARIAT}), order=34
            )
        )
