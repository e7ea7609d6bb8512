"""Fixtures shared by every app's tests: users of each role, API clients, a real Celery worker
and a headless Chromium driven by Playwright."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from tests import factories

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
BASE_DIR = Path(__file__).resolve().parent.parent


def _load_reference_data_if_missing() -> None:
    from wcocb import reference
    from wcocb.apps import discover
    from wcocb.models import Region

    if Region.objects.exists():
        return
    # each app's data migration calls <app>.reference.load_reference_data
    reference.load_reference_data()
    for _app, module in discover("reference"):
        module.load_reference_data()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A reused test database may have been left empty by the flush of a transactional test."""
    with django_db_blocker.unblock():
        _load_reference_data_if_missing()


@pytest.fixture(autouse=True)
def _restore_reference_data(request, django_db_blocker):
    """Reference data comes from data migrations. A transactional test (live server, real worker)
    ends with a flush that empties every table; pytest-django runs those tests last, so each of them
    puts the reference data back (idempotently) before it starts."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("_django_db_helper")  # set up first, so its flush runs after our teardown
        with django_db_blocker.unblock():
            _load_reference_data_if_missing()
        yield
        _wait_for_worker_to_go_idle()
        return
    yield


@pytest.fixture(scope="session")
def openapi_schema():
    """The OpenAPI schema of the whole API, generated and validated once per session (generating it
    walks every viewset and serializer: seconds). ``openapi_schema.warnings`` lists what
    drf-spectacular warned or erred about while generating it."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    warnings = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    validate_schema(schema)
    return OpenApiSchema(schema, warnings)


class OpenApiSchema(dict):
    def __init__(self, schema: dict, warnings: list[str]) -> None:
        super().__init__(schema)
        self.warnings = warnings


@pytest.fixture
def secretariat(db):
    return factories.SecretariatFactory(username="secretariat")


@pytest.fixture
def rocb_officer(db):
    return factories.RocbFactory(username="rocb-ap")


@pytest.fixture
def member_user(db):
    return factories.MemberUserFactory(username="member-th")


@pytest.fixture
def other_member_user(db):
    return factories.MemberUserFactory(username="member-jp", administration=factories.member("JP"))


@pytest.fixture
def expert_user(db):
    return factories.ExpertUserFactory(username="expert")


@pytest.fixture
def api_client_user(db):
    return factories.ApiClientFactory(username="api-reader")


@pytest.fixture
def api():
    """A DRF client; call ``api.force_authenticate(user)`` or use :func:`api_as`."""
    return APIClient()


@pytest.fixture
def api_as(api):
    def _as(user):
        api.force_authenticate(user)
        return api

    return _as


@pytest.fixture
def client_as(client):
    def _as(user):
        client.force_login(user)
        return client

    return _as


# --- A real Celery worker ------------------------------------------------------------------------
_worker_started = False


def _wait_for_worker_to_go_idle(timeout: float = 30) -> None:
    """A committed transition queues its notifications; a worker still running them while the test's
    flush truncates the tables deadlocks with it. Wait until the queue is empty and no task runs."""
    if not _worker_started:
        return
    import redis
    from django.conf import settings

    from wcocb.celery import app

    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            inspect = app.control.inspect(timeout=1)
            busy = [*(inspect.active() or {}).values(), *(inspect.reserved() or {}).values()]
            if broker.llen("celery") == 0 and not any(busy):
                return
            time.sleep(0.1)
        raise RuntimeError(f"The Celery worker did not go idle within {timeout} s")
    finally:
        broker.close()


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """Start ``celery worker`` as a separate process on the test database and broker."""
    from django.conf import settings

    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "wcocb.settings.test"
    env["WCOCB_WORKER_USES_TEST_DB"] = settings.DATABASES["default"]["NAME"]
    log_path = BASE_DIR / ".local" / f"test-worker-{os.getpid()}.log"
    log_path.parent.mkdir(exist_ok=True)
    import redis

    # Tasks queued by earlier tests (live-server tests commit, so their notifications are queued)
    # name rows that are gone: the worker starts on an empty queue of this run's own broker database.
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.flushdb()
    broker.close()
    log = log_path.open("w")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "wcocb", "worker", "--pool=solo", "--loglevel=WARNING",
         "--without-heartbeat", "--without-mingle", "--without-gossip", "-n", f"test-{os.getpid()}@%h"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    from wcocb.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.close()
            raise RuntimeError(f"Celery worker exited: {log_path.read_text()[-2000:]}")
        if app.control.ping(timeout=0.5):
            break
    else:
        process.kill()
        raise RuntimeError("Celery worker did not answer within 60 s")
    global _worker_started
    _worker_started = True
    yield process
    _worker_started = False
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


@pytest.fixture
def celery_worker(celery_worker_process, transactional_db):
    """Use in tests whose behaviour depends on a real worker (data must be committed to be seen)."""
    return celery_worker_process


# --- Headless Chromium ---------------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Assertions wait up to 20 s (Playwright's default is 5 s): on two busy cores the live server's
    # first answer of a page (the OpenAPI schema, a PDF) can take longer, and a wait ends as soon as
    # its condition holds, so a longer bound costs nothing when all is well.
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture
def login(page, live_server):
    """Sign in through the real login form; returns the page on the home screen."""

    def _login(username: str, password: str = factories.PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("#login-submit")
        page.wait_for_load_state("domcontentloaded")
        return page

    return _login


@pytest.fixture(autouse=True)
def _english_to_begin_with():
    """Each test starts in the default language (a request through LocaleMiddleware leaves its
    language active in the thread)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
