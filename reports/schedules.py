"""What Celery beat runs for reports (merged into ``CELERY_BEAT_SCHEDULE`` by the settings)."""

from celery.schedules import crontab

BEAT = {
    # The annual Committee report (the July-June year just ended) and a monthly snapshot (the month just ended).
    "reports-annual-committee": {
        "task": "reports.tasks.scheduled_run",
        "schedule": crontab(minute=30, hour=2, day_of_month=1, month_of_year=7),
        "args": ["annual"],
    },
    "reports-monthly-snapshot": {
        "task": "reports.tasks.scheduled_run",
        "schedule": crontab(minute=0, hour=3, day_of_month=1),
        "args": ["monthly"],
    },
}
