"""The Mercator pages: overview (map and table), list, plan page, actions, reports, activity, matrix, commitment."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mercator.choices import Phase, ReportStatus
from mercator.models import PeriodReport, Plan
from tests import factories as base
from tests.mercator import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return base.SecretariatFactory()


@pytest.fixture
def plan(clerk):
    plan = f.advance_to(f.make_plan(clerk, title="Thailand plan"), Phase.PLANNING_DELIVERY, clerk)
    recommendation = f.add_recommendation(plan, clerk)
    f.add_activity(plan, clerk, recommendation=recommendation)
    f.add_milestone(plan, clerk, due=datetime.date(2026, 6, 1), achieved_on=datetime.date(2026, 5, 20))
    kpi = f.add_kpi(plan, clerk, recommendation=recommendation)
    f.add_risk(plan, clerk, likelihood=4, impact=5)
    f.approved_report(plan, clerk, actuals={kpi: 15})
    return plan


def test_the_overview_has_the_map_data_and_a_table(client_as, plan, member_user):
    page = client_as(member_user).get(reverse("mercator:overview"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "mercator/world.json" in text
    assert 'id="member-table"' in text
    assert page.context["map_phases"] == {"TH": Phase.PLANNING_DELIVERY}


def test_the_world_map_data_is_served_from_our_static_files():
    import json
    from pathlib import Path

    from django.conf import settings

    world = json.loads((Path(settings.BASE_DIR) / "static" / "mercator" / "world.json").read_text())
    assert {"TH", "KE", "AF", "ZW"} <= set(world["countries"])
    assert world["countries"]["TH"]["d"].startswith("M")


def test_the_plan_page_shows_its_parts(client_as, plan, member_user):
    page = client_as(member_user).get(plan.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    for part in ("plan-phases", "milestones", "kpis", "board", "risk-matrix", "reports", "chain", "timeline", "rag"):
        assert f'id="{part}"' in text, part
    assert "action-advance" not in text  # the member does not move the plan
    assert page.context["progress"].on_time_share == 1


def test_the_plan_list_filters_by_phase(client_as, plan, clerk):
    other = f.make_plan(clerk, administration="KE", title="Kenya plan")
    page = client_as(clerk).get(reverse("mercator:plan-list"), {"phase": "planning_delivery"})
    assert plan in page.context["object_list"]
    assert other not in page.context["object_list"]


def test_the_secretariat_opens_a_plan_with_its_written_request(client_as, clerk):
    pdf = SimpleUploadedFile("request.pdf", b"%PDF-1.4 request", content_type="application/pdf")
    response = client_as(clerk).post(reverse("mercator:plan-create"), {
        "administration": base.member("KE").pk, "title": "Kenya Mercator plan", "track": "tailor_made",
        "form": "multi_year", "request_reference": "KRA/2026/3", "request_date": "2026-03-01",
        "request_document": pdf, "contact_name": "Jane Doe",
    })  # fmt: skip
    plan = Plan.objects.get(title="Kenya Mercator plan")
    assert response.status_code == 302
    download = client_as(clerk).get(reverse("mercator:plan-request-document", args=[plan.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_written_request_that_is_not_a_pdf_is_refused(client_as, clerk):
    fake = SimpleUploadedFile("request.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client_as(clerk).post(reverse("mercator:plan-create"), {
        "administration": base.member("KE").pk, "title": "Fake", "track": "tailor_made", "form": "multi_year",
        "request_reference": "X", "request_date": "2026-03-01", "request_document": fake, "contact_name": "J",
    })  # fmt: skip
    assert response.status_code == 200
    assert "not a PDF" in response.content.decode()
    assert not Plan.objects.filter(title="Fake").exists()


def test_phase_actions_from_the_plan_page(client_as, plan, clerk, member_user):
    client = client_as(member_user)
    client.post(reverse("mercator:plan-action", args=[plan.pk, "advance"]))
    plan.refresh_from_db()
    assert plan.phase == Phase.PLANNING_DELIVERY  # refused, with a message
    client = client_as(clerk)
    client.post(reverse("mercator:plan-action", args=[plan.pk, "hold"]), {"reason": "Elections"})
    plan.refresh_from_db()
    assert plan.phase == Phase.ON_HOLD
    client.post(reverse("mercator:plan-action", args=[plan.pk, "resume"]))
    client.post(reverse("mercator:plan-action", args=[plan.pk, "advance"]))
    plan.refresh_from_db()
    assert plan.phase == Phase.MONITORING
    recommendation = plan.recommendations.first()
    client.post(reverse("mercator:plan-action", args=[plan.pk, "move-recommendation"]),
                {"recommendation": recommendation.pk, "to": "in_progress"})  # fmt: skip
    recommendation.refresh_from_db()
    assert recommendation.status == "in_progress"
    assert client.post(reverse("mercator:plan-action", args=[plan.pk, "nonsense"])).status_code == 404


def test_a_report_through_the_pages(client_as, plan, clerk, member_user):
    client = client_as(member_user)
    response = client.post(reverse("mercator:report-create", args=[plan.pk]), {
        "kind": "quarter", "period_start": "2026-07-01", "period_end": "2026-09-30", "narrative": "",
        "risks_review": "",
    })  # fmt: skip
    report = PeriodReport.objects.get(plan=plan, period_start=datetime.date(2026, 7, 1))
    assert response.status_code == 302
    kpi = plan.kpis.get()
    activity = plan.activities.get()
    client.post(reverse("mercator:report-detail", args=[report.pk]), {
        "action": "submit", "narrative": "Quarter done", "risks_review": "Turnover watched",
        f"kpi_{kpi.pk}": "18", f"note_{activity.pk}": "Delivered",
    })  # fmt: skip
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.notes.get().narrative == "Delivered"
    client_as(clerk).post(reverse("mercator:report-detail", args=[report.pk]), {"action": "return", "comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED  # a return needs a comment
    client_as(clerk).post(reverse("mercator:report-detail", args=[report.pk]), {"action": "approve"})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    page = client_as(member_user).get(reverse("mercator:report-detail", args=[report.pk]))
    assert page.context["form"] is None
    assert "Quarter done" in page.content.decode()


def test_the_activity_page_gives_the_member_its_progress_form(client_as, plan, member_user, clerk):
    activity = plan.activities.get()
    page = client_as(member_user).get(reverse("mercator:activity-detail", args=[activity.pk]))
    assert set(page.context["form"].fields) == {"status", "actual_start", "actual_end", "actual_cost"}
    client_as(member_user).post(reverse("mercator:activity-detail", args=[activity.pk]), {
        "action": "save", "status": "in_progress", "actual_start": "2026-05-04", "actual_end": "", "actual_cost": "",
    })  # fmt: skip
    activity.refresh_from_db()
    assert activity.status == "in_progress"
    page = client_as(clerk).get(reverse("mercator:activity-detail", args=[activity.pk]))
    assert "planned_cost" in page.context["form"].fields
    response = client_as(member_user).post(reverse("mercator:activity-detail", args=[activity.pk]), {
        "action": "raise-mission", "kind": "training", "title": "Workshop", "objectives": "Train",
        "preferred_start": "2027-03-01", "preferred_end": "2027-03-10", "duration_days": "5",
        "language": _english(),
        "funding": _wco(),
    })  # fmt: skip
    assert response.status_code == 302
    assert activity.missions.get().origin == "mercator_plan"


def _english():
    from wcocb.models import Language

    return Language.objects.get(code="en").pk


def _wco():
    from wcocb.models import FundingSource

    return FundingSource.objects.get(code="WCO").pk


def test_the_matrix_page_and_the_commitment_form(client_as, plan, clerk, member_user):
    from mercator import services
    from mercator.models import TfaCommitment

    row = TfaCommitment(administration=plan.administration, measure=f.measure("7.4"), category="B")
    row = services.commitment_save(commitment=row, by=clerk)
    page = client_as(clerk).get(reverse("mercator:matrix"), {"region": "AP"})
    assert page.status_code == 200
    assert 'id="tfa-matrix"' in page.content.decode()
    client_as(member_user).post(reverse("mercator:commitment-edit", args=[row.pk]), {
        "category": "B", "indicative_date": "", "definitive_date": "2026-02-22", "status": "implemented",
        "status_date": "2026-01-10",
    })  # fmt: skip
    row.refresh_from_db()
    assert (row.status, row.on_time) == ("implemented", True)


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("diagnostic", {"title": "Second diagnostic", "start_date": "2026-08-03", "end_date": "2026-08-07"}),
        ("risk", {"title": "Floods", "likelihood": "2", "impact": "3", "owner": "", "mitigation": ""}),
        ("milestone", {"title": "Unit staffed", "due_date": "2027-01-31"}),
        ("kpi", {"name": "Audits", "unit": "audits", "baseline_value": "0", "baseline_date": "2026-01-01",
                 "target_value": "50", "target_date": "2027-12-31"}),
        ("activity", {"title": "Audit training", "planned_start": "2027-01-11", "planned_end": "2027-01-15",
                      "planned_cost": "12000", "owner": "PCA unit"}),
    ],
)  # fmt: skip
def test_the_secretariat_adds_rows_from_the_plan_page(client_as, plan, clerk, kind, data):
    before = plan.timeline.count()
    response = client_as(clerk).post(reverse("mercator:content-create", args=[plan.pk, kind]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else None
    related = {"diagnostic": "diagnostics", "risk": "risks", "milestone": "milestones", "kpi": "kpis",
               "activity": "activities"}[kind]  # fmt: skip
    assert getattr(plan, related).count() == 2  # the fixture's row and the new one
    assert plan.timeline.count() == before


def test_a_recommendation_from_a_finding_on_the_plan_page(client_as, plan, clerk):
    finding_page = client_as(clerk).post(reverse("mercator:content-create", args=[plan.pk, "finding"]), {
        "diagnostic": plan.diagnostics.get().pk, "text": "No single window", "area": "technical",
    })  # fmt: skip
    assert finding_page.status_code == 302
    finding = plan.diagnostics.get().findings.get(text="No single window")
    response = client_as(clerk).post(reverse("mercator:content-create", args=[plan.pk, "recommendation"]), {
        "finding": finding.pk, "title": "Build a single window", "measures": [f.measure("10.4").pk],
        "area": "technical", "priority": "high",
    })  # fmt: skip
    assert response.status_code == 302
    recommendation = plan.recommendations.get(title="Build a single window")
    assert [m.number for m in recommendation.measures.all()] == ["10.4"]


def test_a_member_cannot_add_rows_and_an_unknown_kind_is_not_found(client_as, plan, member_user, clerk):
    assert client_as(member_user).get(reverse("mercator:content-create", args=[plan.pk, "risk"])).status_code == 403
    assert client_as(clerk).get(reverse("mercator:content-create", args=[plan.pk, "nonsense"])).status_code == 404


def test_the_member_marks_a_milestone_achieved_and_a_risk_mitigated_from_the_plan_page(client_as, plan, member_user):
    milestone = f.add_milestone(plan, plan.created_by, due=datetime.date(2026, 11, 30))
    risk = plan.risks.get()
    client = client_as(member_user)
    client.post(reverse("mercator:plan-action", args=[plan.pk, "milestone-progress"]),
                {"row": milestone.pk, "status": "achieved", "achieved_on": "2026-11-20"})  # fmt: skip
    client.post(reverse("mercator:plan-action", args=[plan.pk, "risk-progress"]),
                {"row": risk.pk, "status": "mitigated", "mitigation": risk.mitigation})  # fmt: skip
    milestone.refresh_from_db()
    risk.refresh_from_db()
    assert (milestone.status, milestone.achieved_on, milestone.on_time) == (
        "achieved",
        datetime.date(2026, 11, 20),
        True,
    )
    assert risk.status == "mitigated"
    bad = client.post(reverse("mercator:plan-action", args=[plan.pk, "milestone-progress"]),
                      {"row": milestone.pk, "status": "achieved", "achieved_on": ""}, follow=True)  # fmt: skip
    assert list(bad.context["messages"])


def test_the_secretariat_edits_the_plans_record_and_others_may_not(client_as, plan, clerk, member_user):
    contact = base.MemberUserFactory(username="th-focal-point")
    data = {
        "title": "Thailand plan, revised", "track": "tailor_made", "form": "multi_year", "request_reference": "R-1",
        "request_date": "2026-02-10", "contact_name": "TFA focal point", "contact_email": "tfa@customs.example",
        "contact_user": contact.pk, "funding": [_wco()], "endorsed_on": "2026-04-01",
    }  # fmt: skip
    url = reverse("mercator:plan-edit", args=[plan.pk])
    assert client_as(member_user).get(url).status_code == 403
    form = client_as(clerk).get(url).context["form"]
    assert form.initial["title"] == "Thailand plan"
    assert "administration" not in form.fields
    response = client_as(clerk).post(url, data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.contact_user, plan.endorsed_on) == ("Thailand plan, revised", contact,
                                                                 datetime.date(2026, 4, 1))  # fmt: skip
    assert [source.code for source in plan.funding.all()] == ["WCO"]
    bad = client_as(clerk).post(url, {**data, "endorsed_on": "2026-01-01"})  # before the written request
    assert bad.status_code == 200
    assert bad.context["form"].errors
    other_member = base.MemberUserFactory(username="jp-focal-point", administration=base.member("JP"))
    refused = client_as(clerk).post(url, {**data, "contact_user": other_member.pk})
    assert "contact_user" in refused.context["form"].errors


def test_the_secretariat_removes_an_mpa_even_one_whose_accreditation_lapsed(client_as, plan, clerk):
    from django.utils import timezone

    from experts import services as expert_services
    from mercator import services

    mpa = f.make_mpa()
    services.plan_assign_mpa(plan=plan, expert=mpa, by=clerk)
    expert_services.accreditation_withdraw(accreditation=mpa.accreditations.get(area__category="MPA"),
                                           on=timezone.localdate(), reason="Left customs", by=clerk)  # fmt: skip
    assert not services.holds_current_mpa_accreditation(mpa)
    page = client_as(clerk).get(plan.get_absolute_url()).content.decode()
    assert f'id="remove-mpa-{mpa.pk}"' in page
    client_as(clerk).post(reverse("mercator:plan-action", args=[plan.pk, "remove-mpa"]), {"expert": mpa.pk})
    assert not plan.mpas.filter(pk=mpa.pk).exists()
    assert plan.timeline.filter(kind="mpa_removed").exists()
