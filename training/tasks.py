"""Celery tasks of the training app (beat): the 360° impact reviews and their reminders, the feedback reminders."""

from __future__ import annotations

from celery import shared_task

from training import services


@shared_task(name="training.tasks.schedule_impact_reviews")
def schedule_impact_reviews() -> int:
    """Create the 360° review requests that are due (idempotent; catches up after downtime)."""
    return len(services.impact_reviews_schedule())


@shared_task(name="training.tasks.remind_impact_reviewers")
def remind_impact_reviewers() -> int:
    return len(services.impact_reviews_remind())


@shared_task(name="training.tasks.remind_feedback")
def remind_feedback() -> int:
    """Remind, once, the participants who have not answered the feedback form before their link expires."""
    return len(services.feedback_remind())
