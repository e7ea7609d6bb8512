"""Celery tasks of the missions app: notifications (queued on commit) and release reminders (beat)."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone

from missions import notifications
from missions.choices import LetterAnswer, ReminderKind, Status
from missions.models import MissionEvent, MissionReport, ReleaseLetter, ReleaseReminder

logger = logging.getLogger(__name__)

#: Reminders go out this many days before a release answer's deadline (one each, tightest first missed).
REMINDER_DAYS: tuple[int, ...] = (3, 1)


@shared_task(name="missions.tasks.send_event_notifications")
def send_event_notifications(event_id: int) -> int:
    event = MissionEvent.objects.select_related("request__administration").filter(pk=event_id).first()
    if event is None:  # rolled back or deleted since
        return 0
    return sum(notifications.send(mail) for mail in notifications.mails_for_event(event))


@shared_task(name="missions.tasks.send_report_notifications")
def send_report_notifications(report_id: int, what: str) -> int:
    report = MissionReport.objects.select_related("request__administration").filter(pk=report_id).first()
    if report is None:
        return 0
    return sum(notifications.send(mail) for mail in notifications.mails_for_report(report, what))


def _stage(days_left: int) -> int | None:
    """The reminder due when ``days_left`` days remain: the tightest one not yet passed."""
    due = [days for days in REMINDER_DAYS if days >= days_left]
    return min(due) if due else None


@shared_task(name="missions.tasks.send_release_reminders")
def send_release_reminders(today: str | None = None) -> int:
    """Remind home administrations whose release answer is pending and due within the reminder days,
    and tell the Secretariat once about each answer whose deadline has passed (:func:`_send_overdue`).

    Each (letter, deadline, kind, stage) is recorded in :class:`ReleaseReminder` in the same
    transaction as the sending, so running the task twice (or two workers at once) sends each
    message once; a deadline moved by a new letter starts them again. Returns how many were sent."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return _send_reminders(day) + _send_overdue(day)


def _send_once(letter: ReleaseLetter, *, kind: str, days_before: int, mail) -> bool:
    try:
        with transaction.atomic():
            _reminder, created = ReleaseReminder.objects.get_or_create(
                letter=letter, deadline=letter.deadline, kind=kind, days_before=days_before
            )
            if created:
                notifications.send(mail)
            return created
    except IntegrityError:  # another worker recorded it first
        return False


def _send_overdue(day: datetime.date) -> int:
    """Email the Secretariat once when a pending answer's deadline has passed. Nothing else changes:
    the request stays "release requested" and a late answer is still accepted."""
    letters = ReleaseLetter.objects.filter(
        answer=LetterAnswer.PENDING,
        sent_at__isnull=False,
        assignment__request__status=Status.RELEASE_REQUESTED,
        deadline__lt=day,
    ).select_related("assignment__request__administration", "assignment__expert__person")
    sent = 0
    for letter in letters.order_by("pk"):
        if _send_once(letter, kind=ReminderKind.OVERDUE, days_before=0, mail=notifications.overdue_mail(letter, day)):
            sent += 1
    return sent


def _send_reminders(day: datetime.date) -> int:
    letters = ReleaseLetter.objects.filter(
        answer=LetterAnswer.PENDING,
        sent_at__isnull=False,
        assignment__request__status=Status.RELEASE_REQUESTED,
        deadline__gte=day,
        deadline__lte=day + datetime.timedelta(days=max(REMINDER_DAYS)),
    ).select_related("assignment__request__administration", "assignment__expert__person")
    sent = 0
    for letter in letters.order_by("pk"):
        stage = _stage((letter.deadline - day).days)
        if stage is None:
            continue
        mail = notifications.reminder_mail(letter, stage)
        if _send_once(letter, kind=ReminderKind.BEFORE_DEADLINE, days_before=stage, mail=mail):
            sent += 1
    return sent
