"""Celery tasks of the integrity app: the daily marking of overdue actions (beat)."""

from __future__ import annotations

import datetime

from celery import shared_task

from integrity import services


@shared_task(name="integrity.tasks.mark_overdue_actions")
def mark_overdue_actions(today: str | None = None) -> int:
    """Flag the open actions past their due date and tell their owners (once per due date)."""
    return services.mark_overdue(today=datetime.date.fromisoformat(today) if today else None)
