"""What every benchmark under ``bench/`` shares."""

from __future__ import annotations

import os


def setup_django(database: str | None) -> None:
    """Configure Django; with ``database``, create it on the configured server if missing and use it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wcocb.settings.base")
    import django

    django.setup()
    if not database:
        return
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    connection = connections["default"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{database}"')
    connection.close()
    settings.DATABASES["default"]["NAME"] = database
    connection.settings_dict["NAME"] = database
    call_command("migrate", verbosity=0)
