"""What Celery beat runs for training (merged into ``CELERY_BEAT_SCHEDULE`` by the settings)."""

from datetime import timedelta

BEAT = {
    "training-impact-reviews": {"task": "training.tasks.schedule_impact_reviews", "schedule": timedelta(hours=6)},
    "training-impact-reminders": {"task": "training.tasks.remind_impact_reviewers", "schedule": timedelta(hours=12)},
    "training-feedback-reminders": {"task": "training.tasks.remind_feedback", "schedule": timedelta(hours=12)},
}
