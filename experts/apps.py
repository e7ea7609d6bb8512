from django.utils.translation import gettext_lazy as _

from wcocb.apps import DomainAppConfig


class ExpertsConfig(DomainAppConfig):
    name = "experts"
    default = True
    verbose_name = _("Experts")
    menu_group = (_("Experts"), "people")

    def register(self) -> None:
        from experts.hooks import need_sources
        from experts.selectors.gap import survey_needs
        from wcocb import navigation
        from wcocb.choices import Role

        need_sources.add(survey_needs)
        staff = frozenset({Role.SECRETARIAT, Role.ROCB})
        for label, url_name, icon, roles, order in (
            (_("Experts"), "experts:search", "people", staff | {Role.MEMBER}, 10),
            (_("My expert profile"), "experts:my-profile", "person-badge", frozenset({Role.EXPERT}), 10),
            (_("Accreditation workshops"), "experts:workshop-list", "mortarboard", staff, 15),
            (_("Candidate lists"), "experts:candidate-list", "list-check", staff | {Role.MEMBER}, 16),
            (_("Gap analysis"), "experts:gap-analysis", "grid-3x3", staff, 17),
            (_("Import experts"), "experts:import", "upload", frozenset({Role.SECRETARIAT}), 18),
        ):
            navigation.menu(navigation.MenuItem(label, url_name, icon, roles, order=order))
