"""Mission files (documents, report attachments, release letter PDFs) are served only through
permission-checked views, scoped like their mission or letter; uploads are limited in type and size."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from missions import models
from missions.models import MissionDocument, MissionReport
from tests import factories as base
from tests.missions import flow
from tests.missions.factories import MissionRequestFactory, home_member, make_expert

pytestmark = pytest.mark.django_db

URL = "/api/v1/mission-requests/"


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def mission(secretariat, expert_user):
    """A Thai mission ready to deploy: the ``expert_user`` from Japan leads it, its ToR is uploaded."""
    mission, _ = flow.ready_to_deploy(secretariat, experts=[make_expert(administration="JP", user=expert_user)])
    return mission


# --- documents -------------------------------------------------------------------------------------
@pytest.mark.parametrize("user_fixture", ["secretariat", "rocb_officer", "member_user", "expert_user"])
def test_those_who_see_the_mission_download_its_document(request, client_as, mission, user_fixture):
    document = MissionDocument.objects.get(request=mission)
    response = client_as(request.getfixturevalue(user_fixture)).get(document.get_download_url())
    assert response.status_code == 200
    assert body_of(response) == b"%PDF-1.4 ToR"
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("user_fixture", ["other_member_user"])
def test_another_administration_gets_a_404_for_the_document(request, client_as, mission, user_fixture):
    document = MissionDocument.objects.get(request=mission)
    assert client_as(request.getfixturevalue(user_fixture)).get(document.get_download_url()).status_code == 404
    europe = base.RocbFactory(region=base.region("EUR"))
    assert client_as(europe).get(document.get_download_url()).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, mission):
    document = MissionDocument.objects.get(request=mission)
    response = client.get(document.get_download_url())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_page_and_api_link_to_the_checked_view_not_to_media(client_as, api_as, member_user, mission):
    document = MissionDocument.objects.get(request=mission)
    page = client_as(member_user).get(mission.get_absolute_url()).content.decode()
    assert f'href="{document.get_download_url()}"' in page
    assert "/media/" not in page
    assert client_as(member_user).get("/media/" + document.file.name).status_code == 404


def test_api_document_link_downloads_with_an_api_token(api_as, secretariat, mission):
    tor = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda", content_type="application/pdf")
    api = api_as(secretariat)
    body = api.post(f"{URL}{mission.pk}/upload-document/", {"kind": "agenda", "file": tor}, format="multipart")
    assert body.status_code == 200, body.content
    document = MissionDocument.objects.get(request=mission, kind="agenda")
    from missions.api.serializers import MissionDocumentSerializer

    link = MissionDocumentSerializer(document).data["file"]
    assert link == document.get_download_url()
    token = Token.objects.create(user=secretariat)
    client = APIClient()
    assert body_of(client.get(link, HTTP_AUTHORIZATION=f"Token {token.key}")) == b"%PDF-1.4 agenda"
    assert client.get(link, HTTP_AUTHORIZATION="Token wrong").status_code == 302
    other = Token.objects.create(user=base.MemberUserFactory(administration=base.member("JP")))
    assert client.get(link, HTTP_AUTHORIZATION=f"Token {other.key}").status_code == 404


# --- upload limits ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["macro.exe", "script.js", "noextension"])
def test_upload_of_a_disallowed_type_is_a_400_with_the_reason(api_as, secretariat, mission, name):
    upload = SimpleUploadedFile(name, b"MZ...")
    response = api_as(secretariat).post(
        f"{URL}{mission.pk}/upload-document/", {"kind": "agenda", "file": upload}, format="multipart"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert "file" in error["fields"]
    assert "cannot be uploaded. Allowed types: pdf, docx" in str(error["fields"]["file"])
    assert not MissionDocument.objects.filter(kind="agenda").exists()


@pytest.mark.parametrize("name", ["slides.PPTX", "minutes.docx", "table.xlsx", "notes.odt", "photo.jpg"])
def test_office_documents_and_images_are_accepted(api_as, secretariat, mission, name):
    upload = SimpleUploadedFile(name, b"content")
    response = api_as(secretariat).post(
        f"{URL}{mission.pk}/upload-document/", {"kind": "presentation", "file": upload}, format="multipart"
    )
    assert response.status_code == 200, response.content


def test_upload_over_the_size_cap_is_refused_on_the_page(client_as, secretariat, mission, monkeypatch):
    monkeypatch.setattr(models, "MAX_UPLOAD_BYTES", 10)
    response = client_as(secretariat).post(
        f"/missions/{mission.pk}/act/upload_document/",
        {"upload_document-kind": "agenda", "upload_document-file": SimpleUploadedFile("big.pdf", b"x" * 11)},
        follow=True,
    )
    assert "files up to 10" in response.content.decode()
    assert not MissionDocument.objects.filter(kind="agenda").exists()


def test_the_service_refuses_a_disallowed_type_whatever_the_door(secretariat, mission):
    from django.core.exceptions import ValidationError

    from missions import services

    with pytest.raises(ValidationError, match="cannot be uploaded"):
        services.document_upload(
            request=mission, kind="agenda", file=SimpleUploadedFile("x.html", b"<script>"), by=secretariat
        )


# --- report attachments ----------------------------------------------------------------------------
def test_report_attachment_for_those_who_see_the_report(client_as, api_as, member_user, other_member_user):
    mission = MissionRequestFactory()
    report = MissionReport.objects.create(
        request=mission, attachment=SimpleUploadedFile("photos.pdf", b"%PDF-1.4 photos")
    )
    url = report.get_download_url()
    response = client_as(member_user).get(url)
    assert response.status_code == 200
    assert body_of(response) == b"%PDF-1.4 photos"
    assert client_as(other_member_user).get(url).status_code == 404
    row = api_as(member_user).get(f"/api/v1/mission-reports/{report.pk}/").json()
    assert row["attachment"] == f"http://testserver{url}"
    page = client_as(member_user).get(report.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page
    assert ">photos" in page


def test_report_without_attachment_has_none(client_as, api_as, member_user):
    report = MissionReport.objects.create(request=MissionRequestFactory())
    assert api_as(member_user).get(f"/api/v1/mission-reports/{report.pk}/").json()["attachment"] is None
    assert client_as(member_user).get(report.get_download_url()).status_code == 404


# --- release letter PDFs ---------------------------------------------------------------------------
def test_letter_pdf_for_secretariat_rocb_home_and_expert_only(
    client_as, api_as, secretariat, rocb_officer, expert_user
):
    jp_expert = make_expert(administration="JP", user=expert_user)
    _mission, [assignment] = flow.release_requested(secretariat, experts=[jp_expert])
    letter = assignment.release_letter
    url = letter.get_download_url()
    for user in (secretariat, rocb_officer, home_member(jp_expert), expert_user):
        response = client_as(user).get(url)
        assert response.status_code == 200, user
        assert body_of(response).startswith(b"%PDF")
    requesting = base.MemberUserFactory(administration=base.member("TH"))
    assert client_as(requesting).get(url).status_code == 404  # addressed to Japan, not to Thailand
    assert client_as(base.MemberUserFactory(administration=base.member("KR"))).get(url).status_code == 404
    page = client_as(rocb_officer).get("/missions/release-letters/").content.decode()
    assert f'href="{url}"' in page  # the link the ROCB is shown now works
    assert api_as(rocb_officer).get(f"/api/v1/release-letters/{letter.pk}/").json()["pdf"] == f"http://testserver{url}"
