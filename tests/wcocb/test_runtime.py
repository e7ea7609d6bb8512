"""What a worker does once the application is loaded (wcocb/wsgi.py)."""

import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import gc, sys
import wcocb.wsgi
print(gc.get_freeze_count(), 'experts.api.views' in sys.modules, 'missions.views' in sys.modules)
"""


def test_the_wsgi_application_freezes_the_heap_of_start_up_with_every_view_loaded():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wcocb.settings.test"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    frozen, experts_loaded, missions_loaded = result.stdout.split()
    assert int(frozen) > 50_000  # a full collection no longer walks them during a request
    assert experts_loaded == missions_loaded == "True"
