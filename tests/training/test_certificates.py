"""Certificates: the PDF (one page whatever the name, honours shown, QR code to the verification page), the
public verification (no login, who/what/when/honours, unknown, revoked, throttled) and revocation."""

import io

import pytest
from django.core.cache import cache
from django.test import Client
from pypdf import PdfReader

from tests.pdf import drawn_chars
from tests.training.factories import SessionFactory, certified, officer
from training import services
from training.documents import certificate as document
from training.models import Certificate
from wcocb.errors import ConflictError, DomainError, ForbiddenError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def test_the_code_is_unguessable_and_unique(secretariat):
    session = SessionFactory()
    codes = {certified(session, by=secretariat).code for _ in range(5)}
    assert len(codes) == 5
    assert all(len(code) >= 22 for code in codes)


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("Ana", "Silva"),
        ("Αλέξανδρος-Χριστόφορος", "Παπαδόπουλος-Κωνσταντινίδης"),
        ("Мария", "Кузнецова"),
        ("محمد", "عبد الرحمن"),
        ("Maximilianus" * 4, "Wolfeschlegelsteinhausenbergerdorff" * 2),
    ],
)
def test_the_pdf_is_one_page_with_the_name_honours_and_code(secretariat, first, last):
    certificate = certified(
        SessionFactory(), officer("TH", first_name=first, last_name=last), by=secretariat, honours=True
    )
    pdf = document.render(certificate)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert certificate.code in text.replace("\n", "")
    assert "honours" in text.lower()
    width = float(reader.pages[0].mediabox.width)
    positions = []
    reader.pages[0].extract_text(visitor_text=lambda t, cm, tm, fd, fs: positions.append(tm[4]) if t.strip() else None)
    assert all(0 <= x <= width for x in positions)


def test_a_certificate_without_honours_does_not_say_honours(secretariat):
    pdf = document.render(certified(SessionFactory(), by=secretariat))
    assert "honours" not in PdfReader(io.BytesIO(pdf)).pages[0].extract_text().lower()


def test_the_verification_page_needs_no_login_and_says_who_what_when(secretariat):
    session = SessionFactory(title="VCOA 5th session")
    certificate = certified(session, officer("TH", first_name="Somchai", last_name="Prasert"), by=secretariat)
    response = Client().get(f"/training/verify/{certificate.code}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Somchai Prasert" in body
    assert "VCOA 5th session" in body
    assert 'data-status="valid"' in body
    assert "Without honours" in body


def test_the_json_verification(secretariat):
    certificate = certified(SessionFactory(), by=secretariat, honours=True)
    body = Client().get(f"/training/verify/{certificate.code}/", {"format": "json"}).json()
    assert body["status"] == "valid"
    assert body["honours"] is True
    assert body["holder"] == certificate.holder_name


def test_an_unknown_code_is_said_to_be_unknown():
    response = Client().get("/training/verify/not-a-real-code/")
    assert response.status_code == 404
    assert 'data-status="unknown"' in response.content.decode()
    assert Client().get("/training/verify/", {"code": "nope", "format": "json"}).json() == {"status": "unknown"}


def test_lookups_are_throttled():
    client = Client()
    codes = [client.get(f"/training/verify/guess-{n}/").status_code for n in range(25)]
    assert codes[:20] == [404] * 20
    assert set(codes[20:]) == {429}


def test_the_secretariat_revokes_with_a_reason_and_the_page_says_so(secretariat):
    certificate = certified(SessionFactory(), by=secretariat)
    with pytest.raises(DomainError):
        services.certificate_revoke(certificate=certificate, reason="  ", by=secretariat)
    services.certificate_revoke(certificate=certificate, reason="Identity fraud", by=secretariat)
    with pytest.raises(ConflictError):
        services.certificate_revoke(certificate=certificate, reason="again", by=secretariat)
    body = Client().get(f"/training/verify/{certificate.code}/").content.decode()
    assert 'data-status="revoked"' in body
    assert "Identity fraud" in body


def test_only_the_secretariat_revokes(secretariat, member_user, rocb_officer):
    certificate = certified(SessionFactory(), by=secretariat)
    for user in (member_user, rocb_officer):
        with pytest.raises(ForbiddenError):
            services.certificate_revoke(certificate=certificate, reason="No", by=user)
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None


def test_the_pdf_download_is_scoped(client_as, secretariat, member_user, other_member_user):
    certificate = certified(SessionFactory(), officer("TH"), by=secretariat)
    response = client_as(member_user).get(f"/training/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert client_as(other_member_user).get(f"/training/certificates/{certificate.pk}/pdf/").status_code == 404


def test_revocation_through_the_api(api_as, secretariat, member_user):
    certificate = certified(SessionFactory(), officer("TH"), by=secretariat)
    url = f"/api/v1/training/certificates/{certificate.pk}/revoke/"
    assert api_as(member_user).post(url, {"reason": "x"}, format="json").status_code == 403
    assert api_as(secretariat).post(url, {}, format="json").status_code == 400
    response = api_as(secretariat).post(url, {"reason": "Issued in error"}, format="json")
    assert response.status_code == 200
    assert response.json()["revoked"] is True
    assert api_as(secretariat).post(url, {"reason": "again"}, format="json").status_code == 409


@pytest.mark.parametrize(
    ("iso", "first", "last", "font"),
    [
        ("JP", "太郎", "山田", "NotoSansCJKJP"),
        ("JP", "さくら", "佐藤", "NotoSansCJKJP"),
        ("CN", "秀英", "王", "NotoSansCJKSC"),
        ("EG", "محمد", "عبد الرحمن", "DejaVuSans"),
        ("RU", "Мария", "Кузнецова", "DejaVuSans"),
    ],
)
def test_the_name_is_drawn_in_its_own_script_with_a_font_that_has_it(secretariat, iso, first, last, font):
    """Every character of the name is in the PDF's text, drawn with a real glyph (not the .notdef box) of a font
    that covers the script: Noto Sans CJK (Japanese or Simplified Chinese forms, from the administration) for
    Japanese and Chinese, DejaVu Sans for Arabic and Cyrillic."""
    person = officer(iso, first_name=first, last_name=last)
    certificate = certified(SessionFactory(), person, by=secretariat)
    drawn = drawn_chars(document.render(certificate))
    letters = [char for char in drawn if char.text.strip() and not char.text.isascii()]
    name_letters = {letter for letter in certificate.holder_name if not letter.isspace()}
    assert name_letters <= {char.text for char in letters}
    for char in letters:
        if char.text in name_letters:
            assert char.cid != 0, f"{char.text!r} drawn as .notdef by {char.fontname}"
            assert font in char.fontname.replace("-", ""), f"{char.text!r} drawn by {char.fontname}"
