"""``manage.py run``: the whole application in one command.

Migrates, loads reference and demo data, prints the demo logins and the URL, then runs the web
server, a Celery worker and Celery beat until interrupted. When ``DATABASE_URL``/``REDIS_URL`` are
unset, the embedded PostgreSQL/Redis that the settings started for this command are stopped again
on exit (servers that were already running are left running).
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from wcocb import embedded


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and beat, with demo data, until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo data.")

    def handle(self, *args, port, host, no_demo, **options):
        embedded_postgres = not os.environ.get("DATABASE_URL")
        embedded_redis = not os.environ.get("REDIS_URL")
        call_command("migrate", interactive=False, verbosity=1)
        if not no_demo:
            call_command("seed_demo")
        env = dict(os.environ)
        db = settings.DATABASES["default"]
        if not env.get("DATABASE_URL"):
            env["DATABASE_URL"] = f"postgresql://{db['USER']}@/{db['NAME']}?host={db['HOST']}"
        env.setdefault("REDIS_URL", settings.REDIS_URL)
        python = sys.executable
        beat_schedule = embedded.LOCAL_DIR / "celerybeat-schedule"
        embedded.LOCAL_DIR.mkdir(parents=True, exist_ok=True)
        commands = {
            "web": [python, "manage.py", "runserver", f"{host}:{port}", "--noreload"],
            "worker": [python, "-m", "celery", "-A", "wcocb", "worker", "--loglevel=INFO", "--concurrency=2"],
            "beat": [python, "-m", "celery", "-A", "wcocb", "beat", "--loglevel=INFO", f"--schedule={beat_schedule}"],
        }
        processes = {
            name: subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)  # noqa: S603
            for name, command in commands.items()
        }
        self.stdout.write(self.style.SUCCESS(f"\nWCO Capacity Building is running at http://{host}:{port}/"))
        self.stdout.write(f"API docs: http://{host}:{port}/api/docs/   health: http://{host}:{port}/healthz")
        self.stdout.write("Press Ctrl-C to stop.\n")

        stopping = False

        def _stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        try:
            while not stopping:
                for name, process in processes.items():
                    if process.poll() is not None:
                        self.stderr.write(f"{name} exited with {process.returncode}; stopping.")
                        stopping = True
                time.sleep(0.5)
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            for process in processes.values():
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
            # Stop only what this command started; servers it found running belong to someone else.
            stop_postgres = embedded_postgres and "postgres" in embedded.STARTED
            stop_redis = embedded_redis and "redis" in embedded.STARTED
            if stop_postgres or stop_redis:
                embedded.stop(postgres=stop_postgres, redis=stop_redis)
                self.stdout.write("Embedded services stopped (data kept in .local/).")
