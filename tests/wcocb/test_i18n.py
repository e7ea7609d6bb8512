"""English, French and Spanish: a switcher, complete catalogues, compiled."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

BASE_DIR = Path(__file__).resolve().parents[2]


def _entries(po_file: Path):
    """(msgid, [msgstr...], flags) of every entry of a .po file (a small reader, enough for checks)."""
    text = po_file.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        current, parts = None, {}
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                parts[current] = match.group(2)
            elif line.startswith('"') and current:
                parts[current] += line[1:-1]
        if parts.get("msgid"):
            yield parts["msgid"], [value for key, value in parts.items() if key.startswith("msgstr")], flags


@pytest.mark.parametrize("language", ["fr", "es"])
def test_catalogue_is_complete_and_compiled(language):
    po_file = BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
    entries = list(_entries(po_file))
    assert len(entries) > 100
    untranslated = [msgid for msgid, strings, _ in entries if not all(strings)]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []
    mo_file = po_file.with_suffix(".mo")
    assert mo_file.exists()
    # The committed .mo is the compiled .po (whatever the files' times after a clone).
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed (as for compilemessages)"
    fresh = subprocess.run([msgfmt, "--check", "-o", "-", str(po_file)], capture_output=True, check=True).stdout  # noqa: S603
    assert _catalogue(fresh) == _catalogue(mo_file.read_bytes()), "run make messages to compile"


def _catalogue(mo: bytes) -> dict:
    import gettext
    import io

    return dict(gettext.GNUTranslations(io.BytesIO(mo))._catalog)


def test_every_marked_string_is_in_the_catalogues(tmp_path):
    """makemessages on a copy of the code finds no msgid that the committed catalogues lack."""
    copy = tmp_path / "code"
    ignore = shutil.ignore_patterns(".venv", ".local", ".git", "node_modules", "__pycache__", "media", "staticfiles")
    shutil.copytree(BASE_DIR, copy, ignore=ignore)
    from wcocb import embedded

    # The copy's settings must reuse this run's servers, not start an embedded PostgreSQL in the copy.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wcocb.settings.test", "WCOCB_LOCAL_DIR": str(embedded.LOCAL_DIR)}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete"],
        cwd=copy, env=env, capture_output=True, check=True, timeout=300,
    )  # fmt: skip
    extracted = {msgid for msgid, _, _ in _entries(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")}
    committed = {msgid for msgid, _, _ in _entries(BASE_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.po")}
    assert sorted(extracted - committed) == [], "new strings: run make messages and translate them"


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "Waiting for you"), ("fr", "En attente de votre action"), ("es", "Pendiente")]
)
def test_interface_follows_the_chosen_language(client_as, member_user, language, expected):
    client = client_as(member_user)
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert f'<html lang="{language}">' in page
    assert expected in page


def test_reference_names_follow_the_language(db):
    from wcocb.models import Region

    region = Region.objects.get(code="AP")
    with translation.override("fr"):
        assert region.name == "Asie/Pacifique"
    with translation.override("es"):
        assert region.name == "Asia/Pacífico"
    with translation.override("en"):
        assert region.name == "Asia/Pacific"


def test_api_error_messages_are_translated(api, db):
    response = api.get("/api/v1/regions/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 401
    assert "authentification" in response.json()["error"]["message"].lower()
