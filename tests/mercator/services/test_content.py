"""The plan's content: who writes what (members: progress fields only), links within one plan, recommendation moves."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mercator import services
from mercator.choices import EventKind, Phase, RecommendationStatus
from mercator.models import Activity, Kpi, Milestone, Risk
from tests import factories as base
from tests.mercator import factories as f
from wcocb.errors import ConflictError, DomainError, ForbiddenError

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return base.SecretariatFactory()


@pytest.fixture
def plan(clerk):
    return f.advance_to(f.make_plan(clerk), Phase.PLANNING_DELIVERY, clerk)


def test_the_member_changes_only_the_progress_fields_of_its_own_plan(plan, clerk, member_user):
    activity = f.add_activity(plan, clerk)
    activity.status = "completed"
    activity.actual_start = datetime.date(2026, 5, 4)
    activity.actual_end = datetime.date(2026, 5, 9)
    activity.actual_cost = Decimal("1200")
    services.content_save(instance=activity, by=member_user)
    activity.refresh_from_db()
    assert activity.actual_cost == Decimal("1200.00")
    activity.planned_cost = Decimal("5")
    with pytest.raises(ForbiddenError, match="progress"):
        services.content_save(instance=activity, by=member_user)
    assert Activity.objects.get(pk=activity.pk).planned_cost == Decimal("1000.00")
    with pytest.raises(ForbiddenError):
        services.content_save(
            instance=Risk(plan=plan, title="x", likelihood=1, impact=1), by=member_user
        )  # a member creates nothing


def test_another_member_cannot_touch_the_plan(plan, clerk, other_member_user):
    milestone = f.add_milestone(plan, clerk, due=datetime.date(2026, 6, 1))
    milestone.status, milestone.achieved_on = "achieved", datetime.date(2026, 5, 30)
    with pytest.raises(ForbiddenError):
        services.content_save(instance=milestone, by=other_member_user)
    assert Milestone.objects.get(pk=milestone.pk).achieved_on is None


def test_an_mpa_edits_its_plan_and_not_another(plan, clerk):
    user = base.ExpertUserFactory()
    services.plan_assign_mpa(plan=plan, expert=f.make_mpa(user=user), by=clerk)
    risk = f.add_risk(plan, user)
    assert risk.plan == plan
    other = f.advance_to(f.make_plan(clerk, administration="KE"), Phase.VALIDATION, clerk)
    with pytest.raises(ForbiddenError):
        f.add_risk(other, user)


def test_rows_of_a_closed_plan_no_longer_change(plan, clerk):
    risk = f.add_risk(plan, clerk)
    f.advance_to(plan, Phase.CLOSED, clerk)
    risk.status = "closed"
    with pytest.raises(ConflictError):
        services.content_save(instance=risk, by=clerk)
    with pytest.raises(ConflictError):
        services.content_delete(instance=risk, by=clerk)


def test_links_stay_within_one_plan(plan, clerk):
    other = f.advance_to(f.make_plan(clerk, administration="KE"), Phase.PLANNING_DELIVERY, clerk)
    foreign = f.add_recommendation(other, clerk)
    with pytest.raises(DomainError, match="another plan"):
        f.add_activity(plan, clerk, recommendation=foreign)
    finding = f.add_finding(other.diagnostics.get(), clerk)
    with pytest.raises(ValidationError, match="another plan"):
        f.add_recommendation(plan, clerk, finding=finding)


def test_bounds_are_checked(plan, clerk):
    with pytest.raises(ValidationError, match=r"1 to 5|less than or equal"):
        f.add_risk(plan, clerk, likelihood=6)
    with pytest.raises(ValidationError, match="before"):
        f.add_activity(plan, clerk, start=datetime.date(2026, 5, 8), end=datetime.date(2026, 5, 1))
    with pytest.raises(ValidationError, match=r"2000 and 2050|target date"):
        services.content_save(
            instance=Kpi(plan=plan, name="x", unit="h", baseline_value=1, baseline_date=datetime.date(2060, 1, 1),
                         target_value=2, target_date=datetime.date(2061, 1, 1)),
            by=clerk,
        )  # fmt: skip


def test_a_recommendation_moves_with_its_history_and_dropping_needs_a_reason(plan, clerk):
    recommendation = f.add_recommendation(plan, clerk)
    with pytest.raises(ConflictError):
        services.recommendation_move(recommendation=recommendation, to=RecommendationStatus.IMPLEMENTED, by=clerk)
    services.recommendation_move(recommendation=recommendation, to=RecommendationStatus.IN_PROGRESS, by=clerk)
    services.recommendation_move(recommendation=recommendation, to=RecommendationStatus.IMPLEMENTED, by=clerk)
    history = list(recommendation.timeline.values_list("kind", "from_state", "to_state"))
    assert history == [
        (EventKind.RECOMMENDATION, "open", "in_progress"),
        (EventKind.RECOMMENDATION, "in_progress", "implemented"),
    ]
    other = f.add_recommendation(plan, clerk, title="Second")
    with pytest.raises(DomainError, match="reason"):
        services.recommendation_move(recommendation=other, to=RecommendationStatus.DROPPED, by=clerk)
    other.refresh_from_db()
    assert other.status == RecommendationStatus.OPEN


def test_the_status_of_a_recommendation_is_not_saved_around_its_action(plan, clerk):
    recommendation = f.add_recommendation(plan, clerk)
    recommendation.status = RecommendationStatus.IMPLEMENTED
    with pytest.raises(DomainError, match="own action"):
        services.content_save(instance=recommendation, by=clerk)


def test_a_finding_with_recommendations_cannot_be_deleted(plan, clerk):
    finding = f.add_finding(plan.diagnostics.get(), clerk)
    f.add_recommendation(plan, clerk, finding=finding)
    with pytest.raises(ConflictError):
        services.content_delete(instance=finding, by=clerk)
