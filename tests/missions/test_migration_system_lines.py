"""Migration 0013: entries recorded before system lines existed (the platform's words in the comment, in the
language of the time) become translatable where their words are recognised, keep what the user wrote as their
comment, lose nothing (the former comment is kept, the reverse migration puts it back); the others stay as
they were and read as written."""

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from missions import selectors
from missions.choices import Action
from missions.models import MissionEvent
from tests.missions import flow
from tests.missions.factories import make_expert

pytestmark = pytest.mark.django_db

migration = importlib.import_module("missions.migrations.0013_timeline_system_lines")


@pytest.fixture
def former(secretariat):
    """Entries written the former way (by hand, as the services wrote them until now), in three languages."""
    expert = make_expert(administration="JP")
    mission, [assignment] = flow.checking(secretariat, experts=[expert])
    name = str(expert)

    def entry(action, comment, **fields):
        return MissionEvent.objects.create(
            request=mission, action=action, to_status=mission.status, comment=comment, **fields
        )

    return {
        "name": name,
        "dates_fr": entry(Action.DATES_SET, "Dates de la mission : du 2027-03-01 au 2027-03-05\nVu avec le ROCB"),
        "rocb_es": entry(Action.ROCB_COMMENTED, "Registrado en nombre de la ROCB: Acordado por teléfono"),
        "availability_en": entry(
            Action.DESELECTED,
            f"{name}: Available · deselected, booking released\nReplaced by another expert",
            assignment=assignment,
        ),
        "team_fr": entry(Action.TEAM_FORMED, f"{name} (Chef d'équipe)"),
        "document_es": entry(Action.DOCUMENT_REMOVED, "Orden del día: Programa\nVersión equivocada"),
        "replaced_en": entry(
            Action.DOCUMENT_REPLACED, f"Terms of reference: ToR (tor.pdf {migration.ARROW} tor-v2.pdf)"
        ),
        "report_fr": entry(Action.DOCUMENT_UPLOADED, "Pièce jointe du rapport : photos.pdf"),
        "approved_en": entry(
            Action.RELEASE_APPROVED,
            f"{name} released by the home administration. Commitment overridden: Only expert\nWith pleasure",
            assignment=assignment,
        ),
        "declined_es": entry(Action.RELEASE_DECLINED, f"{name}: Needed at home", assignment=assignment),
        "evaluation_fr": entry(Action.EVALUATION_RECORDED, f"{name}: positive\nExcellent"),
        "briefed": entry(Action.BRIEFED, f"{name}\nBackground sent", assignment=assignment),
        # Not recognised: left as they are.
        "planned_plain": entry(Action.PLANNED, "After the ROCB's comment"),
        "cancelled": entry(Action.CANCELLED, "The beneficiary withdrew"),
        "unknown_words": entry(Action.DOCUMENT_UPLOADED, "Tagesordnung: Programm"),
    }


def read(event, language):
    event.refresh_from_db()
    with translation.override(language):
        return selectors.system_lines(event), event.comment


def test_former_entries_become_translatable_and_keep_what_the_user_wrote(former):
    name = former["name"]
    originals = {key: event.comment for key, event in former.items() if key != "name"}
    migration.forwards(apps, None)
    assert read(former["dates_fr"], "es") == (
        ["Fechas de la misión: del 1 de marzo de 2027 al 5 de marzo de 2027"],
        "Vu avec le ROCB",
    )
    assert read(former["rocb_es"], "fr") == (
        ["Enregistré au nom du ROCB."],
        "Acordado por teléfono",
    )
    assert read(former["availability_en"], "fr") == (
        [f"{name} : Disponible · désélectionné, réservation annulée"],
        "Replaced by another expert",
    )
    assert read(former["team_fr"], "en") == ([f"{name} (Team leader)"], "")
    assert read(former["document_es"], "fr") == (["Ordre du jour : Programa"], "Versión equivocada")
    assert read(former["replaced_en"], "es") == (
        [f"Términos de referencia: ToR (tor.pdf {migration.ARROW} tor-v2.pdf)"],
        "",
    )
    assert read(former["report_fr"], "es") == (["Anexo del informe: photos.pdf"], "")
    assert read(former["approved_en"], "fr") == (
        [f"{name} mis à disposition par l'administration d'origine.", "Engagement outrepassé : Only expert"],
        "With pleasure",
    )
    assert read(former["declined_es"], "fr") == ([f"Mise à disposition de {name} refusée."], "Needed at home")
    assert read(former["evaluation_fr"], "es") == ([f"{name}: positiva"], "Excellent")
    assert read(former["briefed"], "fr") == ([name], "Background sent")
    for key in ("planned_plain", "cancelled", "unknown_words"):
        assert read(former[key], "fr") == ([], originals[key])
        assert "legacy_comment" not in former[key].data
    # Nothing lost: every converted entry keeps its former comment, and the reverse migration puts it back.
    for key, event in former.items():
        if key != "name":
            event.refresh_from_db()
            assert event.data.get("legacy_comment", event.comment) == originals[key]
    migration.forwards(apps, None)  # running twice changes nothing
    assert read(former["briefed"], "en") == ([name], "Background sent")
    migration.backwards(apps, None)
    for key, event in former.items():
        if key != "name":
            event.refresh_from_db()
            assert (event.comment, "system" in event.data, "legacy_comment" in event.data) == (
                originals[key],
                False,
                False,
            )


def test_a_former_entry_reads_on_the_page_as_before_or_translated(client_as, secretariat, former):
    migration.forwards(apps, None)
    client = client_as(secretariat)
    client.cookies["django_language"] = "es"
    page = client.get(former["dates_fr"].request.get_absolute_url()).content.decode()
    assert "Fechas de la misión: del 1 de marzo de 2027 al 5 de marzo de 2027" in page
    assert "Vu avec le ROCB" in page
    assert "The beneficiary withdrew" in page  # not recognised: shown as written
