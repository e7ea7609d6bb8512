"""The Celery application: broker and results in Redis, configuration from Django settings.

A worker or beat never chooses settings itself: started without ``DJANGO_SETTINGS_MODULE`` it refuses
to start (``manage.py run`` passes its own on; the Dockerfile, docker-compose.yml and the tests' worker
fixture set it).
"""

import os

from celery import Celery
from django.core.exceptions import ImproperlyConfigured

app = Celery("wcocb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_configure.connect
def _require_settings_module(sender=None, **kwargs):
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        raise ImproperlyConfigured(
            "DJANGO_SETTINGS_MODULE is not set: set it to wcocb.settings.production (or wcocb.settings.base "
            "for development) before starting a Celery worker or beat."
        )
