"""The embedded servers: started on demand, reused by the next process, and stopped only by the
process that started them."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PROBE = (
    "import json; from wcocb import embedded; "
    "host = embedded.postgres_host(); url = embedded.redis_url(); "
    "print(json.dumps({'started': sorted(embedded.STARTED), 'redis': url, 'host': host}))"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _probe(env: dict) -> dict:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_second_process_reuses_the_servers_and_does_not_claim_them(tmp_path):
    port = _free_port()
    env = {**os.environ, "WCOCB_EMBEDDED_REDIS_PORT": str(port)}
    from wcocb import embedded

    postgres_was_running = embedded._postgres_running()
    try:
        first = _probe(env)
        second = _probe(env)
    finally:
        pid_file = embedded.REDIS_DIR / f"redis-{port}.pid"
        if pid_file.exists():  # the probe's Redis on its own port; never the test run's
            pid = int(pid_file.read_text())
            os.kill(pid, 15)
    # The test run's PostgreSQL is normally up already: then neither probe started it, nor would stop it.
    assert first["started"] == (["redis"] if postgres_was_running else ["postgres", "redis"])
    assert second["started"] == []
    assert first["redis"] == second["redis"] == f"redis://127.0.0.1:{port}"
    assert first["host"] == second["host"] == str(embedded.PG_DIR)
