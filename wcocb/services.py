"""Writes of the shared records (member administrations, people) that other apps keep data about.

Apps that keep denormalised copies (the experts app's search columns: name, home region) register
a callback here in their ``AppConfig.ready()``; the callbacks run inside the same transaction, so
they may also refuse the change (raise ``ValidationError`` or ``DomainError``) and nothing is written.
Every door (pages, API, admin) calls these services, so no edit leaves those copies stale."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from wcocb.choices import Role
from wcocb.errors import DomainError
from wcocb.models import MemberAdministration, Person, User

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

#: ``callback(administration)`` after a member administration moved to another region.
ADMINISTRATION_MOVED: list[Callable[[MemberAdministration], None]] = []
#: ``callback(person)`` after a person record changed.
PERSON_CHANGED: list[Callable[[Person], None]] = []


def on_administration_moved(callback: Callable[[MemberAdministration], None]) -> Callable:
    if callback not in ADMINISTRATION_MOVED:
        ADMINISTRATION_MOVED.append(callback)
    return callback


def on_person_changed(callback: Callable[[Person], None]) -> Callable:
    if callback not in PERSON_CHANGED:
        PERSON_CHANGED.append(callback)
    return callback


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
    administration = MemberAdministration.objects.select_for_update().get(pk=administration.pk)
    old_region_id = administration.region_id
    for key, value in fields.items():
        setattr(administration, key, value)
    administration.full_clean()
    administration.save()
    if administration.region_id != old_region_id:
        for callback in ADMINISTRATION_MOVED:
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
    for callback in PERSON_CHANGED:
        callback(person)
    return person


@transaction.atomic
def reference_record_save(*, record: Model, by: User) -> Model:
    """Create or change one reference record (region, ROCB, RTC, language, donor, funding source):
    the model's rules are checked again here, whatever door the change came through; the audit
    triggers keep who changed what. Member administrations go through
    :func:`member_administration_update` (their region feeds other apps)."""
    if not (by.is_superuser or by.role == Role.SECRETARIAT):
        raise DomainError(_("Only the Secretariat keeps the reference data."))
    record.full_clean()
    record.save()
    return record
