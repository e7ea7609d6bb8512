"""Tests: the same services as development, quicker password hashing, mail kept in memory."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".local" / "test-media"  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = "wcocb-test"  # noqa: F405
# Keep the test run's queues and cache apart from a development server using the same Redis.
CELERY_BROKER_URL = f"{REDIS_URL.rstrip('/')}/3"  # noqa: F405
CELERY_RESULT_BACKEND = f"{REDIS_URL.rstrip('/')}/4"  # noqa: F405
CACHES["default"]["LOCATION"] = f"{REDIS_URL.rstrip('/')}/5"  # noqa: F405
AXES_FAILURE_LIMIT = 5
# Several checkouts (or helpers) may test against one server: each can name its own test database.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_wcocb")}  # noqa: F405
