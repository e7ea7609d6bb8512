"""Shared models: users and roles, WCO reference data, and the person record every app reuses."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from wcocb.audit import audited
from wcocb.choices import FundingKind, Gender, Role
from wcocb.importing.models import ImportJob as ImportJob  # the import jobs are wcocb's models
from wcocb.scoping import ScopePolicy

REFERENCE = ScopePolicy(public=True)


CODE_VALIDATOR = RegexValidator(
    r"^[A-Z0-9][A-Z0-9_-]*$", _("Use capital letters, digits, hyphens and underscores, e.g. CCF-JP.")
)


class TimeStampedModel(models.Model):
    """Abstract base: when a row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class MultilingualName(models.Model):
    """Abstract base: a name in English, French and Spanish; ``name`` follows the active language."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "en")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en


@audited()
class Region(MultilingualName):
    """One of the six WCO regions (A/P, AMS, ESA, EUR, MENA, WCA)."""

    scope = REFERENCE

    code = models.CharField(
        _("code"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2,8}$", _("Use 2 to 8 capital letters, e.g. AP or MENA."))],
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("WCO region")
        verbose_name_plural = _("WCO regions")
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^[A-Z]{2,8}$"), name="region_code_format")]


@audited()
class MemberAdministration(MultilingualName):
    """A WCO member: the Customs administration of a country or territory."""

    scope = REFERENCE

    iso_code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use the two capital letters of ISO 3166, e.g. TH."))],
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="members", verbose_name=_("region"))
    is_active = models.BooleanField(_("active member"), default=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("member administration")
        verbose_name_plural = _("member administrations")
        constraints = [
            models.CheckConstraint(condition=Q(iso_code__regex=r"^[A-Z]{2}$"), name="member_iso_code_format")
        ]


@audited()
class ROCB(TimeStampedModel):
    """Regional Office for Capacity Building: one per region, hosted by a member."""

    scope = REFERENCE

    region = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="rocb", verbose_name=_("region"))
    host = models.ForeignKey(MemberAdministration, on_delete=models.PROTECT, verbose_name=_("host administration"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["region__code"]
        verbose_name = _("ROCB")
        verbose_name_plural = _("ROCBs")

    def __str__(self) -> str:
        return f"ROCB {self.region.code} ({self.host.name})"


@audited()
class RTC(TimeStampedModel):
    """Regional Training Centre, hosted by a member, a centre of excellence in some areas."""

    scope = REFERENCE

    name = models.CharField(_("name"), max_length=200)
    host = models.ForeignKey(
        MemberAdministration, on_delete=models.PROTECT, related_name="rtcs", verbose_name=_("host administration")
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    areas_of_excellence = ArrayField(
        models.CharField(max_length=100), default=list, blank=True, verbose_name=_("areas of excellence")
    )

    class Meta:
        ordering = ["host__name_en", "name"]
        verbose_name = _("RTC")
        verbose_name_plural = _("RTCs")

    def __str__(self) -> str:
        return self.name


@audited()
class Language(MultilingualName):
    """A working language (ISO 639-1 code)."""

    scope = REFERENCE

    code = models.CharField(
        _("code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[a-z]{2,3}$", _("Use the ISO 639 code in small letters, e.g. en or fr."))],
    )
    is_official = models.BooleanField(_("WCO official language"), default=False)

    class Meta:
        ordering = ["-is_official", "name_en"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")


@audited()
class Donor(TimeStampedModel):
    """A donor or partner that finances capacity building (CCF contributor, agency, organisation)."""

    scope = REFERENCE

    code = models.CharField(_("code"), max_length=20, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        MemberAdministration, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("country")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self) -> str:
        return self.name


@audited()
class FundingSource(TimeStampedModel):
    """Who pays: WCO's budget, a donor project or fund, the beneficiary or the home administration."""

    scope = REFERENCE

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=FundingKind.choices)
    donor = models.ForeignKey(Donor, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("donor"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=FundingKind.DONOR, donor__isnull=False) | ~Q(kind=FundingKind.DONOR),
                name="funding_donor_kind_needs_donor",
                violation_error_message=_("A donor funding source must name its donor."),
            )
        ]

    def __str__(self) -> str:
        # The seeded names are in the catalogues (wcocb.reference.FUNDING_NAMES): shown in the active language.
        return gettext(self.name) if self.name else ""


@audited(exclude=["password", "last_login"])
class User(AbstractUser):
    """A login. Its role and scope (region or administration) decide what it may see and do."""

    # The least-privileged default: a login created without a role (createsuperuser aside) sees nothing until
    # the Secretariat gives it one.
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EXPERT, db_index=True)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="users", verbose_name=_("region")
    )
    administration = models.ForeignKey(
        MemberAdministration,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("administration"),
    )
    preferred_language = models.CharField(_("preferred language"), max_length=5, blank=True)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.ROCB) | Q(region__isnull=False),
                name="user_rocb_has_region",
                violation_error_message=_("An ROCB officer must belong to a region."),
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.MEMBER) | Q(administration__isnull=False),
                name="user_member_has_administration",
                violation_error_message=_("A member administration user must belong to an administration."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        # Every door that changes a password (the password change and reset pages, the admin, set_password
        # in a command) or deactivates the login ends here: its API tokens stop working with it.
        password_changed = self._password is not None
        super().save(*args, **kwargs)
        if password_changed or not self.is_active:
            from rest_framework.authtoken.models import Token

            self.api_tokens.all().delete()
            Token.objects.filter(user=self).delete()

    @property
    def is_secretariat(self) -> bool:
        from wcocb.rules import is_secretariat

        return is_secretariat(self)

    @property
    def is_rocb(self) -> bool:
        return self.role == Role.ROCB

    @property
    def is_member(self) -> bool:
        return self.role == Role.MEMBER

    @property
    def is_expert(self) -> bool:
        return self.role == Role.EXPERT

    @property
    def is_api_client(self) -> bool:
        return self.role == Role.API_CLIENT


@audited()
class Person(TimeStampedModel):
    """A human being known to the platform: an expert, a trainee, a contact point.

    One record per person, reused by every app (the officer accredited as an expert today may be a
    Fellowship participant tomorrow)."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    nationality = models.CharField(_("nationality (ISO code)"), max_length=2, blank=True)
    administration = models.ForeignKey(
        MemberAdministration,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("home administration"),
    )
    current_post = models.CharField(_("current post"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="person", verbose_name=_("login")
    )

    scope = ScopePolicy(administration="administration", owner="user", rocb="all")

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@audited(exclude=["digest", "last_used"])
class ApiToken(models.Model):
    """An API key of one user (``Authorization: Token <key>``). Only a digest of the key is stored: the
    key is shown once, when it is issued. It expires, is revoked with a password change or the
    deactivation of its user, and the user sees and revokes theirs (account page, ``/api/v1/auth/tokens/``)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("begins with"), max_length=8, help_text=_("To tell your tokens apart."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateTimeField(_("expires"), db_index=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    scope = ScopePolicy(owner="user", rocb="none", api_client=False)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires <= timezone.now()


def history_url(obj: models.Model) -> str:
    return reverse("history", kwargs={"model": obj._meta.label_lower, "pk": obj.pk})
