"""English, French and Spanish: a switcher, complete catalogues, compiled."""

import re
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
    assert mo_file.stat().st_mtime >= po_file.stat().st_mtime - 1, "run make messages to compile"


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
