"""The mission report as a PDF on the standard template, laid out for print: every section in the reader's
language, every character inside the page margins, downloadable by those who see the report only."""

import pytest
from django.urls import reverse

from missions import services
from missions.documents.mission_report import render_mission_report
from tests import factories as base
from tests import pdf
from tests.missions import flow
from tests.missions.documents.test_release_letter import text_of
from tests.missions.factories import make_expert

pytestmark = pytest.mark.django_db

LONG_TITLE = "Post-clearance audit and risk management diagnostic " * 3 + "Pacificislandsregionalprogramme" * 4


@pytest.fixture
def leader_user(db):
    return base.ExpertUserFactory(username="team-leader")


@pytest.fixture
def report(secretariat, leader_user):
    lead = make_expert(user=leader_user)
    mission, _team = flow.ready_to_deploy(secretariat, experts=[lead], title=LONG_TITLE[:200])
    flow.deploy(request=mission, by=secretariat)
    flow.complete(request=mission, by=secretariat)
    report = services.report_save_draft(
        request=mission,
        by=leader_user,
        purpose="Diagnose the risk management function.\nSecond paragraph of the purpose.",
        participants_profile="12 officers, 4 managers. " * 30,
        main_activities="Interviews, site visits, workshop. " * 80,
        initial_feedback_and_outcomes="Strong interest; action plan drafted. https://example.org/" + "y" * 160,
        future_needs="Follow-up on targeting.",
    )
    return services.report_submit(report=report, by=leader_user)


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("en", ["Purpose", "Participants' profile", "Main activities", "Initial feedback and outcomes", "Future"]),
        ("fr", ["Objet", "Profil des participants", "Activités principales", "Premiers retours et résultats"]),
    ],
)
def test_report_pdf_has_every_section_inside_the_margins(report, language, headings):
    content = render_mission_report(report, language=language)
    pdf.keep(content, f"mission-report-{language}")
    assert content.startswith(b"%PDF-")
    assert pdf.outside_margins(content) == []
    assert pdf.page_count(content) >= 2  # the long sections flow onto further pages
    text = text_of(content)
    for heading in headings:
        assert heading in text, heading
    assert "Diagnose the risk management function." in text
    assert "Follow-up on targeting." in text
    assert report.request.reference in text


def test_report_pdf_download_is_scoped_like_the_report(report, client_as, secretariat, leader_user, member_user):
    url = reverse("missions:report-pdf", kwargs={"pk": report.request_id})
    for user in (secretariat, leader_user, member_user):  # member_user: the requesting administration (Thailand)
        response = client_as(user).get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
    outsider = base.MemberUserFactory(username="kenya-member", administration=base.member("KE"))
    assert client_as(outsider).get(url).status_code == 404
    assert client_as(secretariat).get(reverse("missions:report-pdf", kwargs={"pk": 999999})).status_code == 404
