"""The integrity pages: the home, the form saved as you go (htmx), submit, share, review, the comparison, the
plan board, the risk matrix, the read log; and no door (export, search, history, file download, list) shows an
administration's integrity records to another."""

import datetime

import pytest
from django.urls import reverse

from integrity import services
from integrity.models import Answer, Assessment, IntegrityRead, Question
from tests import factories as base
from tests.integrity import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return f.member_of("TH", username="th-pages")


@pytest.fixture
def kenya():
    """Another administration's confidential records, each with a word that must not show elsewhere."""
    kenyan = f.member_of("KE", username="ke-pages")
    assessment = f.submitted(kenyan, title="Zanzoria assessment")
    plan = services.plan_create(administration=kenyan.administration, title="Zanzoria plan", by=kenyan)
    services.risk_create(
        administration=kenyan.administration,
        by=kenyan,
        process="Zanzoria process",
        risk="r",
        likelihood=2,
        impact=2,
        owner="o",
        review_date=datetime.date(2027, 1, 1),
    )
    return kenyan, assessment, plan


def test_a_member_starts_and_fills_an_assessment_each_answer_saved_as_it_is_given(client_as, officer):
    client = client_as(officer)
    response = client.post(
        reverse("integrity:assessment-create"),
        {"questionnaire": f.arusha().pk, "title": "Page assessment", "assessed_on": "2026-05-01"},
    )
    assessment = Assessment.objects.get(title="Page assessment")
    assert response.url == reverse("integrity:assessment-fill", args=[assessment.pk])
    page = client.get(response.url, {"section": "automation"})
    assert page.status_code == 200
    questions = list(Question.objects.filter(section__questionnaire=f.arusha(), section__code="automation"))
    assert all(q.text_en in page.content.decode() for q in questions)
    saved = client.post(
        reverse("integrity:assessment-answer", args=[assessment.pk]),
        {"question": questions[0].pk, "level": 3, "comment": "EDI everywhere"},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200
    assert "Saved" in saved.content.decode()
    assert Answer.objects.get(assessment=assessment, question=questions[0]).comment == "EDI everywhere"
    wrong = client.post(
        reverse("integrity:assessment-answer", args=[assessment.pk]),
        {"question": questions[0].pk, "level": 8},
        HTTP_HX_REQUEST="true",
    )
    assert wrong.status_code == 400


def test_submit_share_review_on_the_assessment_page(client_as, officer):
    assessment = f.start(officer)
    f.answer_all(assessment, officer, 3)
    client = client_as(officer)
    client.post(reverse("integrity:assessment-submit", args=[assessment.pk]))
    client.post(reverse("integrity:assessment-share", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    assert assessment.is_shared
    clerk = client_as(base.SecretariatFactory())
    clerk.post(reverse("integrity:assessment-review", args=[assessment.pk]), {"comment": "Candid."})
    assessment.refresh_from_db()
    assert assessment.status == "reviewed"
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "Candid." in page
    assert 'id="radar"' in page
    assert page.count("<polygon") == 6  # five rings and the assessment


def test_a_rocb_officer_sees_only_assessments_shared_with_it(client_as, officer):
    shared = services.assessment_share(assessment=f.submitted(officer, title="Shared one"), by=officer, shared=True)
    private = f.submitted(officer, title="Private one")
    rocb = client_as(base.RocbFactory(region=base.region("AP")))
    listing = rocb.get(reverse("integrity:assessment-list")).content.decode()
    assert "Shared one" in listing
    assert "Private one" not in listing
    assert rocb.get(shared.get_absolute_url()).status_code == 200
    assert rocb.get(private.get_absolute_url()).status_code == 404
    assert rocb.get(reverse("integrity:plan-list")).status_code == 403


def test_the_comparison_page_shows_both_and_the_change(client_as, officer):
    before = f.submitted(officer, level=2, assessed_on=datetime.date(2025, 3, 1), title="Year one")
    after = f.submitted(officer, level=4, title="Year two")
    page = client_as(officer).get(reverse("integrity:assessment-compare", args=[after.pk]))
    text = page.content.decode()
    assert page.context["before"] == before
    assert all(change.change == 2 for change in page.context["changes"])
    assert "+2.00" in text
    assert "radar-series-1" in text


def test_the_plan_board_and_the_progress_form(client_as, officer):
    plan = services.plan_create(administration=officer.administration, title="Board plan", by=officer)
    client = client_as(officer)
    factor = f.arusha().sections.get(code="hr")
    client.post(
        reverse("integrity:action-create", args=[plan.pk]),
        {"title": "Rotate officers", "factor": factor.pk, "owner": officer.pk, "due_date": "2027-02-01"},
    )
    action = plan.actions.get()
    board = client.get(plan.get_absolute_url())
    assert [len(actions) for _s, _l, actions in board.context["columns"]] == [1, 0, 0, 0]
    client.post(
        reverse("integrity:action-detail", args=[action.pk]),
        {"status": "in_progress", "progress": 50, "due_date": "2027-02-01", "comment": "half way"},
    )
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 50)
    assert "half way" in client.get(reverse("integrity:action-detail", args=[action.pk])).content.decode()


def test_the_risk_matrix_page(client_as, officer):
    client = client_as(officer)
    client.post(
        reverse("integrity:risk-create"),
        {
            "process": "Transit",
            "risk": "Seals",
            "likelihood": 3,
            "impact": 4,
            "owner": "Unit",
            "review_date": "2027-01-01",
        },
    )
    page = client.get(reverse("integrity:risk-map"))
    assert page.context["matrix"][1][2]["count"] == 1  # impact 4 (second row), likelihood 3
    assert "Transit" in page.content.decode()


def test_no_door_shows_another_administrations_integrity_records(client_as, officer, kenya):
    kenyan, assessment, plan = kenya
    evidence = services.evidence_add(
        assessment=f.start(kenyan, title="Zanzoria draft"), title="Zanzoria file", file=f.pdf(), by=kenyan
    )
    client = client_as(officer)
    doors = [
        reverse("integrity:home"),
        reverse("integrity:assessment-list") + "?q=Zanzoria",
        reverse("integrity:plan-list"),
        reverse("integrity:risk-map"),
        reverse("integrity:read-log"),
        reverse("home"),
        "/api/v1/integrity/assessments/?q=Zanzoria",
    ]
    for url in doors:
        response = client.get(url)
        text = response.content.decode()
        for word in ("Zanzoria assessment", "Zanzoria plan", "Zanzoria process", "Zanzoria draft", "Zanzoria file"):
            assert word not in text, url
    hidden = [
        reverse("integrity:assessment-export", args=[assessment.pk]),
        reverse("integrity:assessment-detail", args=[assessment.pk]),
        reverse("integrity:assessment-compare", args=[assessment.pk]),
        reverse("integrity:evidence-download", args=[evidence.pk]),
        reverse("integrity:plan-detail", args=[plan.pk]),
        reverse("history", args=["integrity.assessment", assessment.pk]),
        reverse("history", args=["integrity.actionplan", plan.pk]),
    ]
    for url in hidden:
        assert client.get(url).status_code == 404, url


def test_the_export_is_formula_safe_and_its_read_is_logged(client_as, officer):
    assessment = f.start(officer)
    question = Question.objects.filter(section__questionnaire=assessment.questionnaire).first()
    services.answer_save(assessment=assessment, question=question, level=2, comment="=HYPERLINK(1)", by=officer)
    clerk = base.SecretariatFactory(username="export-clerk")
    response = client_as(clerk).get(reverse("integrity:assessment-export", args=[assessment.pk]))
    text = response.content.decode()
    assert "'=HYPERLINK(1)" in text
    assert text.splitlines()[0].startswith("Section,")
    read = IntegrityRead.objects.get(reader=clerk)
    assert read.door == "export"
    downloads = services.evidence_add(assessment=assessment, title="File", file=f.pdf(), by=officer)
    download = client_as(clerk).get(downloads.get_download_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert IntegrityRead.objects.filter(reader=clerk, door="download").count() == 1
    log = client_as(officer).get(reverse("integrity:read-log")).content.decode()
    assert "export-clerk" in log or str(clerk) in log


def test_the_radar_chart_keeps_its_coordinates_in_french(client_as, officer):
    import re

    assessment = f.submitted(officer, level=3)
    client = client_as(officer)
    client.cookies["django_language"] = "fr"
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "Maturité par facteur" in page
    coordinates = re.findall(r'<text x="([^"]+)" y="([^"]+)"', page)
    assert len(coordinates) == 10
    assert all("," not in x and "," not in y for x, y in coordinates)


def test_the_plan_form_offers_the_workshops_of_the_administration_and_the_plan_links_to_it(client_as, officer):
    from tests.training import factories as tf

    hosted = tf.SessionFactory(
        programme=tf.programme("INTEGRITY"), host=officer.administration, title="Integrity workshop, Chiang Mai"
    )
    tf.SessionFactory(programme=tf.programme("INTEGRITY"), host=base.member("KE"), title="Integrity workshop, Mombasa")
    client = client_as(officer)
    form = client.get(reverse("integrity:plan-create")).content.decode()
    assert "Integrity workshop, Chiang Mai" in form
    assert "Integrity workshop, Mombasa" not in form
    created = client.post(reverse("integrity:plan-create"), {"title": "NIAP", "workshop_session": hosted.pk})
    plan = officer.administration.integrity_plans.get(title="NIAP")
    assert created.status_code == 302
    page = client.get(plan.get_absolute_url()).content.decode()
    assert f'href="{hosted.get_absolute_url()}" id="plan-workshop"' in page
    both = client.post(
        reverse("integrity:plan-create"), {"title": "NIAP 2", "workshop_session": hosted.pk, "workshop": "Text too"}
    )
    assert both.status_code == 200
    assert "Name the workshop once" in both.content.decode()


def test_a_read_of_the_change_history_from_outside_the_administration_is_logged(client_as, officer, secretariat):
    assessment = f.submitted(officer, title="History-read assessment")
    risk = services.risk_create(
        administration=officer.administration,
        by=officer,
        process="Deleted process",
        risk="r",
        likelihood=2,
        impact=2,
        owner="o",
        review_date=datetime.date(2027, 1, 1),
    )
    risk_pk = risk.pk
    services.risk_delete(risk=risk, by=officer)

    assert client_as(officer).get(reverse("history", args=["integrity.assessment", assessment.pk])).status_code == 200
    assert not IntegrityRead.objects.exists()  # the administration's own reads are not logged

    clerk = client_as(secretariat)
    assert clerk.get(reverse("history", args=["integrity.assessment", assessment.pk])).status_code == 200
    assert clerk.get(reverse("history", args=["integrity.risk", risk_pk])).status_code == 200  # deleted: its trail
    questionnaire = f.arusha()
    assert clerk.get(reverse("history", args=["integrity.questionnaire", questionnaire.pk])).status_code == 200
    log = list(
        IntegrityRead.objects.order_by("pk").values_list(
            "administration_id", "reader_id", "record_type", "record_id", "door"
        )
    )
    assert log == [
        (officer.administration_id, secretariat.pk, "integrity.Assessment", assessment.pk, "history"),
        (officer.administration_id, secretariat.pk, "integrity.Risk", risk_pk, "history"),
    ]  # the public questionnaire's history is no administration's record
