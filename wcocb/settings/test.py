"""Tests: the same services as development, quicker password hashing, mail kept in memory."""

from .base import *

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".local" / "test-media"
CACHES["default"]["KEY_PREFIX"] = "wcocb-test"
# Keep the test run's queues and cache apart from a development server using the same Redis, and
# each pytest-xdist worker (gw0, gw1, ...) apart from the others: Redis databases 3 and up.
_slot = int(env("PYTEST_XDIST_WORKER", default="gw0")[2:] or 0)
CELERY_BROKER_URL = redis_db_url(3 + 3 * _slot)
CELERY_RESULT_BACKEND = redis_db_url(4 + 3 * _slot)
CACHES["default"]["LOCATION"] = redis_db_url(5 + 3 * _slot)
AXES_FAILURE_LIMIT = 5
# Several checkouts (or helpers) may test against one server: each can name its own test database.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_wcocb")}
# A Celery worker started by the tests works on the test database.
if env("WCOCB_WORKER_USES_TEST_DB", default=""):
    DATABASES["default"]["NAME"] = env("WCOCB_WORKER_USES_TEST_DB")
# whitenoise warns (an error here) when STATIC_ROOT does not exist before collectstatic has run.
STATIC_ROOT.mkdir(exist_ok=True)
