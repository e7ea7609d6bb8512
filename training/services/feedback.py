"""The standard feedback form after every session: sent to each participant who completed it through a
personal link (signed, expiring, single-use), answered without an account."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from training import notifications
from training.models import FeedbackForm, Participant
from training.services.links import make_token, read_token, refuse_used

SALT = "training.feedback"
#: How long a feedback link works.
FEEDBACK_DAYS = 30


def feedback_token(form: FeedbackForm) -> str:
    return make_token(salt=SALT, pk=form.pk, nonce=form.nonce)


def feedback_send(*, participant: Participant) -> FeedbackForm:
    """Open the participant's form (once) and mail them the link (after the commit)."""
    form, created = FeedbackForm.objects.get_or_create(
        participant=participant,
        defaults={"expires_at": timezone.now() + datetime.timedelta(days=FEEDBACK_DAYS)},
    )
    if created:
        notifications.feedback_requested(form, feedback_token(form))
    return form


def feedback_open(token: str) -> FeedbackForm:
    """The form a link opens, or a refusal: wrong token (403), used or expired (409)."""
    form = read_token(token, salt=SALT, model=FeedbackForm)
    refuse_used(form.answered_at, form.expires_at <= timezone.now())
    return form


@transaction.atomic
def feedback_answer(
    *, token: str, relevance: int, quality: int, applicability: int, comment: str = ""
) -> FeedbackForm:
    form = feedback_open(token)
    form = FeedbackForm.objects.select_for_update().get(pk=form.pk)
    refuse_used(form.answered_at, form.expires_at <= timezone.now())  # a second submit racing the first
    form.relevance, form.quality, form.applicability = relevance, quality, applicability
    form.comment = comment
    form.answered_at = timezone.now()
    form.full_clean()
    form.save(update_fields=["relevance", "quality", "applicability", "comment", "answered_at", "updated_at"])
    return form
