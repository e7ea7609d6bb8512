"""docker-compose.yml cannot run here, so it is read and checked against the settings."""

import os
import re
import secrets
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
import yaml

BASE_DIR = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
APP_SERVICES = ["web", "worker", "beat"]


def _settings_variables() -> set[str]:
    """Every environment variable the settings read (env("X"), env.bool("X"), env.list("X")...)."""
    names = set()
    for path in (BASE_DIR / "wcocb" / "settings").glob("*.py"):
        names |= set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z_]+)["']""", path.read_text()))
    return names


def _resolve(value: str) -> str:
    """Expand ${VAR:-default} / ${VAR:?message} the way compose does with an empty environment."""

    def repl(match):
        name, op, default = match.group(1), match.group(2), match.group(3) or ""
        if op == ":?":
            return "compose-test-" + secrets.token_urlsafe(40) if name == "SECRET_KEY" else "x"
        return os.environ.get(name, default) if name == "__never__" else default

    return re.sub(r"\$\{(\w+)(:-|:\?)?([^}]*)\}", repl, str(value))


def _env(service: str) -> dict[str, str]:
    return {key: _resolve(value) for key, value in COMPOSE["services"][service]["environment"].items()}


def test_compose_has_the_five_services_with_health_checks():
    services = COMPOSE["services"]
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_wait_for_healthy_database_and_redis(service):
    depends = COMPOSE["services"][service]["depends_on"]
    assert depends == {"db": {"condition": "service_healthy"}, "redis": {"condition": "service_healthy"}}


@pytest.mark.parametrize("service", APP_SERVICES)
def test_every_variable_is_one_the_settings_read(service):
    env = _env(service)
    known = _settings_variables() | {"DJANGO_SETTINGS_MODULE"}
    assert set(env) <= known, f"unknown to the settings: {set(env) - known}"
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"} <= set(env)
    import_module(env["DJANGO_SETTINGS_MODULE"].rsplit(".", 1)[0])
    assert (BASE_DIR / (env["DJANGO_SETTINGS_MODULE"].replace(".", "/") + ".py")).exists()


def test_database_and_redis_urls_point_at_the_compose_services():
    env = _env("web")
    db = COMPOSE["services"]["db"]["environment"]
    expected = f"postgres://{db['POSTGRES_USER']}:{db['POSTGRES_PASSWORD']}@db:5432/{db['POSTGRES_DB']}"
    assert env["DATABASE_URL"] == expected
    assert env["REDIS_URL"] == "redis://redis:6379"


def test_commands_name_real_entry_points():
    web = COMPOSE["services"]["web"]["command"]
    assert "gunicorn wcocb.wsgi:application" in web
    assert "manage.py migrate" in web
    wsgi = import_module("wcocb.wsgi")
    assert callable(wsgi.application)
    assert COMPOSE["services"]["worker"]["command"][:4] == ["celery", "-A", "wcocb", "worker"]
    assert COMPOSE["services"]["beat"]["command"][:4] == ["celery", "-A", "wcocb", "beat"]
    from django.conf import settings

    from wcocb.celery import app

    assert app.main == "wcocb"
    assert settings.CELERY_BEAT_SCHEDULE, "beat would have nothing to schedule"


def test_every_scheduled_task_exists_and_each_app_schedules_its_own():
    from django.conf import settings

    from wcocb.celery import app

    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    missing = sorted(entry["task"] for entry in schedule.values() if entry["task"] not in app.tasks)
    assert not missing, f"beat would send tasks no worker knows: {missing}"
    for name, entry in schedule.items():
        owner = entry["task"].split(".", 1)[0]
        assert name == "heartbeat" or name.startswith(f"{owner}-"), f"{name} is scheduled under another app's name"
    assert {"experts-refresh-commitments", "missions-release-reminders"} <= set(schedule)


def test_production_settings_with_the_compose_environment_pass_the_deploy_check():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(_env("web"))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_web_health_check_asks_as_an_allowed_host(tmp_path):
    """Django refuses a Host outside ALLOWED_HOSTS before the check runs: the probe must send one."""
    command = COMPOSE["services"]["web"]["healthcheck"]["test"]
    assert command[0] == "CMD-SHELL"
    fake_curl = tmp_path / "curl"
    fake_curl.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    fake_curl.chmod(0o755)
    shell = command[1].replace("$$", "$")  # compose's escape for a literal $
    result = subprocess.run(  # noqa: S603
        ["/bin/sh", "-c", shell],
        env={"PATH": f"{tmp_path}:/usr/bin:/bin", "ALLOWED_HOSTS": "cb.wcoomd.org,www.cb.wcoomd.org"},
        capture_output=True,
        text=True,
        check=True,
    )
    arguments = result.stdout.splitlines()
    assert "Host: cb.wcoomd.org" in arguments
    assert "X-Forwarded-Proto: https" in arguments  # not redirected to HTTPS by SECURE_SSL_REDIRECT
    assert arguments[-1].endswith("/healthz")
