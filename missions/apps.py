from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "missions"
    verbose_name = _("Missions")

    def ready(self) -> None:
        # admin_costs: cost table admin; notifications: event mail; reports: the report close check
        from experts.gap import register_need_source
        from missions import admin_costs, inbox, notifications, reports  # noqa: F401
        from missions.gap_sources import open_request_needs

        register_need_source(open_request_needs)
        from experts.sections import register_detail_section
        from missions.expert_sections import expert_assignments

        register_detail_section(expert_assignments)
        from wcocb import navigation
        from wcocb.choices import Role

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
                _("Mission costs"), "missions_extra:rates", "cash-coin", frozenset({Role.SECRETARIAT}), order=34
            )
        )
        for provider in (inbox.secretariat_inbox, inbox.rocb_inbox, inbox.member_inbox, inbox.expert_inbox):
            navigation.inbox(provider)
