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
#: Who has not answered is reminded once, this many days before the link expires.
FEEDBACK_REMIND_DAYS_BEFORE = 7


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


def feedback_remind(now: datetime.datetime | None = None) -> list[FeedbackForm]:
    """The beat job: remind, once, each participant who has not answered and whose link expires within
    :data:`FEEDBACK_REMIND_DAYS_BEFORE` days (not yet expired). The reminder carries a new link to the same form;
    ``reminded_at`` (set under the row's lock) makes a second run, or two at once, remind nobody twice."""
    now = now or timezone.now()
    pending = FeedbackForm.objects.filter(
        answered_at__isnull=True,
        reminded_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=now + datetime.timedelta(days=FEEDBACK_REMIND_DAYS_BEFORE),
    ).exclude(participant__person__email="")
    reminded = []
    for pk in pending.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            form = (
                FeedbackForm.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("participant__person__user", "participant__session")
                .filter(pk=pk, answered_at__isnull=True, reminded_at__isnull=True)
                .first()
            )
            if form is None:  # answered, reminded or being reminded meanwhile
                continue
            form.reminded_at = now
            form.save(update_fields=["reminded_at", "updated_at"])
            notifications.feedback_reminder(form, feedback_token(form))
        reminded.append(form)
    return reminded


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
