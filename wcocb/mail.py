"""Email in each recipient's language, for every app: who (:class:`Recipient`), what (:class:`Mail`), and
sending it (:func:`send`). Shared machinery only: an app's ``notifications.py`` decides who gets what.

A mail's ``subject`` is a gettext message id formatted with its ``context``, and its ``template`` a template
name (e.g. ``"missions/email/new_request.txt"``); both are rendered once per recipient, in the recipient's
language. A context value that must itself be in that language (a label, an administration's name) is
wrapped with :func:`in_language_of_recipient`. This module imports no domain app.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _

from wcocb.choices import Role
from wcocb.models import User

#: The languages a message can be written in; any other preference gets English.
MAIL_LANGUAGES = frozenset({"en", "fr", "es"})


@dataclass
class Recipient:
    email: str
    language: str = "en"
    name: str = ""


@dataclass
class Mail:
    recipients: list[Recipient]
    subject: str  # a gettext message id, formatted with ``context`` in each recipient's language
    template: str  # a template name, rendered with ``context`` and ``recipient``
    context: dict = field(default_factory=dict)
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)


def site_url(path: str) -> str:
    """An absolute link to ``path`` on the site (``settings.SITE_URL``)."""
    return settings.SITE_URL.rstrip("/") + path


def users(queryset) -> list[Recipient]:
    """The active users of ``queryset`` that have an address, each in their preferred language."""
    return [
        Recipient(user.email, (user.preferred_language or "en")[:2], str(user))
        for user in queryset.filter(is_active=True).exclude(email="").order_by("pk")
    ]


def secretariat() -> list[Recipient]:
    return users(User.objects.filter(role=Role.SECRETARIAT))


def rocb_officers(region_id: int | None) -> list[Recipient]:
    if region_id is None:
        return []
    return users(User.objects.filter(role=Role.ROCB, region_id=region_id))


def administration_users(administration_id: int | None) -> list[Recipient]:
    if administration_id is None:
        return []
    return users(User.objects.filter(role=Role.MEMBER, administration_id=administration_id))


def in_language_of_recipient(function, *args):
    """A text computed when the message is written, in each recipient's language (a label, an
    administration's name), not in whatever language was active when the message was planned."""
    return lazy(function, str)(*args)


def send(mail: Mail) -> int:
    """Send one message per recipient (once per address), each in their language. Returns how many were sent."""
    sent = 0
    seen: set[str] = set()
    for recipient in mail.recipients:
        if recipient.email.lower() in seen:
            continue
        seen.add(recipient.email.lower())
        with translation.override(recipient.language if recipient.language in MAIL_LANGUAGES else "en"):
            values = {key: str(value) if isinstance(value, Promise) else value for key, value in mail.context.items()}
            context = {**values, "recipient": recipient}
            subject = _(mail.subject) % {key: value for key, value in values.items() if isinstance(value, str | int)}
            body = render_to_string(mail.template, context)
        message = EmailMessage(subject=subject, body=body, to=[recipient.email])
        for name, content, mimetype in mail.attachments:
            message.attach(name, content, mimetype)
        sent += message.send()
    return sent
