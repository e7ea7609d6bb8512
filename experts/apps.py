from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: Names of this app's enums in the OpenAPI schema (several apps have a "kind" or "status").
SCHEMA_ENUMS = {
    "ExpertKindEnum": "experts.choices.ExpertKind",
    "AccreditationStageEnum": "experts.choices.Stage",
    "ExpertiseCategoryEnum": "experts.choices.Category",
    "WorkshopKindEnum": "experts.choices.WorkshopKind",
    "WorkshopResultEnum": "experts.choices.WorkshopResult",
    "DeploymentSourceEnum": "experts.choices.DeploymentSource",
    "NominationStatusEnum": "experts.choices.NominationStatus",
}


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("Experts")

    def ready(self) -> None:
        from django.conf import settings

        overrides = settings.SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})
        for name, path in SCHEMA_ENUMS.items():
            overrides.setdefault(name, path)
        from experts import inbox  # noqa: F401  (menu entries and home-inbox providers)
