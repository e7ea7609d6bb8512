from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("Experts")

    def ready(self) -> None:
        from experts import (
            inbox,  # noqa: F401  (menu entries and home-inbox providers)
            services,
        )
        from wcocb import services as shared

        shared.on_person_changed(services.expert_person_changed)
        shared.on_administration_moved(services.expert_administration_moved)
