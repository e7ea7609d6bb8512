"""What Celery beat runs for missions (merged into ``CELERY_BEAT_SCHEDULE`` by the settings)."""

from datetime import timedelta

BEAT = {
    "missions-release-reminders": {"task": "missions.tasks.send_release_reminders", "schedule": timedelta(hours=6)},
}
