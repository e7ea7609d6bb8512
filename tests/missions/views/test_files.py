"""Mission files (documents, report attachments, release letter PDFs) are served only through
permission-checked views, scoped like their mission or letter; uploads are limited in type and size."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from missions import models, selectors, services
from missions.choices import Action
from missions.models import MissionDocument, MissionReport
from tests import factories as base
from tests import samples
from tests.missions import flow
from tests.missions.factories import MissionRequestFactory, home_member, make_expert
from wcocb.errors import DomainError

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


# --- uploads checked by their content --------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(samples.IMPOSTORS))
def test_an_upload_whose_bytes_are_not_an_allowed_document_is_a_400_with_the_reason(
    api_as, secretariat, mission, name
):
    content, reason = samples.IMPOSTORS[name]
    before = set(_stored_files(mission))
    response = api_as(secretariat).post(
        f"{URL}{mission.pk}/upload-document/",
        {"kind": "agenda", "file": samples.upload(name, content)},
        format="multipart",
    )
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert reason in " ".join(error["fields"]["file"])
    assert not MissionDocument.objects.filter(kind="agenda").exists()
    assert set(_stored_files(mission)) == before  # nothing stored


@pytest.mark.parametrize("name", sorted(samples.genuine()))
def test_office_documents_and_images_are_accepted_by_their_bytes(api_as, secretariat, mission, name):
    upload = samples.upload(name, samples.genuine()[name])
    response = api_as(secretariat).post(
        f"{URL}{mission.pk}/upload-document/", {"kind": "presentation", "file": upload}, format="multipart"
    )
    assert response.status_code == 200, response.content


def test_an_exe_renamed_pdf_does_not_count_as_terms_of_reference(client_as, secretariat):
    """Given a team formed without terms of reference, an .exe named tor.pdf is refused on the page, so the
    mission still cannot be deployed for want of its terms of reference."""
    mission, _team = flow.team_formed(secretariat)
    for assignment in mission.assignments.all():
        services.assignment_brief(assignment=assignment, by=secretariat)
    page = client_as(secretariat).post(
        f"/missions/{mission.pk}/act/upload_document/",
        {"upload_document-kind": "tor", "upload_document-file": samples.upload("tor.pdf", samples.EXE)},
        follow=True,
    )
    assert "Windows program" in page.content.decode()
    assert not mission.documents.exists()
    with pytest.raises(DomainError, match="terms of reference"):
        flow.deploy(request=mission, by=secretariat)


def test_upload_over_the_size_cap_is_refused_on_the_page(client_as, secretariat, mission, monkeypatch):
    monkeypatch.setattr(models, "MAX_UPLOAD_BYTES", 10)
    response = client_as(secretariat).post(
        f"/missions/{mission.pk}/act/upload_document/",
        {"upload_document-kind": "agenda", "upload_document-file": SimpleUploadedFile("big.pdf", b"x" * 11)},
        follow=True,
    )
    assert "files up to 10" in response.content.decode()
    assert not MissionDocument.objects.filter(kind="agenda").exists()


def test_the_service_refuses_an_impostor_whatever_the_door(secretariat, mission):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="web page"):
        services.document_upload(
            request=mission, kind="agenda", file=SimpleUploadedFile("x.pdf", samples.HTML), by=secretariat
        )


def test_a_report_attachment_is_checked_by_its_bytes(secretariat, leader_mission):
    from django.core.exceptions import ValidationError

    mission, leader = leader_mission
    with pytest.raises(ValidationError, match="SVG"):
        services.report_save_draft(
            request=mission, by=leader, purpose="P", attachment=samples.upload("photo.png", samples.SVG)
        )
    assert not MissionReport.objects.filter(request=mission).exists()


# --- replacing and removing a document --------------------------------------------------------------
def test_whoever_may_upload_replaces_a_document_and_the_timeline_says_so(
    client_as, mission, expert_user, django_capture_on_commit_callbacks
):
    document = MissionDocument.objects.get(request=mission)
    old_name = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(expert_user).post(  # the team leader may upload, so may replace
            f"/missions/{mission.pk}/act/replace_document/",
            {
                "replace_document-document": document.pk,
                "replace_document-file": samples.upload("tor-v2.pdf", samples.PDF),
            },
            follow=True,
        )
    assert response.status_code == 200
    document.refresh_from_db()
    assert document.file.name != old_name
    assert document.uploaded_by == expert_user
    with document.file.open("rb") as stored:
        assert stored.read() == samples.PDF
    event = mission.timeline.get(action=Action.DOCUMENT_REPLACED)
    assert (event.actor, "tor-v2.pdf" in selectors.event_text(event)) == (expert_user, True)
    assert not document.file.storage.exists(old_name)  # the old version left storage once committed


def test_replacing_with_an_impostor_keeps_the_document(api_as, secretariat, mission):
    document = MissionDocument.objects.get(request=mission)
    response = api_as(secretariat).post(
        f"{URL}{mission.pk}/replace-document/",
        {"document": document.pk, "file": samples.upload("tor.pdf", samples.EXE)},
        format="multipart",
    )
    assert response.status_code == 400
    document.refresh_from_db()
    with document.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 ToR"
    assert not mission.timeline.filter(action=Action.DOCUMENT_REPLACED).exists()


def test_remove_a_document_through_the_api_on_the_timeline(
    api_as, secretariat, mission, django_capture_on_commit_callbacks
):
    document = MissionDocument.objects.get(request=mission)
    name = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(secretariat).post(
            f"{URL}{mission.pk}/remove-document/", {"document": document.pk, "comment": "Wrong version"}, format="json"
        )
    assert response.status_code == 200, response.content
    assert not MissionDocument.objects.filter(pk=document.pk).exists()
    assert not document.file.storage.exists(name)
    event = mission.timeline.get(action=Action.DOCUMENT_REMOVED)
    assert "Wrong version" in event.comment
    assert "remove_document" not in response.json()["actions"]  # nothing left to remove


def test_those_who_may_not_upload_may_not_replace_or_remove(api_as, member_user, mission):
    document = MissionDocument.objects.get(request=mission)
    response = api_as(member_user).post(
        f"{URL}{mission.pk}/remove-document/", {"document": document.pk}, format="json"
    )
    assert response.status_code in {403, 404}
    assert MissionDocument.objects.filter(pk=document.pk).exists()


def test_another_requests_document_is_refused(api_as, secretariat, mission):
    other, _team = flow.ready_to_deploy(secretariat)
    foreign = MissionDocument.objects.get(request=other)
    response = api_as(secretariat).post(f"{URL}{mission.pk}/remove-document/", {"document": foreign.pk}, format="json")
    assert response.status_code == 400
    assert "no such document" in response.json()["error"]["message"]
    assert MissionDocument.objects.filter(pk=foreign.pk).exists()


def _stored_files(mission) -> list[str]:
    """The files kept for ``mission``'s documents (the media folder is shared with the other test worker,
    whose own missions may have the same keys and write their letters meanwhile)."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.MEDIA_ROOT) / "missions" / str(mission.pk) / "documents"
    return [str(path) for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def leader_mission(secretariat, expert_user):
    mission, _ = flow.ready_to_deploy(secretariat, experts=[make_expert(administration="JP", user=expert_user)])
    flow.deploy(request=mission, by=secretariat)
    return mission, expert_user


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


def test_the_team_leader_replaces_and_removes_the_report_attachment_on_the_timeline(
    leader_mission, client_as, django_capture_on_commit_callbacks
):
    mission, leader = leader_mission
    services.report_save_draft(request=mission, by=leader, attachment=samples.upload("photos.pdf", samples.PDF))
    report = MissionReport.objects.get(request=mission)
    first = report.attachment.name
    with django_capture_on_commit_callbacks(execute=True):
        services.report_save_draft(
            request=mission, by=leader, attachment=samples.upload("photos-v2.png", samples.genuine()["photo.png"])
        )
    report.refresh_from_db()
    assert report.attachment_name == "photos-v2.png"
    assert not report.attachment.storage.exists(first)
    url = f"/missions/{mission.pk}/report/edit/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(leader).post(url, {"purpose": "P", "attachment-clear": "on"})
    assert response.status_code == 302, response.content
    report.refresh_from_db()
    assert not report.attachment
    entries = [
        (event.action, selectors.system_lines(event))
        for event in mission.timeline.filter(data__has_key="system").order_by("pk")
        if selectors.system_lines(event)[0].startswith("Report attachment")
    ]
    assert entries == [
        (Action.DOCUMENT_UPLOADED, ["Report attachment: photos.pdf"]),
        (Action.DOCUMENT_REPLACED, ["Report attachment: photos.pdf \N{RIGHTWARDS ARROW} photos-v2.png"]),
        (Action.DOCUMENT_REMOVED, ["Report attachment: photos-v2.png"]),
    ]
