"""The Mercator API: a plan opened, moved through its phases and reported on by each role within its rights;
filters; refusals as 400/403/409 with the reason."""

import datetime

import pytest

from mercator.choices import Phase
from mercator.models import Plan
from tests import factories as base
from tests.mercator import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/mercator/"


@pytest.fixture
def clerk():
    return base.SecretariatFactory()


def test_a_plan_from_request_to_monitoring_through_the_api(api_as, clerk, member_user):
    mpa_user = base.ExpertUserFactory()
    mpa = f.make_mpa(user=mpa_user)
    api = api_as(clerk)
    response = api.post(f"{API}plans/", {
        "administration": "TH", "title": "Thailand Mercator plan", "request_reference": "TH/CUS/2026/14",
        "request_date": "2026-02-10", "contact_name": "Khun Somchai", "track": "tailor_made", "form": "multi_year",
    }, format="json")  # fmt: skip
    assert response.status_code == 201, response.json()
    plan_id = response.json()["id"]
    assert response.json()["phase"] == Phase.REQUEST_RECEIVED
    assert api.post(f"{API}plans/{plan_id}/assign-mpa/", {"expert": mpa.pk}, format="json").status_code == 200
    mpa_api = api_as(mpa_user)
    assert mpa_api.post(f"{API}plans/{plan_id}/advance/", {}, format="json").json()["phase"] == Phase.VALIDATION
    assert mpa_api.post(f"{API}plans/{plan_id}/advance/", {}, format="json").json()["phase"] == Phase.DIAGNOSTIC
    refused = mpa_api.post(f"{API}plans/{plan_id}/advance/", {}, format="json")
    assert refused.status_code == 409
    assert "diagnostic" in refused.json()["error"]["message"]
    diagnostic = mpa_api.post(f"{API}diagnostics/", {
        "plan": plan_id, "title": "Mercator diagnostic", "start_date": "2026-03-02", "end_date": "2026-03-06",
    }, format="json")  # fmt: skip
    assert diagnostic.status_code == 201, diagnostic.json()
    finding = mpa_api.post(f"{API}findings/", {"diagnostic": diagnostic.json()["id"], "text": "Paper-based risk",
                                               "area": "technical"}, format="json")  # fmt: skip
    assert finding.status_code == 201, finding.json()
    mpa_api.post(f"{API}plans/{plan_id}/advance/", {}, format="json")
    recommendation = mpa_api.post(f"{API}recommendations/", {
        "plan": plan_id, "finding": finding.json()["id"], "title": "Set up a risk management unit",
        "measures": ["7.4", "7.5"], "area": "technical", "priority": "high",
    }, format="json")  # fmt: skip
    assert recommendation.status_code == 201, recommendation.json()
    rec_id = recommendation.json()["id"]
    moved = mpa_api.post(f"{API}recommendations/{rec_id}/move/", {"to": "in_progress"}, format="json")
    assert moved.json()["status"] == "in_progress"
    assert moved.json()["history"][0]["to_state"] == "in_progress"
    kpi = mpa_api.post(f"{API}kpis/", {
        "plan": plan_id, "recommendation": rec_id, "name": "Physical inspection rate", "unit": "%",
        "baseline_value": "60", "baseline_date": "2026-01-01", "target_value": "20", "target_date": "2028-01-01",
    }, format="json")  # fmt: skip
    assert kpi.status_code == 201, kpi.json()
    assert mpa_api.post(f"{API}plans/{plan_id}/advance/", {}, format="json").json()["phase"] == Phase.MONITORING
    # the contact point reports; the Secretariat approves
    member_api = api_as(member_user)
    report = member_api.post(f"{API}period-reports/", {
        "plan": plan_id, "kind": "quarter", "period_start": "2026-07-01", "period_end": "2026-09-30",
        "narrative": "Unit set up",
    }, format="json")  # fmt: skip
    assert report.status_code == 201, report.json()
    report_id = report.json()["id"]
    actuals = {"actuals": [{"kpi": kpi.json()["id"], "value": "40"}]}
    patched = member_api.patch(f"{API}period-reports/{report_id}/", actuals, format="json")
    assert patched.status_code == 200, patched.json()
    assert member_api.post(f"{API}period-reports/{report_id}/submit/", {}, format="json").status_code == 200
    assert member_api.post(f"{API}period-reports/{report_id}/approve/", {}, format="json").status_code == 403
    returned = api_as(clerk).post(f"{API}period-reports/{report_id}/return/", {}, format="json")
    assert returned.status_code == 400  # the comment is required
    assert api_as(clerk).post(f"{API}period-reports/{report_id}/approve/", {}, format="json").json()["status"] == (
        "approved"
    )
    progress = api_as(member_user).get(f"{API}plans/{plan_id}/progress/").json()
    assert progress["kpis"][0]["progress"] == "0.5000"  # (40 - 60) / (20 - 60)
    detail = api_as(member_user).get(f"{API}plans/{plan_id}/").json()
    assert detail["chain"][0]["measures"] == ["7.4", "7.5"]
    assert detail["chain"][0]["finding"] == finding.json()["id"]
    assert [e["kind"] for e in detail["timeline"]][:2] == ["opened", "mpa_assigned"]


def test_a_member_may_patch_progress_fields_only(api_as, clerk, member_user):
    plan = f.advance_to(f.make_plan(clerk), Phase.PLANNING_DELIVERY, clerk)
    activity = f.add_activity(plan, clerk)
    api = api_as(member_user)
    ok = api.patch(f"{API}activities/{activity.pk}/", {"actual_cost": "900", "status": "in_progress"}, format="json")
    assert ok.status_code == 200, ok.json()
    refused = api.patch(f"{API}activities/{activity.pk}/", {"planned_cost": "1"}, format="json")
    assert refused.status_code == 403
    assert "progress" in refused.json()["error"]["message"]
    assert api.post(f"{API}plans/{plan.pk}/advance/", {}, format="json").status_code == 403


def test_bad_input_is_a_400_with_field_errors(api_as, clerk):
    plan = f.make_plan(clerk)
    response = api_as(clerk).post(f"{API}risks/", {"plan": plan.pk, "title": "x", "likelihood": 9, "impact": 0},
                                  format="json")  # fmt: skip
    assert response.status_code == 400
    assert {"likelihood", "impact"} <= set(response.json()["error"]["fields"])
    response = api_as(clerk).post(f"{API}plans/", {"administration": "ZZ", "title": "x"}, format="json")
    assert response.status_code == 400


def test_the_plan_filters(api_as, clerk):
    th = f.make_plan(clerk, administration="TH")
    ke = f.advance_to(f.make_plan(clerk, administration="KE"), Phase.VALIDATION, clerk)
    api = api_as(clerk)

    def ids(**params):
        return {row["id"] for row in api.get(f"{API}plans/", params).json()["results"]}

    assert ids(administration="TH") == {th.pk}
    assert ids(region="ESA") == {ke.pk}
    assert ids(phase="validation") == {ke.pk}
    assert ids(track="tailor_made") == {th.pk, ke.pk}
    assert ids(track="overall") == set()


def test_the_recommendation_filters(api_as, clerk):
    plan = f.advance_to(f.make_plan(clerk), Phase.PLANNING_DELIVERY, clerk)
    risk = f.add_recommendation(plan, clerk, measures=("7.4",))
    window = f.add_recommendation(plan, clerk, title="Single window", measures=("10.4",))
    api = api_as(clerk)

    def ids(**params):
        return {row["id"] for row in api.get(f"{API}recommendations/", params).json()["results"]}

    assert ids(tfa_article="7") == {risk.pk}
    assert ids(tfa_article="10") == {window.pk}
    assert ids(status="open") == {risk.pk, window.pk}
    assert ids(status="implemented") == set()


def test_commitments_and_the_matrix_in_the_api(api_as, member_user, other_member_user):
    api = api_as(member_user)
    created = api.post(f"{API}tfa-commitments/", {"administration": "TH", "measure": "7.7", "category": "C",
                                                  "definitive_date": "2027-02-22"}, format="json")  # fmt: skip
    assert created.status_code == 201, created.json()
    foreign = api.post(f"{API}tfa-commitments/", {"administration": "JP", "measure": "7.7", "category": "B"},
                       format="json")  # fmt: skip
    assert foreign.status_code == 403
    row_id = created.json()["id"]
    assert api_as(other_member_user).patch(f"{API}tfa-commitments/{row_id}/", {"status": "in_progress"},
                                           format="json").status_code == 404  # fmt: skip
    matrix = api_as(member_user).get(f"{API}tfa-matrix/", {"region": "AP"}).json()
    assert [row["administration"] for row in matrix] == ["TH"]
    cell = next(c for c in matrix[0]["cells"] if c["measure"] == "7.7")
    assert cell["category"] == "C"
    assert matrix[0]["rate"]["total"] == 1
    articles = api_as(member_user).get(f"{API}tfa-articles/").json()
    assert [a["number"] for a in articles][-1] == "23"
    assert api_as(member_user).patch(f"{API}tfa-measures/1/", {"name_en": "x"}, format="json").status_code == 403


def test_the_secretariat_edits_the_tfa_reference_data(api_as, clerk):
    from mercator.models import TfaMeasure

    measure = TfaMeasure.objects.get(number="7.8")
    response = api_as(clerk).patch(f"{API}tfa-measures/{measure.pk}/", {"name_fr": "Envois express"}, format="json")
    assert response.status_code == 200, response.json()
    measure.refresh_from_db()
    assert measure.name_fr == "Envois express"


def test_a_hold_and_a_withdrawal_need_reasons(api_as, clerk):
    plan = f.make_plan(clerk)
    api = api_as(clerk)
    assert api.post(f"{API}plans/{plan.pk}/hold/", {}, format="json").status_code == 400
    assert api.post(f"{API}plans/{plan.pk}/hold/", {"reason": "Elections"}, format="json").json()["phase"] == "on_hold"
    assert api.post(f"{API}plans/{plan.pk}/resume/", {}, format="json").json()["phase"] == "request_received"
    assert api.post(f"{API}plans/{plan.pk}/withdraw/", {"reason": "Merged"}, format="json").json()["phase"] == (
        "withdrawn"
    )
    assert api.post(f"{API}plans/{plan.pk}/advance/", {}, format="json").status_code == 409
    assert Plan.objects.get(pk=plan.pk).phase == Phase.WITHDRAWN
    assert datetime.date.fromisoformat(api.get(f"{API}plans/{plan.pk}/").json()["request_date"])
