"""The feedback form's reminder: participants who have not answered get one reminder in the week before their
link expires (the beat job may run as often as it likes: one reminder per form)."""

import datetime

import pytest
from django.utils import timezone

from tests.training.factories import SessionFactory, completed, officer
from training import services, tasks
from training.models import FeedbackForm
from training.services.feedback import FEEDBACK_DAYS, FEEDBACK_REMIND_DAYS_BEFORE

pytestmark = pytest.mark.django_db

ANSWERS = {"relevance": 5, "quality": 4, "applicability": 3}


def test_one_reminder_in_the_week_before_the_link_expires(secretariat, mailoutbox, django_capture_on_commit_callbacks):
    session = SessionFactory()
    silent, answered = (completed(session, officer(email=f"p{n}@example.org"), by=secretariat) for n in (1, 2))
    services.feedback_answer(token=services.feedback_token(answered.feedback), **ANSWERS)
    expires = silent.feedback.expires_at
    mailoutbox.clear()

    too_early = expires - datetime.timedelta(days=FEEDBACK_REMIND_DAYS_BEFORE, minutes=1)
    assert services.feedback_remind(now=too_early) == []

    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.feedback_remind(now=expires - datetime.timedelta(days=FEEDBACK_REMIND_DAYS_BEFORE))
    assert [form.pk for form in reminded] == [silent.feedback.pk]
    assert [mail.to for mail in mailoutbox] == [["p1@example.org"]]
    assert "Reminder" in mailoutbox[0].subject
    link = mailoutbox[0].body.split("/training/feedback/")[1].split("/")[0]
    assert services.feedback_open(link).pk == silent.feedback.pk  # the reminder's link opens the same form
    assert FeedbackForm.objects.get(pk=silent.feedback.pk).reminded_at is not None

    # a second run (or the beat job again) reminds nobody a second time
    assert services.feedback_remind(now=expires - datetime.timedelta(days=2)) == []
    assert tasks.remind_feedback() == 0


def test_an_expired_link_gets_no_reminder(secretariat):
    form = completed(SessionFactory(), officer(email="late@example.org"), by=secretariat).feedback
    assert services.feedback_remind(now=form.expires_at + datetime.timedelta(minutes=1)) == []
    assert services.feedback_remind(now=timezone.now() + datetime.timedelta(days=FEEDBACK_DAYS + 3)) == []


def test_the_reminders_are_a_beat_job():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["training-feedback-reminders"]
    assert entry["task"] == "training.tasks.remind_feedback"
