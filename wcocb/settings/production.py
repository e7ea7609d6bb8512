"""Production: secrets, hosts and servers must come from the environment; HTTPS everywhere."""

import environ
from django.core.exceptions import ImproperlyConfigured

# Read before the base settings, which would otherwise start the embedded development servers.
environ.Env().str("DATABASE_URL")  # ImproperlyConfigured when unset
environ.Env().str("REDIS_URL")

from .base import *  # noqa: E402
from .base import env, mailers  # noqa: E402

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")
if SECRET_KEY == DEVELOPMENT_SECRET_KEY or SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("SECRET_KEY is the development key, which is published: set a secret one.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
MAILERS = mailers(env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"))
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
