"""Configuration comes from the environment; production settings are hardened."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "d = s.DATABASES['default']; print(json.dumps({'db': [d['NAME'], d.get('HOST'), d.get('OPTIONS', {}).get('host'), "
    "d.get('PORT')], 'redis': s.REDIS_URL, 'broker': s.CELERY_BROKER_URL, 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, "
    "'mailer': s.MAILERS['default']}))"
)


def _settings(module: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "EMAIL_BACKEND"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE], cwd=BASE_DIR, env=environment, capture_output=True, text=True, check=False
    )


def test_database_and_redis_come_from_the_environment():
    result = _settings(
        "wcocb.settings.base",
        DATABASE_URL="postgres://alice:secret@db.example:6543/cb",
        REDIS_URL="redis://cache.example:6380",
        DEBUG="false",
        ALLOWED_HOSTS="cb.example.org,www.cb.example.org",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="smtp.example.org",
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe["db"] == ["cb", "db.example", None, 6543]
    assert probe["redis"] == "redis://cache.example:6380"
    assert probe["broker"] == "redis://cache.example:6380/0"
    assert probe["debug"] is False
    assert probe["hosts"] == ["cb.example.org", "www.cb.example.org"]
    assert probe["mailer"]["OPTIONS"]["host"] == "smtp.example.org"


def test_without_urls_the_embedded_servers_are_used():
    result = _settings("wcocb.settings.base")
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe["db"][0] == "wcocb"
    assert probe["db"][1].endswith(".local/pgdata")
    # the embedded Redis listens on 6391 unless this checkout chose its own port
    assert probe["redis"] == f"redis://127.0.0.1:{os.environ.get('WCOCB_EMBEDDED_REDIS_PORT', '6391')}"
    assert probe["mailer"]["BACKEND"].endswith("console.EmailBackend")


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings("wcocb.settings.production", DATABASE_URL="postgres://a@b/c", REDIS_URL="redis://r:1")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_its_servers(missing):
    """Production never falls back to the embedded development servers."""
    variables = {"DATABASE_URL": "postgres://a@b/c", "REDIS_URL": "redis://r:1", "SECRET_KEY": "k" * 60}
    del variables[missing]
    result = _settings("wcocb.settings.production", ALLOWED_HOSTS="cb.wcoomd.org", **variables)
    assert result.returncode != 0
    assert missing in result.stderr
    assert "ImproperlyConfigured" in result.stderr


# The deploy check of the production settings runs once, with the environment docker-compose gives
# them: tests/wcocb/test_compose.py::test_production_settings_with_the_compose_environment_pass_the_deploy_check.


HARDENING_FLAGS = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"]


@pytest.fixture(scope="module")
def production_flags() -> dict[str, str]:
    """The hardening flags as production settings load them: one interpreter for all of them."""
    probe = "import django; django.setup(); from django.conf import settings; " + "; ".join(
        f"print('{name}', settings.{name})" for name in HARDENING_FLAGS
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "wcocb.settings.production", "SECRET_KEY": "k" * 60,
             "ALLOWED_HOSTS": "cb.wcoomd.org", "DATABASE_URL": "postgres://a@b/c", "REDIS_URL": "redis://r:1"},
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return dict(line.split(" ", 1) for line in result.stdout.splitlines())


@pytest.mark.parametrize("setting", HARDENING_FLAGS)
def test_production_hardening_flags(setting, production_flags):
    assert production_flags[setting] == "True"
