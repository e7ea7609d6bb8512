from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("Experts")

    def ready(self) -> None:
        from experts import inbox  # noqa: F401  (menu entries and home-inbox providers)
