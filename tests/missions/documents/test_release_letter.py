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
from tests import pdf
from tests.missions import flow
from tests.missions.factories import home_member, make_expert
from wcocb.models import Language, MemberAdministration, Person

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


LONG_TITLE = (
    "Regional diagnostic of risk management, post-clearance audit and authorized economic operator programmes "
    "for the Pacific Islands, with single window interoperability and TFA articles 7.4, 7.5 and 7.7"
)
LONG_ADMINISTRATION = (
    "Administration générale des douanes et accises, Direction de la coopération internationale et de "
    "l'assistance technique, Service de la formation professionnelle continue"
)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_character_of_a_long_letter_stays_inside_the_margins(secretariat, language):
    """Given a long mission title, a long home administration name, an unbroken reference and long objectives,
    when the letter is rendered in English or French, then every character is drawn inside the page margins."""
    expert = make_expert(administration="FR")
    MemberAdministration.objects.filter(iso_code="FR").update(name_en=LONG_ADMINISTRATION, name_fr=LONG_ADMINISTRATION)
    objectives = "Assess the programme. " * 40 + "https://example.org/" + "x" * 150
    _mission, [assignment] = flow.release_requested(
        secretariat, experts=[expert], title=LONG_TITLE, objectives=objectives
    )
    letter = ReleaseLetter.objects.get(assignment=assignment)
    letter.language = language
    content = release_letter.render_release_letter(letter)
    pdf.keep(content, f"release-letter-long-{language}")
    assert len(LONG_TITLE) == 199
    assert pdf.outside_margins(content) == []
    text = text_of(content)
    assert " ".join(LONG_TITLE.split()[:8]) in text
    assert "Administration générale des douanes" in text
    assert "x" * 20 in text  # the unbroken word is there, broken across lines inside the margin


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
