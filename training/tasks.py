"""Celery tasks of the training app: the 360° impact reviews (beat, daily) and their reminders."""

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
