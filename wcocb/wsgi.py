"""The WSGI application (gunicorn in production, ``runserver`` through ``manage.py``).

It never chooses settings itself: started without ``DJANGO_SETTINGS_MODULE`` it refuses to start, rather
than serve production on the development settings (DEBUG on, a published key). ``manage.py`` sets the
development settings for ``runserver``; the Dockerfile and docker-compose.yml set the production ones.
"""

import os

from django.core.exceptions import ImproperlyConfigured

if not os.environ.get("DJANGO_SETTINGS_MODULE"):
    raise ImproperlyConfigured(
        "DJANGO_SETTINGS_MODULE is not set: set it to wcocb.settings.production (or wcocb.settings.base for "
        "development) before starting the application server."
    )

from django.core.wsgi import get_wsgi_application

from wcocb.runtime import freeze_startup_heap

application = get_wsgi_application()
freeze_startup_heap()
