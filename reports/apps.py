from django.utils.translation import gettext_lazy as _

from wcocb.apps import DomainAppConfig


class ReportsConfig(DomainAppConfig):
    name = "reports"
    default = True
    verbose_name = _("Reports")
    menu_group = (_("Reports"), "bar-chart")

    def register(self) -> None:
        from reports import sections
        from reports.rules import REPORT_ROLES
        from wcocb import navigation
        from wcocb.choices import Role

        sections.register()
        for label, url_name, icon, order in (
            (_("Dashboard"), "reports:dashboard", "speedometer2", 60),
            (_("Report runs"), "reports:run-list", "bar-chart", 61),
            (_("Compare snapshots"), "reports:compare", "arrow-left-right", 62),
        ):
            navigation.menu(navigation.MenuItem(label, url_name, icon, REPORT_ROLES, order=order))
        navigation.menu(
            navigation.MenuItem(
                _("Import historic missions"), "reports:history-import", "upload", frozenset({Role.SECRETARIAT}),
                order=63,
            )
        )  # fmt: skip
