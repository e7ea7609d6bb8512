"""Personal links that work without an account: signed (the token cannot be forged or changed), expiring
(the record's deadline) and single-use (the record's answer closes it). A token names its record and the
record's random nonce, signed with the site's key under a salt of its own."""

from __future__ import annotations

from django.core import signing
from django.utils.translation import gettext_lazy as _

from wcocb.errors import ConflictError, DomainError


class LinkRefused(DomainError):
    """The link is wrong (403), expired or already used (409)."""

    status = 403
    code = "link_refused"


def make_token(*, salt: str, pk: int, nonce: str) -> str:
    return signing.dumps({"id": pk, "n": nonce}, salt=salt, compress=False)


def read_token(token: str, *, salt: str, model):
    """The record the token names, or :class:`LinkRefused` when the token is not one of ours."""
    try:
        payload = signing.loads(token, salt=salt)
        record = model.objects.get(pk=int(payload["id"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, model.DoesNotExist):
        raise LinkRefused(_("This link is not valid.")) from None
    if not isinstance(payload.get("n"), str) or payload["n"] != record.nonce:
        raise LinkRefused(_("This link is not valid."))
    return record


def refuse_used(answered_at, expired: bool) -> None:
    if answered_at is not None:
        raise ConflictError(_("This form was already answered; a link works once."), code="link_used")
    if expired:
        raise ConflictError(_("This link has expired."), code="link_expired")
