from django.utils.translation import gettext_lazy as _

from wcocb.apps import DomainAppConfig


class TrainingConfig(DomainAppConfig):
    name = "training"
    default = True
    verbose_name = _("Training")
    menu_group = (_("Training"), "mortarboard")

    def register(self) -> None:
        from wcocb import navigation
        from wcocb.choices import Role

        everyone = frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER, Role.EXPERT})
        for label, url_name, icon, roles, order in (
            (_("Programmes"), "training:programme-list", "mortarboard", everyone, 40),
            (_("Sessions"), "training:session-list", "calendar3", everyone, 41),
            (_("Participants"), "training:participant-list", "people", everyone - {Role.EXPERT}, 42),
            (_("My training"), "training:mine", "award", frozenset({Role.EXPERT}), 43),
            (_("Import e-learning completions"), "training:import", "upload", frozenset({Role.SECRETARIAT}), 44),
            (_("Verify a certificate"), "training:verify", "patch-check", everyone, 45),
        ):
            navigation.menu(navigation.MenuItem(label, url_name, icon, roles, order=order))
