"""The training pages: catalogue, session (participants, statistics), nomination form, the moves, my training."""

import pytest

from tests.training.factories import SessionFactory, certified, completed, ended_session, nominated, officer
from training.choices import ParticipantStatus as S
from training.models import Participant

pytestmark = pytest.mark.django_db


def test_the_catalogue_and_a_session_page(client_as, member_user, secretariat):
    session = SessionFactory(title="VCOA 6th session")
    certified(session, officer("TH", gender="F"), by=secretariat, honours=True)
    client = client_as(member_user)
    assert "Virtual Customs Orientation Academy" in client.get("/training/").content.decode()
    assert "VCOA 6th session" in client.get("/training/sessions/").content.decode()
    page = client.get(f"/training/sessions/{session.pk}/").content.decode()
    assert 'id="statistics"' in page
    assert 'id="nominate"' in page
    assert "feedback-summary" not in page  # the aggregates are the Secretariat's and the ROCB's
    staff = client_as(secretariat).get(f"/training/sessions/{session.pk}/").content.decode()
    assert "feedback-summary" in staff
    assert client.get(f"/training/programmes/{session.programme_id}/").status_code == 200


def test_a_member_nominates_a_new_officer_through_the_form(client_as, member_user):
    session = SessionFactory()
    client = client_as(member_user)
    assert client.get(f"/training/sessions/{session.pk}/nominate/").status_code == 200
    response = client.post(
        f"/training/sessions/{session.pk}/nominate/",
        {"first_name": "Malee", "last_name": "Boonma", "gender": "F", "post": "Inspector"},
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.person.administration == member_user.administration
    assert participant.post == "Inspector"
    empty = client.post(f"/training/sessions/{session.pk}/nominate/", {})
    assert empty.status_code == 200
    assert Participant.objects.count() == 1


def test_the_moves_from_the_page_and_a_refusal_shown(client_as, secretariat, member_user):
    participant = nominated(SessionFactory(), officer("TH"), by=member_user)
    client = client_as(secretariat)
    client.post(f"/training/participants/{participant.pk}/move/select/", {})
    client.post(f"/training/participants/{participant.pk}/move/enrol/", {})
    participant.refresh_from_db()
    assert participant.status == S.ENROLLED
    page = client_as(member_user).get(f"/training/participants/{participant.pk}/")
    assert 'data-move="withdraw"' in page.content.decode()
    assert 'data-move="complete"' not in page.content.decode()
    refused = client_as(member_user).post(f"/training/participants/{participant.pk}/move/complete/", {}, follow=True)
    assert "Only the Secretariat" in refused.content.decode()
    assert client.post(f"/training/participants/{participant.pk}/move/teleport/", {}).status_code == 404


def test_certify_with_honours_from_the_page_and_revoke(client_as, secretariat):
    participant = completed(SessionFactory(), by=secretariat)
    client = client_as(secretariat)
    client.post(f"/training/participants/{participant.pk}/move/certify/", {"honours": "on"})
    participant.refresh_from_db()
    assert participant.honours is True
    page = client.get(f"/training/participants/{participant.pk}/").content.decode()
    assert "certificate-code" in page
    client.post(f"/training/certificates/{participant.certificate.pk}/revoke/", {"reason": "Error"})
    participant.certificate.refresh_from_db()
    assert participant.certificate.is_revoked


def test_reviewers_from_the_participant_page(client_as, expert_user, secretariat):
    participant = completed(ended_session("LMD"), officer("TH", user=expert_user), by=secretariat)
    client = client_as(expert_user)
    page = client.get(f"/training/participants/{participant.pk}/").content.decode()
    assert 'id="reviewers"' in page
    client.post(
        f"/training/participants/{participant.pk}/reviewers/", {"slot": "peer", "name": "P", "email": "p@x.org"}
    )
    assert participant.reviewers.get().email == "p@x.org"
    client.post(f"/training/participants/{participant.pk}/reviewers/", {"slot": "peer", "name": "", "email": "bad"})
    assert participant.reviewers.get().email == "p@x.org"


def test_my_training_lists_my_sessions_and_certificates(client_as, expert_user, secretariat):
    person = officer("TH", user=expert_user)
    certified(SessionFactory(title="Fellowship 2026 (English)"), person, by=secretariat, honours=True)
    page = client_as(expert_user).get("/training/mine/").content.decode()
    assert "Fellowship 2026 (English)" in page
    assert "PDF" in page


def test_the_import_page(client_as, secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as(secretariat)
    assert client.get("/training/import/").status_code == 200
    upload = SimpleUploadedFile("export.txt", b"nope")
    assert "Upload a .csv" in client.post("/training/import/", {"file": upload}).content.decode()
