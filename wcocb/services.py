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

from wcocb import registry
from wcocb.errors import ForbiddenError
from wcocb.models import MemberAdministration, Person, User
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
