"""The pages of a plan's rows: a diagnostic's team and mission, the edit of recommendations (their status moves
recorded in their history) and KPIs (their actual per reporting period), milestones and risks (the member's
progress), through the services and within each role's rights."""

import datetime

import pytest
from django.urls import reverse

from mercator import services
from mercator.choices import EventKind, Phase, RecommendationStatus, ReportStatus
from mercator.models import Diagnostic, KpiActual, PlanTimelineEvent, Risk
from missions.choices import MissionKind, Origin
from tests import factories as base
from tests.mercator import factories as f
from tests.missions.factories import MissionRequestFactory, make_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return base.SecretariatFactory()


@pytest.fixture
def plan(clerk):
    return f.advance_to(f.make_plan(clerk, title="Thailand plan"), Phase.PLANNING_DELIVERY, clerk)


@pytest.fixture
def mpa_user(plan, clerk):
    user = base.ExpertUserFactory(username="mpa")
    services.plan_assign_mpa(plan=plan, expert=f.make_mpa(user=user), by=clerk)
    return user


def _mission(plan, *, kind=MissionKind.DIAGNOSTIC, reference=None):
    return MissionRequestFactory(administration=plan.administration, kind=kind, origin=Origin.MERCATOR_PLAN,
                                 origin_reference=reference or plan.reference)  # fmt: skip


def _url(row) -> str:
    return row.get_absolute_url()


# --- Diagnostics: team and mission ------------------------------------------------------------------
DIAGNOSTIC = {"title": "Follow-up diagnostic", "start_date": "2026-08-03", "end_date": "2026-08-07", "summary": ""}


def test_the_diagnostic_form_records_its_team_and_the_diagnostic_mission_raised_from_the_plan(client_as, plan, clerk):
    mission = _mission(plan)
    team = [make_expert(), make_expert(administration="KR")]
    response = client_as(clerk).post(reverse("mercator:content-create", args=[plan.pk, "diagnostic"]),
                                     {**DIAGNOSTIC, "team": [e.pk for e in team], "mission": mission.pk})  # fmt: skip
    assert response.status_code == 302
    diagnostic = plan.diagnostics.get(title="Follow-up diagnostic")
    assert diagnostic.mission == mission
    assert set(diagnostic.team.all()) == set(team)


@pytest.mark.parametrize("which", ["training mission of the plan", "diagnostic of another plan", "ad-hoc diagnostic"])
def test_the_diagnostic_form_refuses_a_mission_that_is_not_a_diagnostic_raised_from_the_plan(
    client_as, plan, clerk, which
):
    other = f.make_plan(clerk, title="Other plan")
    mission = {
        "training mission of the plan": lambda: _mission(plan, kind=MissionKind.TRAINING),
        "diagnostic of another plan": lambda: _mission(plan, reference=other.reference),
        "ad-hoc diagnostic": lambda: MissionRequestFactory(administration=plan.administration),
    }[which]()
    response = client_as(clerk).post(reverse("mercator:content-create", args=[plan.pk, "diagnostic"]),
                                     {**DIAGNOSTIC, "mission": mission.pk})  # fmt: skip
    assert response.status_code == 200
    assert "mission" in response.context["form"].errors
    assert not plan.diagnostics.filter(title="Follow-up diagnostic").exists()


def test_an_unknown_team_member_is_a_form_error(client_as, plan, clerk):
    response = client_as(clerk).post(reverse("mercator:content-create", args=[plan.pk, "diagnostic"]),
                                     {**DIAGNOSTIC, "team": [999999]})  # fmt: skip
    assert response.status_code == 200
    assert "team" in response.context["form"].errors


def test_the_mpa_links_the_mission_to_an_existing_diagnostic_from_its_page(client_as, plan, mpa_user):
    diagnostic = plan.diagnostics.get()
    mission = _mission(plan)
    expert = mpa_user.person.expert
    response = client_as(mpa_user).post(_url(diagnostic), {
        "action": "save", "row-title": diagnostic.title, "row-start_date": "2026-03-02", "row-end_date": "2026-03-06",
        "row-team": [expert.pk], "row-mission": mission.pk, "row-summary": "Done with the team",
    })  # fmt: skip
    assert response.status_code == 302
    diagnostic = Diagnostic.objects.get(pk=diagnostic.pk)
    assert (diagnostic.mission, list(diagnostic.team.all()), diagnostic.summary) == (
        mission, [expert], "Done with the team"
    )  # fmt: skip
    page = client_as(mpa_user).get(plan.get_absolute_url()).content.decode()
    assert str(expert) in page  # the plan page names the team


def test_the_team_choices_are_the_experts_the_editor_may_see_and_the_team_already_recorded(
    client_as, plan, clerk, mpa_user
):
    diagnostic = plan.diagnostics.get()
    recorded, unseen = make_expert(), make_expert(administration="KR")
    services.content_save(instance=diagnostic, by=clerk, m2m={"team": [recorded]})
    choices = set(client_as(mpa_user).get(_url(diagnostic)).context["form"].fields["team"].queryset)
    assert choices == {mpa_user.person.expert, recorded}
    assert unseen in set(client_as(clerk).get(_url(diagnostic)).context["form"].fields["team"].queryset)


# --- Recommendations ------------------------------------------------------------------------------
@pytest.fixture
def recommendation(plan, clerk):
    return f.add_recommendation(plan, clerk, title="Introduce a risk management unit")


def _recommendation_form(recommendation, **changes):
    data = {"action": "save", "row-finding": "", "row-title": recommendation.title,
            "row-measures": [m.pk for m in recommendation.measures.all()], "row-area": recommendation.area,
            "row-priority": recommendation.priority}  # fmt: skip
    data.update({f"row-{k}": v for k, v in changes.items()})
    return data


def test_the_mpa_edits_a_recommendation_on_its_page(client_as, recommendation, mpa_user):
    response = client_as(mpa_user).post(_url(recommendation), _recommendation_form(
        recommendation, title="Risk management unit with automated selectivity", priority="high",
        measures=[f.measure("7.4").pk, f.measure("7.1").pk],
    ))  # fmt: skip
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.title, recommendation.priority) == ("Risk management unit with automated selectivity",
                                                               "high")  # fmt: skip
    assert sorted(m.number for m in recommendation.measures.all()) == ["7.1", "7.4"]
    assert "status" not in client_as(mpa_user).get(_url(recommendation)).context["form"].fields


def test_the_secretariat_moves_the_status_on_the_page_and_the_move_is_in_its_history(client_as, recommendation, clerk):
    client = client_as(clerk)
    page = client.get(_url(recommendation))
    assert [value for value, _label in page.context["move_form"].fields["to"].choices] == ["in_progress", "dropped"]
    client.post(_url(recommendation), {"action": "move", "move-to": "in_progress", "move-comment": "Unit staffed"})
    refused = client.post(_url(recommendation), {"action": "move", "move-to": "dropped", "move-comment": ""},
                          follow=True)  # fmt: skip
    assert "reason" in " ".join(str(m) for m in refused.context["messages"])
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.IN_PROGRESS
    event = PlanTimelineEvent.objects.get(recommendation=recommendation, kind=EventKind.RECOMMENDATION)
    assert (event.from_state, event.to_state, event.comment, event.actor) == ("open", "in_progress", "Unit staffed",
                                                                               clerk)  # fmt: skip
    history = client.get(_url(recommendation)).content.decode()
    assert 'id="recommendation-history"' in history
    assert "Unit staffed" in history


def test_dropping_needs_a_reason_and_a_disallowed_move_is_refused(client_as, recommendation, clerk):
    client = client_as(clerk)
    response = client.post(_url(recommendation), {"action": "move", "move-to": "implemented"}, follow=True)
    assert "move_form" in response.context
    recommendation.refresh_from_db()
    assert recommendation.status == "open"
    client.post(_url(recommendation), {"action": "move", "move-to": "dropped", "move-comment": "Covered by a donor"})
    recommendation.refresh_from_db()
    assert recommendation.status == "dropped"


def test_the_member_reads_the_recommendation_and_cannot_change_it(client_as, recommendation, member_user):
    client = client_as(member_user)
    page = client.get(_url(recommendation))
    assert page.status_code == 200
    assert (page.context["form"], page.context["move_form"], page.context["can_delete"]) == (None, None, False)
    client.post(_url(recommendation), _recommendation_form(recommendation, title="Changed by the member"))
    client.post(_url(recommendation), {"action": "move", "move-to": "in_progress"})
    recommendation.refresh_from_db()
    assert (recommendation.title, recommendation.status) == ("Introduce a risk management unit", "open")


def test_another_administration_does_not_reach_the_rows_pages(client_as, recommendation, other_member_user, plan):
    for row in (recommendation, plan.diagnostics.get()):
        assert client_as(other_member_user).get(_url(row)).status_code == 404
        assert client_as(other_member_user).post(_url(row), {"action": "delete"}).status_code == 404


# --- KPIs ------------------------------------------------------------------------------------------
@pytest.fixture
def kpi(plan, clerk):
    return f.add_kpi(plan, clerk, baseline="96", target="48", name="Average release time")


def _kpi_form(kpi, **changes):
    data = {"action": "save", "row-recommendation": "", "row-activity": "", "row-name": kpi.name, "row-unit": kpi.unit,
            "row-baseline_value": kpi.baseline_value, "row-baseline_date": kpi.baseline_date,
            "row-target_value": kpi.target_value, "row-target_date": kpi.target_date}  # fmt: skip
    data.update({f"row-{k}": v for k, v in changes.items()})
    return data


def test_the_secretariat_edits_a_kpi_and_a_member_may_not(client_as, kpi, clerk, member_user):
    client_as(member_user).post(_url(kpi), _kpi_form(kpi, target_value="24"))
    kpi.refresh_from_db()
    assert kpi.target_value == 48
    response = client_as(clerk).post(_url(kpi), _kpi_form(kpi, target_value="36", target_date="2029-01-01"))
    assert response.status_code == 302
    kpi.refresh_from_db()
    assert (kpi.target_value, kpi.target_date) == (36, datetime.date(2029, 1, 1))


def test_a_kpi_target_date_before_its_baseline_is_a_form_error(client_as, kpi, clerk):
    response = client_as(clerk).post(_url(kpi), _kpi_form(kpi, target_date="2020-01-01"))
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_member_records_the_kpi_actual_of_a_draft_period_and_not_of_an_approved_one(
    client_as, plan, kpi, clerk, member_user
):
    approved = f.approved_report(plan, clerk, actuals={kpi: 80})
    draft = services.report_draft(plan=plan, by=member_user, kind="quarter", period_start=datetime.date(2026, 7, 1),
                                  period_end=datetime.date(2026, 9, 30))  # fmt: skip
    client = client_as(member_user)
    page = client.get(_url(kpi))
    assert [(report.pk, editable) for report, _actual, editable in page.context["periods"]] == [
        (approved.pk, False), (draft.pk, True),
    ]  # fmt: skip
    assert page.context["progress"].actual == 80
    client.post(_url(kpi), {"action": "actual", "report": draft.pk, "value": "70"})
    refused = client.post(_url(kpi), {"action": "actual", "report": approved.pk, "value": "10"}, follow=True)
    assert list(refused.context["messages"])
    assert KpiActual.objects.get(report=draft, kpi=kpi).value == 70
    assert KpiActual.objects.get(report=approved, kpi=kpi).value == 80
    client.post(_url(kpi), {"action": "actual", "report": draft.pk, "value": ""})
    assert not KpiActual.objects.filter(report=draft, kpi=kpi).exists()
    bad = client.post(_url(kpi), {"action": "actual", "report": draft.pk, "value": "1e12"}, follow=True)
    assert bad.status_code == 200 and list(bad.context["messages"])  # noqa: PT018 - one response


def test_the_rocb_reads_the_kpi_actuals_without_forms(client_as, plan, kpi, clerk, rocb_officer):
    services.report_draft(plan=plan, by=clerk, kind="quarter", period_start=datetime.date(2026, 7, 1),
                          period_end=datetime.date(2026, 9, 30))  # fmt: skip
    page = client_as(rocb_officer).get(_url(kpi))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert [editable for _r, _a, editable in page.context["periods"]] == [False]
    assert page.context["periods"][0][0].status == ReportStatus.DRAFT


# --- Milestones and risks: the member's progress, the editors' full form ----------------------------------
def test_the_member_gets_the_progress_fields_of_a_risk_and_the_mpa_its_whole_form(
    client_as, plan, clerk, member_user, mpa_user
):
    risk = f.add_risk(plan, clerk, likelihood=2, impact=3)
    assert set(client_as(member_user).get(_url(risk)).context["form"].fields) == {"status", "mitigation"}
    client_as(member_user).post(_url(risk), {"action": "save", "row-status": "mitigated", "row-mitigation": "Backup"})
    full = {"row-title": risk.title, "row-likelihood": "5", "row-impact": "5", "row-owner": "HR",
            "row-mitigation": "Backup"}  # fmt: skip
    client_as(mpa_user).post(_url(risk), {"action": "save", **full})
    risk.refresh_from_db()
    assert (risk.status, risk.mitigation, risk.score) == ("mitigated", "Backup", 25)


def test_the_member_marks_a_milestone_achieved_on_its_page(client_as, plan, clerk, member_user):
    milestone = f.add_milestone(plan, clerk, due=datetime.date(2026, 11, 30))
    client_as(member_user).post(_url(milestone), {"action": "save", "row-status": "achieved",
                                                  "row-achieved_on": "2026-11-20"})  # fmt: skip
    milestone.refresh_from_db()
    assert (milestone.status, milestone.on_time) == ("achieved", True)


def test_the_secretariat_deletes_a_risk_from_its_page_and_the_member_may_not(client_as, plan, clerk, member_user):
    risk = f.add_risk(plan, clerk)
    client_as(member_user).post(_url(risk), {"action": "delete"})
    assert Risk.objects.filter(pk=risk.pk).exists()
    response = client_as(clerk).post(_url(risk), {"action": "delete"})
    assert response["Location"] == plan.get_absolute_url()
    assert not Risk.objects.filter(pk=risk.pk).exists()


def test_a_finding_page_links_its_recommendations_and_the_plan_page_links_every_row(
    client_as, plan, clerk, recommendation, kpi
):
    finding = f.add_finding(plan.diagnostics.get(), clerk, text="No automated selectivity")
    risk = f.add_risk(plan, clerk)
    html = client_as(clerk).get(plan.get_absolute_url()).content.decode()
    for row in (recommendation, kpi, finding, risk, plan.diagnostics.get()):
        assert f'href="{row.get_absolute_url()}"' in html, row
    assert client_as(clerk).get(_url(finding)).status_code == 200


def test_the_chain_is_navigable_from_each_row_page(client_as, plan, clerk, recommendation):
    diagnostic = plan.diagnostics.get()
    finding = f.add_finding(diagnostic, clerk, text="Paper-based selectivity")
    recommendation.finding = finding
    services.content_save(instance=recommendation, by=clerk)
    activity = f.add_activity(plan, clerk, recommendation=recommendation)
    milestone = f.add_milestone(plan, clerk, due=datetime.date(2026, 9, 1))
    milestone.activity = activity
    services.content_save(instance=milestone, by=clerk)
    kpi = f.add_kpi(plan, clerk, recommendation=recommendation)
    kpi.activity = activity
    services.content_save(instance=kpi, by=clerk)
    client = client_as(clerk)
    links = {
        diagnostic: [finding],
        finding: [diagnostic, recommendation],
        recommendation: [finding, activity, kpi],
        activity: [recommendation, milestone, kpi],
        milestone: [activity],
        kpi: [recommendation, activity],
    }
    for row, targets in links.items():
        html = client.get(row.get_absolute_url()).content.decode()
        for target in targets:
            assert f'href="{target.get_absolute_url()}"' in html, (row, target)


def test_the_row_fields_are_shown_in_the_viewers_language(client_as, kpi, clerk):
    client = client_as(clerk)
    client.cookies["django_language"] = "fr"
    fields = dict(client.get(_url(kpi)).context["fields"])
    shown = [str(value) for value in fields.values()]
    assert "2026-01-01" not in shown
    assert "96,00" in shown  # the baseline, with the French decimal comma


def test_the_edit_forms_give_the_browser_their_dates_in_iso_format(client_as, plan, kpi, clerk):
    """A date input shows empty unless its value is ISO (YYYY-MM-DD), whatever the language."""
    client = client_as(clerk)
    client.cookies["django_language"] = "fr"
    html = client.get(_url(kpi)).content.decode()
    assert 'type="date" name="row-baseline_date" value="2026-01-01"' in html
    edit = client.get(reverse("mercator:plan-edit", args=[plan.pk])).content.decode()
    assert f'value="{plan.request_date.isoformat()}"' in edit
