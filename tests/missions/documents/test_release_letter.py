"""The release letter PDF: produced on sending, in English or French, with the facts the home
administration needs; downloadable by the Secretariat, the home administration and the expert only."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from missions.documents import release_letter
from missions.models import ReleaseLetter
from tests import factories as base
from tests.missions import flow
from tests.missions.factories import home_member, make_expert
from wcocb.models import Language, Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _eager_tasks(settings):
    from wcocb.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def text_of(content: bytes) -> str:
    """The PDF's text, whitespace normalised (line breaks fall where the layout puts them)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


@pytest.fixture
def sent(secretariat, django_capture_on_commit_callbacks):
    expert = make_expert(administration="FR")
    Person.objects.filter(pk=expert.person.pk).update(first_name="Hélène", last_name="Dupré-Çelik")
    expert.person.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        mission, [assignment] = flow.release_requested(secretariat, experts=[expert], title="Risk management review")
    return mission, ReleaseLetter.objects.get(assignment=assignment)


def test_sending_release_letters_stores_the_pdf(sent):
    _mission, letter = sent
    assert letter.pdf.name.endswith(".pdf")
    with letter.pdf.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_english_letter_shows_mission_expert_commitment_deadline_and_portal(sent):
    mission, letter = sent
    text = text_of(release_letter.render_release_letter(letter))
    deadline = flow.DEADLINE
    for expected in [
        "World Customs Organization",
        "Hélène Dupré-Çelik",  # the expert, accents and all (the shipped Unicode font)
        "France",  # addressed to the home administration
        "Thailand",  # the requesting administration
        "Risk management review",
        "Diagnostic",
        "In-country",
        "1 March 2027",
        "5 March 2027",
        "Team leader",
        f"{deadline.day} {deadline.strftime('%B')} {deadline.year}",
        "0 of 60 working days used",
        "/missions/release-letters/",
    ]:
        assert expected in text, expected
    assert mission.objectives.split()[0] in text


def test_french_letter(sent):
    _mission, letter = sent
    letter.language = "fr"
    text = text_of(release_letter.render_release_letter(letter))
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre"]
    months += ["novembre", "décembre"]
    deadline = flow.DEADLINE
    for expected in [
        "Organisation mondiale des douanes",
        "Hélène Dupré-Çelik",
        "1 mars 2027",
        "5 mars 2027",
        "Chef d'équipe",
        "Sur place",
        f"{deadline.day} {months[deadline.month - 1]} {deadline.year}",
        "0 jours ouvrables utilisés sur 60",
    ]:
        assert expected in text, expected


def test_french_working_language_sends_a_french_letter(secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _mission, [assignment] = flow.release_requested(
            secretariat, language=Language.objects.get(code="fr"), experts=[make_expert()]
        )
    letter = ReleaseLetter.objects.get(assignment=assignment)
    assert letter.language == "fr"
    with letter.pdf.open("rb") as stored:
        assert "Organisation mondiale des douanes" in text_of(stored.read())


def test_uncompressed_output_for_inspection(sent):
    _mission, letter = sent
    content = release_letter.render_release_letter(letter, compress=False)
    assert content.startswith(b"%PDF")
    assert b"/FlateDecode" not in content.split(b"/FontFile2")[0]


def test_download_permissions(sent, client_as, secretariat, other_member_user, rocb_officer, expert_user):
    _mission, letter = sent
    url = reverse("missions:letter-pdf", kwargs={"pk": letter.pk})
    expert = letter.assignment.expert
    Person.objects.filter(pk=expert.person.pk).update(user=expert_user)
    home = home_member(expert)
    for user in (secretariat, home, expert_user, rocb_officer):  # scoped like the letter: the region's ROCB too
        response = client_as(user).get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    stranger = base.ExpertUserFactory(username="another-expert")
    other_region = base.RocbFactory(username="rocb-eur", region=base.region("EUR"))
    for user in (other_member_user, other_region, stranger):
        assert client_as(user).get(url).status_code == 404, user


def test_letter_without_stored_pdf_is_rendered_on_download(secretariat, client_as):
    _mission, [assignment] = flow.release_requested(secretariat, experts=[make_expert()])  # on_commit not run
    letter = ReleaseLetter.objects.get(assignment=assignment)
    assert not letter.pdf
    response = client_as(secretariat).get(reverse("missions:letter-pdf", kwargs={"pk": letter.pk}))
    assert response.content.startswith(b"%PDF")


def test_commitment_beyond_window_is_stated(secretariat):
    expert = make_expert(on=datetime.date(2020, 1, 6))  # window ended in 2023
    _mission, [assignment] = flow.release_requested(secretariat, experts=[expert])
    text = text_of(release_letter.render_release_letter(ReleaseLetter.objects.get(assignment=assignment)))
    assert "No release commitment applies" in text
