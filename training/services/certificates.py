"""Certificates: revocation by the Secretariat, with a reason (the public page then says so)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from training import rules
from training.models import Certificate
from wcocb.errors import ConflictError, DomainError
from wcocb.models import User


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, by: User) -> Certificate:
    rules.check("revoke", by, certificate)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise ConflictError(_("This certificate was already revoked."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the certificate is revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.revoked_by = by
    certificate.full_clean()
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by", "updated_at"])
    return certificate
