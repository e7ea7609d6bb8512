"""Choices shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat staff")
    ROCB = "rocb", _("ROCB officer")
    MEMBER = "member", _("Member administration")
    EXPERT = "expert", _("Expert")
    API_CLIENT = "api_client", _("Read-only API client")


class Gender(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other / not stated")


class LanguageLevel(models.TextChoices):
    NATIVE = "native", _("Native")
    FLUENT = "fluent", _("Fluent")
    WORKING = "working", _("Working knowledge")
    BASIC = "basic", _("Basic")


class FundingKind(models.TextChoices):
    WCO = "wco", _("WCO")
    DONOR = "donor", _("Donor project")
    BENEFICIARY = "beneficiary", _("Beneficiary administration")
    HOME = "home", _("Home administration")
