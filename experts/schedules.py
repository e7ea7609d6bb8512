"""What Celery beat runs for experts (merged into ``CELERY_BEAT_SCHEDULE`` by the settings)."""

from datetime import timedelta

BEAT = {
    "experts-refresh-commitments": {"task": "experts.tasks.refresh_all_commitments", "schedule": timedelta(days=1)},
}
