import os

from django.core.wsgi import get_wsgi_application

from wcocb.runtime import freeze_startup_heap

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wcocb.settings.base")
application = get_wsgi_application()
freeze_startup_heap()
