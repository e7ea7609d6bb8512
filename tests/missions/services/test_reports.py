"""The mission report: written by the team leader, reviewed by the Secretariat, required to close."""

import pytest
from django.core import mail
from django.urls import reverse

from missions import services
from missions.choices import Status
from missions.models import MissionReport, ReportStatus
from tests import factories as base
from tests.missions import flow
from tests.missions.factories import make_expert
from wcocb.errors import ConflictError, DomainError, ForbiddenError

pytestmark = pytest.mark.django_db

SECTIONS = {
    "purpose": "Diagnose the risk management function.",
    "participants_profile": "12 officers, 4 managers.",
    "main_activities": "Interviews, site visits, workshop.",
    "initial_feedback_and_outcomes": "Strong interest; action plan drafted.",
    "future_needs": "Follow-up on targeting.",
}


@pytest.fixture(autouse=True)
def _eager_tasks():
    from wcocb.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def leader_user(db):
    return base.ExpertUserFactory(username="team-leader")


@pytest.fixture
def completed(secretariat, leader_user):
    lead = make_expert(user=leader_user)
    mission, _assignments = flow.ready_to_deploy(secretariat, experts=[lead, make_expert(administration="KR")])
    flow.deploy(request=mission, by=secretariat)
    flow.complete(request=mission, by=secretariat)
    mission.refresh_from_db()
    return mission


def test_leader_drafts_submits_and_secretariat_accepts_then_the_mission_closes(completed, leader_user, secretariat):
    with pytest.raises(DomainError, match="mission report must be submitted"):
        services.request_close(request=completed, by=secretariat)
    report = services.report_save_draft(request=completed, by=leader_user, purpose="Draft purpose")
    assert (report.status, report.purpose) == (ReportStatus.DRAFT, "Draft purpose")
    report = services.report_save_draft(request=completed, by=leader_user, **SECTIONS)
    report = services.report_submit(report=report, by=leader_user)
    assert (report.status, report.submitted_by) == (ReportStatus.SUBMITTED, leader_user)
    with pytest.raises(DomainError, match="mission report must be submitted"):
        services.request_close(request=completed, by=secretariat)
    report = services.report_review(report=report, accept=True, by=secretariat)
    assert (report.status, report.reviewed_by) == (ReportStatus.ACCEPTED, secretariat)
    assert services.report_is_accepted(completed)
    services.request_close(request=completed, by=secretariat)
    completed.refresh_from_db()
    assert completed.status == Status.CLOSED


def test_submit_needs_every_section(completed, leader_user):
    report = services.report_save_draft(request=completed, by=leader_user, purpose="Only this")
    with pytest.raises(DomainError, match="Fill in every section") as exc:
        services.report_submit(report=report, by=leader_user)
    assert "future needs" in str(exc.value)


def test_only_the_team_leader_writes_and_submits(completed, secretariat, expert_user, member_user):
    for user in (secretariat, expert_user, member_user):
        with pytest.raises(ForbiddenError):
            services.report_save_draft(request=completed, by=user, **SECTIONS)


def test_submit_only_once_the_mission_is_completed(secretariat, leader_user):
    mission, _ = flow.ready_to_deploy(secretariat, experts=[make_expert(user=leader_user)])
    with pytest.raises(ConflictError, match="once the mission is deployed"):
        services.report_save_draft(request=mission, by=leader_user, **SECTIONS)
    flow.deploy(request=mission, by=secretariat)
    report = services.report_save_draft(request=mission, by=leader_user, **SECTIONS)  # a draft during the mission
    with pytest.raises(ConflictError, match="once the mission is completed"):
        services.report_submit(report=report, by=leader_user)


def test_return_needs_a_comment_and_reopens_the_report(completed, leader_user, secretariat):
    report = services.report_submit(
        report=services.report_save_draft(request=completed, by=leader_user, **SECTIONS), by=leader_user
    )
    with pytest.raises(ConflictError):
        services.report_save_draft(request=completed, by=leader_user, purpose="Changed after submission")
    with pytest.raises(DomainError, match="Say what must change"):
        services.report_review(report=report, accept=False, by=secretariat)
    with pytest.raises(ForbiddenError):
        services.report_review(report=report, accept=True, by=leader_user)
    report = services.report_review(report=report, accept=False, comment="Add participant numbers", by=secretariat)
    assert (report.status, report.review_comment) == (ReportStatus.RETURNED, "Add participant numbers")
    services.report_save_draft(request=completed, by=leader_user, participants_profile="12 officers (8 F, 4 M)")
    report = services.report_submit(report=report, by=leader_user)
    assert report.status == ReportStatus.SUBMITTED
    with pytest.raises(ConflictError):
        services.report_submit(report=report, by=leader_user)


def test_review_notifications(completed, leader_user, secretariat, django_capture_on_commit_callbacks):
    report = services.report_save_draft(request=completed, by=leader_user, **SECTIONS)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, by=leader_user)
    assert secretariat.email in [m.to[0] for m in mail.outbox]  # every Secretariat user
    assert all(m.subject.startswith("Mission report submitted") for m in mail.outbox)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_review(report=report, accept=False, comment="More detail", by=secretariat)
    [message] = mail.outbox
    assert message.to == [leader_user.email]  # the login's address first, else the person record's
    assert "More detail" in message.body


def test_secretariat_delivered_missions_close_without_report(secretariat):
    mission = flow.searching(secretariat)
    services.request_deliver_by_secretariat(request=mission, by=secretariat)
    mission.refresh_from_db()
    assert services.report_close_check(mission) is None


# --- pages -----------------------------------------------------------------------------------------
def test_report_pages(completed, leader_user, secretariat, client_as, other_member_user):
    edit = reverse("missions:report-edit", kwargs={"pk": completed.pk})
    detail = reverse("missions:report-detail", kwargs={"pk": completed.pk})
    panel = reverse("missions:report-panel", kwargs={"pk": completed.pk})
    client = client_as(leader_user)
    assert client.get(edit).status_code == 200
    assert b"Write the report" in client.get(panel).content
    assert client.post(edit, {**SECTIONS, "submit": "1"}).status_code == 302
    assert MissionReport.objects.get(request=completed).status == ReportStatus.SUBMITTED
    assert client_as(secretariat).get(edit).status_code == 404  # not the team leader
    page = client_as(secretariat).get(detail)
    assert page.status_code == 200
    assert b"Record the review" in page.content
    assert client_as(secretariat).post(detail, {"decision": "return", "comment": ""}).status_code == 400
    assert client_as(secretariat).post(detail, {"decision": "accept"}).status_code == 302
    assert MissionReport.objects.get(request=completed).status == ReportStatus.ACCEPTED
    assert client_as(other_member_user).get(detail).status_code == 404
    assert panel.encode() in client_as(secretariat).get(completed.get_absolute_url()).content


# --- API -------------------------------------------------------------------------------------------
def test_report_api(completed, leader_user, secretariat, api_as, member_user, other_member_user):
    api = api_as(leader_user)
    created = api.post("/api/v1/mission-reports/", {"request": completed.pk, **SECTIONS}, format="json")
    assert created.status_code == 201, created.json()
    report_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    submitted = api.post(f"/api/v1/mission-reports/{report_id}/submit/")
    assert (submitted.status_code, submitted.json()["status"]) == (200, "submitted")
    again = api.post(f"/api/v1/mission-reports/{report_id}/submit/")
    assert again.status_code == 409
    assert "cannot be submitted again" in again.json()["error"]["message"]
    assert api.post(f"/api/v1/mission-reports/{report_id}/review/", {"accept": True}).status_code == 403
    secretariat_api = api_as(secretariat)
    refused = secretariat_api.post(f"/api/v1/mission-reports/{report_id}/review/", {"accept": False}, format="json")
    assert refused.status_code == 400
    accepted = secretariat_api.post(f"/api/v1/mission-reports/{report_id}/review/", {"accept": True}, format="json")
    assert (accepted.status_code, accepted.json()["status"]) == (200, "accepted")
    assert api_as(member_user).get("/api/v1/mission-reports/").json()["count"] == 1  # the requesting member reads
    assert api_as(other_member_user).get("/api/v1/mission-reports/").json()["count"] == 0
    assert api_as(member_user).post(f"/api/v1/mission-reports/{report_id}/submit/").status_code == 403


@pytest.mark.parametrize("count", [2, 12])
def test_mission_report_list_query_count(api_as, secretariat, django_assert_max_num_queries, count):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from missions.models import MissionReport
    from tests.missions.factories import MissionRequestFactory

    for index in range(count):
        MissionReport.objects.create(
            request=MissionRequestFactory(),
            status="submitted",
            submitted_by=secretariat,
            reviewed_by=secretariat,
            attachment=SimpleUploadedFile(f"a{index}.pdf", b"%PDF") if index % 2 else "",
        )
    client = api_as(secretariat)
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/mission-reports/", {"page_size": count})
    assert len(response.json()["results"]) == count


def test_a_failed_submit_on_the_page_leaves_no_draft(completed, leader_user, client_as):
    """Given no report yet, when the team leader submits an empty form, then it is refused and no draft exists."""
    url = reverse("missions:report-edit", kwargs={"pk": completed.pk})
    response = client_as(leader_user).post(url, {name: "" for name in SECTIONS} | {"submit": "1"})
    assert response.status_code == 400
    assert "Fill in every section" in response.content.decode()
    assert not MissionReport.objects.filter(request=completed).exists()


def test_a_refused_submission_keeps_the_earlier_draft_unchanged(completed, leader_user):
    services.report_save_draft(request=completed, by=leader_user, purpose="Kept")
    with pytest.raises(DomainError, match="Fill in every section"):
        services.report_save_and_submit(request=completed, by=leader_user, purpose="Changed", future_needs="")
    report = MissionReport.objects.get(request=completed)
    assert (report.status, report.purpose) == (ReportStatus.DRAFT, "Kept")


def test_resubmission_clears_the_previous_review_comment(completed, leader_user, secretariat, client_as):
    report = services.report_save_and_submit(request=completed, by=leader_user, **SECTIONS)
    services.report_review(report=report, accept=False, comment="Add the participants' grades.", by=secretariat)
    report = services.report_save_and_submit(
        request=completed, by=leader_user, participants_profile="12 officers (grades 5-8), 4 managers."
    )
    assert report.status == ReportStatus.SUBMITTED
    assert (report.review_comment, report.reviewed_by, report.reviewed_at) == ("", None, None)
    page = client_as(secretariat).get(reverse("missions:report-detail", kwargs={"pk": completed.pk}))
    assert "Add the participants" not in page.content.decode()


def test_saving_an_accepted_report_is_refused_because_it_is_accepted(completed, leader_user, secretariat):
    report = services.report_save_and_submit(request=completed, by=leader_user, **SECTIONS)
    services.report_review(report=report, accept=True, by=secretariat)
    services.request_close(request=completed, by=secretariat)
    with pytest.raises(ConflictError, match="Accepted"):
        services.report_save_draft(request=completed, by=leader_user, purpose="Late change")
    with pytest.raises(ConflictError, match="Accepted"):
        services.report_submit(report=report, by=leader_user)


def test_close_is_offered_only_once_the_report_is_accepted(completed, leader_user, secretariat, client_as):
    from missions import rules

    assert "close" not in rules.allowed_actions(completed, secretariat)
    page = client_as(secretariat).get(completed.get_absolute_url())
    assert "close" not in [name for name, *_ in page.context["actions"]]
    report = services.report_save_and_submit(request=completed, by=leader_user, **SECTIONS)
    assert "close" not in rules.allowed_actions(completed, secretariat)
    services.report_review(report=report, accept=True, by=secretariat)
    assert "close" in rules.allowed_actions(completed, secretariat)
