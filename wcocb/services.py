"""Writes of the shared records (member administrations, people) that other apps keep data about.

Apps that keep denormalised copies (the experts app's search columns: name, home region) register
a callback here in their ``AppConfig.ready()``; the callbacks run inside the same transaction, so
they may also refuse the change (raise ``ValidationError`` or ``DomainError``) and nothing is written.
Every door (pages, API, admin) calls these services, so no edit leaves those copies stale."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wcocb import registry
from wcocb.errors import ConflictError, ForbiddenError
from wcocb.models import ApiToken, MemberAdministration, Person, User
from wcocb.rules import is_secretariat

MEMBER_FIELDS = ("iso_code", "name_en", "name_fr", "name_es", "region", "is_active")
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "gender",
    "nationality",
    "administration",
    "current_post",
    "email",
    "phone",
    "user",
)
#: The person's own details (everything but the login link, which only the Secretariat sets).
PROFILE_FIELDS = tuple(name for name in PERSON_FIELDS if name != "user")


def on_administration_moved(callback: Callable[[MemberAdministration], None]) -> Callable:
    """Call ``callback(administration)`` after a member administration moved to another region."""
    return registry.administration_moved.add(callback)


def on_person_changed(callback: Callable[[Person], None]) -> Callable:
    """Call ``callback(person)`` after a person record changed."""
    return registry.person_changed.add(callback)


def _check_fields(fields: dict[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown {what} fields: {', '.join(sorted(unknown))}")


@transaction.atomic
def member_administration_update(
    *, administration: MemberAdministration, by: User | None, **fields: Any
) -> MemberAdministration:
    """Change a member administration (Secretariat). A move to another region tells the apps that
    file records under the administration's region (the experts' region filter)."""
    _check_fields(fields, MEMBER_FIELDS, "member administration")
    if not is_secretariat(by):
        raise ForbiddenError(_("Only the Secretariat keeps the member administrations."))
    administration = MemberAdministration.objects.select_for_update().get(pk=administration.pk)
    old_region_id = administration.region_id
    for key, value in fields.items():
        setattr(administration, key, value)
    administration.full_clean()
    administration.save()
    if administration.region_id != old_region_id:
        for callback in registry.administration_moved:
            callback(administration)
    return administration


@transaction.atomic
def person_update(*, person: Person, by: User | None, **fields: Any) -> Person:
    """Change a person record; the apps that keep data about the person are told (an expert's
    search name and home region)."""
    _check_fields(fields, PERSON_FIELDS, "person")
    person = Person.objects.select_for_update().get(pk=person.pk)
    for key, value in fields.items():
        setattr(person, key, value)
    person.full_clean()
    person.save()
    for callback in registry.person_changed:
        callback(person)
    return person


@transaction.atomic
def reference_record_save(*, record: Model, by: User) -> Model:
    """Create or change one reference record (region, ROCB, RTC, language, donor, funding source):
    the model's rules are checked again here, whatever door the change came through; the audit
    triggers keep who changed what. Member administrations go through
    :func:`member_administration_update` (their region feeds other apps)."""
    if not is_secretariat(by):
        raise ForbiddenError(_("Only the Secretariat keeps the reference data."))
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def reference_record_delete(*, record: Model, by: User) -> None:
    """Delete one reference record (Secretariat); a record still in use is refused, not cascaded."""
    if not is_secretariat(by):
        raise ForbiddenError(_("Only the Secretariat keeps the reference data."))
    try:
        with transaction.atomic():
            record.delete()
    except ProtectedError as exc:
        raise ConflictError(_("%(record)s is still in use and cannot be deleted.") % {"record": record}) from exc


# --- API tokens ------------------------------------------------------------------------------------
def _token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_find(key: str) -> ApiToken | None:
    """The token whose key is ``key`` (compared by digest), with its user; ``None`` when unknown."""
    if not key or len(key) > 200:
        return None
    return ApiToken.objects.select_related("user").filter(digest=_token_digest(key)).first()


@transaction.atomic
def api_token_issue(*, user: User, by: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user`` (only the user themselves, or the Secretariat), valid for
    ``settings.API_TOKEN_TTL_DAYS`` days. Returns the token and its key, which is not stored."""
    if not (by.is_authenticated and by.is_active and (by.pk == user.pk or is_secretariat(by))):
        raise ForbiddenError(_("You may only issue tokens for yourself."))
    if not user.is_active:
        raise ForbiddenError(_("An inactive login cannot have API tokens."))
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(
        user=user,
        name=(name or "").strip() or _("API token of %(date)s") % {"date": now.date().isoformat()},
        prefix=key[:8],
        digest=_token_digest(key),
        expires=now + timedelta(days=settings.API_TOKEN_TTL_DAYS),
    )
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> None:
    """Revoke one token: its owner, or the Secretariat."""
    if not (by.is_authenticated and by.is_active and (by.pk == token.user_id or is_secretariat(by))):
        raise ForbiddenError(_("You may only revoke your own tokens."))
    ApiToken.objects.filter(pk=token.pk).delete()


class _LegacyToken:
    """A key of DRF's ``authtoken`` table (one per user, issued before :class:`ApiToken`), held to the
    same rules: it expires ``API_TOKEN_TTL_DAYS`` after it was created and goes with a password change
    or a deactivation. The table goes once nothing creates such keys any more."""

    def __init__(self, token):
        self.token = token
        self.user = token.user
        self.last_used = timezone.now()  # not recorded
        self.expires = token.created + timedelta(days=settings.API_TOKEN_TTL_DAYS)

    @property
    def is_expired(self) -> bool:
        return self.expires <= timezone.now()


def legacy_token_find(key: str) -> _LegacyToken | None:
    from rest_framework.authtoken.models import Token

    if not key or len(key) > 40:
        return None
    token = Token.objects.select_related("user").filter(key=key).first()
    return _LegacyToken(token) if token else None


def api_token_touch(token: ApiToken) -> None:
    """Record the token's use, at most once a minute (not a write per request)."""
    now = timezone.now()
    if token.last_used is None or now - token.last_used > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
