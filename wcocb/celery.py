"""The Celery application: broker and results in Redis, configuration from Django settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wcocb.settings.base")

app = Celery("wcocb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
