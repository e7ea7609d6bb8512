"""What Celery beat runs for integrity (merged into ``CELERY_BEAT_SCHEDULE`` by the settings)."""

from datetime import timedelta

BEAT = {
    "integrity-mark-overdue-actions": {"task": "integrity.tasks.mark_overdue_actions", "schedule": timedelta(days=1)},
}
