"""The integrity API: a member fills, submits and shares an assessment; the Secretariat reviews; the comparison;
plans, actions, risks; refusals are 400/403/409 with the reason; every read from outside is logged."""

import datetime

import pytest

from integrity.models import Assessment, IntegrityRead, Question
from tests import factories as base
from tests.integrity import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/v1/integrity/"


@pytest.fixture
def officer():
    return f.member_of("TH", username="th-api")


def test_a_member_fills_submits_and_shares_an_assessment_through_the_api(api_as, officer):
    api = api_as(officer)
    created = api.post(
        f"{URL}assessments/",
        {"questionnaire": f.arusha().pk, "title": "API assessment", "assessed_on": "2026-04-01"},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["administration_id"] == officer.administration_id
    for question in Question.objects.filter(section__questionnaire=f.arusha()):
        answered = api.post(f"{URL}assessments/{pk}/answers/", {"question": question.pk, "level": 4}, format="json")
        assert answered.status_code == 200, answered.content
    evidence = api.post(f"{URL}assessments/{pk}/evidence/", {"title": "Policy", "file": f.pdf()}, format="multipart")
    assert evidence.status_code == 201, evidence.content
    submitted = api.post(f"{URL}assessments/{pk}/submit/", {"comment": "done"}, format="json")
    assert submitted.status_code == 200
    body = submitted.json()
    assert body["status"] == "submitted"
    assert body["overall_score"] == "4.00"
    assert {row["score"] for row in body["scores"]} == {"4.00"}
    frozen = api.post(f"{URL}assessments/{pk}/answers/", {"question": question.pk, "level": 1}, format="json")
    assert frozen.status_code == 409
    assert "frozen" in frozen.json()["error"]["message"]
    shared = api.post(f"{URL}assessments/{pk}/share/", {"shared": True}, format="json")
    assert shared.json()["shared_with_rocb"] is True
    rocb_officer = base.RocbFactory(region=base.region("AP"))
    assert api_as(rocb_officer).get(f"{URL}assessments/{pk}/").status_code == 200
    # (api_as re-authenticates one client: take it back for the officer, then again for the ROCB)
    api_as(officer).post(f"{URL}assessments/{pk}/share/", {"shared": False}, format="json")
    assert api_as(rocb_officer).get(f"{URL}assessments/{pk}/").status_code == 404


def test_bad_input_is_a_400_with_field_errors(api_as, officer):
    api = api_as(officer)
    bad = api.post(f"{URL}assessments/", {"questionnaire": f.arusha().pk, "title": "x", "assessed_on": "1900-01-01"})
    assert bad.status_code == 400
    assert "assessed_on" in str(bad.json())
    assessment = f.start(officer)
    question = Question.objects.filter(section__questionnaire=assessment.questionnaire).first()
    level = api.post(f"{URL}assessments/{assessment.pk}/answers/", {"question": question.pk, "level": 9})
    assert level.status_code == 400
    risk = api.post(f"{URL}risks/", {"process": "p", "risk": "r", "likelihood": 7, "impact": 2, "owner": "o"})
    assert risk.status_code == 400
    assert {"likelihood", "review_date"} <= set(str(risk.json()).replace("'", " ").split())


def test_the_secretariat_reviews_and_a_member_may_not(api_as, officer):
    assessment = f.submitted(officer)
    assert api_as(officer).post(f"{URL}assessments/{assessment.pk}/review/", {"comment": "x"}).status_code == 403
    reviewed = api_as(base.SecretariatFactory()).post(
        f"{URL}assessments/{assessment.pk}/review/", {"comment": "Good baseline"}, format="json"
    )
    assert reviewed.status_code == 200
    assert reviewed.json()["review_comment"] == "Good baseline"


def test_the_comparison_gives_the_change_per_factor(api_as, officer):
    before = f.submitted(officer, level=2, assessed_on=datetime.date(2025, 3, 1), title="2025")
    after = f.submitted(officer, level=lambda q: 4 if q.section.code == "automation" else 3, title="2026")
    rows = api_as(officer).get(f"{URL}assessments/{after.pk}/compare/").json()
    changes = {row["code"]: row for row in rows}
    assert len(changes) == 10
    assert changes["automation"] == {
        "code": "automation",
        "name": "Automation",
        "before": "2.00",
        "after": "4.00",
        "change": "2.00",
    }
    assert changes["leadership"]["change"] == "1.00"
    explicit = api_as(officer).get(f"{URL}assessments/{after.pk}/compare/", {"since": before.pk}).json()
    assert explicit == rows
    other = f.submitted(f.member_of("JP"))
    assert api_as(officer).get(f"{URL}assessments/{after.pk}/compare/", {"since": other.pk}).status_code == 404


def test_the_assessment_list_filters_by_administration_template_and_status(api_as, officer):
    f.submitted(officer, title="Submitted one")
    f.start(officer, title="Draft one", questionnaire=f.gender())
    f.submitted(f.member_of("KE"), title="Kenyan")
    clerk = api_as(base.SecretariatFactory())

    def titles(**params):
        return {row["title"] for row in clerk.get(f"{URL}assessments/", params).json()["results"]}

    assert titles(administration=officer.administration_id) == {"Submitted one", "Draft one"}
    assert titles(template=f.gender().pk) == {"Draft one"}
    assert titles(status="submitted") == {"Submitted one", "Kenyan"}


def test_each_read_from_outside_is_logged_and_shown_to_the_administration(api_as, officer):
    assessment = f.start(officer, title="Confidential draft")
    clerk = base.SecretariatFactory(username="reader-clerk")
    api_as(officer).get(f"{URL}assessments/{assessment.pk}/")
    assert not IntegrityRead.objects.exists()
    api_as(clerk).get(f"{URL}assessments/{assessment.pk}/")
    api_as(clerk).get(f"{URL}assessments/")
    log = api_as(officer).get(f"{URL}reads/").json()["results"]
    assert [(row["reader"], row["record_label"], row["door"]) for row in log] == [
        (clerk.pk, "Confidential draft", "api"),
        (clerk.pk, "Confidential draft", "api"),
    ]
    assert api_as(f.member_of("JP")).get(f"{URL}reads/").json()["results"] == []


def test_plans_actions_and_risks_through_the_api(api_as, officer):
    api = api_as(officer)
    assessment = f.submitted(officer)
    plan = api.post(f"{URL}action-plans/", {"title": "NIAP", "assessment": assessment.pk}, format="json")
    assert plan.status_code == 201, plan.content
    plan_id = plan.json()["id"]
    factor = assessment.questionnaire.sections.get(code="conduct")
    action = api.post(
        f"{URL}actions/",
        {
            "plan": plan_id,
            "factor": factor.pk,
            "title": "Sign the code",
            "owner": officer.pk,
            "due_date": "2027-01-31",
        },
        format="json",
    )
    assert action.status_code == 201, action.content
    progress = api.post(
        f"{URL}actions/{action.json()['id']}/progress/", {"status": "in_progress", "progress": 30}, format="json"
    )
    assert progress.status_code == 200
    assert [u["progress"] for u in progress.json()["updates"]] == [0, 30]
    assert api.post(f"{URL}action-plans/{plan_id}/adopt/", {"adopted_on": "2026-06-01"}).json()["status"] == "adopted"
    risk = api.post(
        f"{URL}risks/",
        {
            "process": "Valuation",
            "risk": "Bribes",
            "likelihood": 3,
            "impact": 4,
            "owner": "Unit",
            "review_date": "2027-01-01",
        },
        format="json",
    )
    assert risk.status_code == 201, risk.content
    assert risk.json()["score"] == 12
    patched = api.patch(f"{URL}risks/{risk.json()['id']}/", {"impact": 5}, format="json")
    assert patched.json()["score"] == 15
    assert api.delete(f"{URL}risks/{risk.json()['id']}/").status_code == 204


def test_another_administrations_records_cannot_be_named(api_as, officer):
    kenya = f.submitted(f.member_of("KE"))
    api = api_as(officer)
    named = api.post(
        f"{URL}assessments/",
        {"questionnaire": f.arusha().pk, "title": "x", "assessed_on": "2026-01-01", "corrects": kenya.pk},
        format="json",
    )
    assert named.status_code == 400
    plan = api.post(f"{URL}action-plans/", {"title": "NIAP", "assessment": kenya.pk}, format="json")
    assert plan.status_code == 400
    assert Assessment.objects.filter(administration=officer.administration).count() == 0


def test_the_questionnaires_are_read_by_all_and_versioned_by_the_secretariat(api_as, officer):
    listed = api_as(officer).get(f"{URL}templates/").json()["results"]
    assert {row["code"] for row in listed} == {"arusha", "gender"}
    assert api_as(officer).post(f"{URL}templates/{f.arusha().pk}/new-version/").status_code == 403
    clerk = api_as(base.SecretariatFactory())
    copy = clerk.post(f"{URL}templates/{f.arusha().pk}/new-version/")
    assert copy.status_code == 201
    assert (copy.json()["version"], copy.json()["status"], len(copy.json()["sections"])) == (2, "draft", 10)
    published = clerk.post(f"{URL}templates/{copy.json()['id']}/publish/")
    assert published.json()["status"] == "published"


def test_a_plan_names_its_workshop_session_through_the_api(api_as, officer):
    from tests.training import factories as tf

    hosted = tf.SessionFactory(programme=tf.programme("INTEGRITY"), host=officer.administration)
    kenyan = tf.SessionFactory(programme=tf.programme("INTEGRITY"), host=base.member("KE"))
    api = api_as(officer)
    plan = api.post(f"{URL}action-plans/", {"title": "NIAP", "workshop_session": hosted.pk}, format="json")
    assert plan.status_code == 201, plan.content
    assert (plan.json()["workshop_session"], plan.json()["workshop"]) == (hosted.pk, "")
    refused = api.post(f"{URL}action-plans/", {"title": "NIAP 2", "workshop_session": kenyan.pk}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "workshop_session"
