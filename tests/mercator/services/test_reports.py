"""Period reports: drafted, submitted, approved or returned with a comment; only approved actuals count."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mercator import selectors, services
from mercator.choices import EventKind, Phase, ReportStatus
from tests import factories as base
from tests.mercator import factories as f
from wcocb.errors import ConflictError, DomainError, ForbiddenError

pytestmark = pytest.mark.django_db

Q2 = {"kind": "quarter", "period_start": datetime.date(2026, 4, 1), "period_end": datetime.date(2026, 6, 30)}


@pytest.fixture
def clerk():
    return base.SecretariatFactory()


@pytest.fixture
def plan(clerk):
    return f.advance_to(f.make_plan(clerk), Phase.PLANNING_DELIVERY, clerk)


def test_the_contact_point_drafts_and_submits_and_the_secretariat_approves(plan, clerk, member_user):
    kpi = f.add_kpi(plan, clerk)
    activity = f.add_activity(plan, clerk)
    report = services.report_draft(plan=plan, by=member_user, **Q2)
    with pytest.raises(DomainError, match="narrative"):
        services.report_submit(report=report, by=member_user)
    services.report_update(report=report, by=member_user, narrative="On track", actuals={kpi: Decimal(14)},
                           notes={activity: "Workshop held"})  # fmt: skip
    services.report_submit(report=report, by=member_user)
    with pytest.raises(ForbiddenError):
        services.report_approve(report=report, by=member_user)
    assert selectors.kpi_progress(kpi).actual is None  # submitted is not approved
    services.report_approve(report=report, by=clerk, comment="Thank you")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert selectors.kpi_progress(kpi).actual == Decimal(14)
    kinds = list(report.timeline.values_list("kind", "actor"))
    assert kinds == [(EventKind.REPORT_SUBMITTED, member_user.pk), (EventKind.REPORT_APPROVED, clerk.pk)]
    with pytest.raises(ConflictError):
        services.report_update(report=report, by=clerk, narrative="changed")


def test_a_return_needs_a_comment_and_the_report_comes_back_for_changes(plan, clerk, member_user):
    report = services.report_draft(plan=plan, by=member_user, narrative="Draft", **Q2)
    services.report_submit(report=report, by=member_user)
    with pytest.raises(DomainError):
        services.report_return(report=report, by=clerk, comment="")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    services.report_return(report=report, by=clerk, comment="Add the KPI actuals")
    report.refresh_from_db()
    assert (report.status, report.return_comment) == (ReportStatus.RETURNED, "Add the KPI actuals")
    services.report_update(report=report, by=member_user, narrative="With actuals")
    services.report_submit(report=report, by=member_user)
    with pytest.raises(ConflictError):
        services.report_submit(report=report, by=member_user)


def test_only_the_plans_people_draft_reports(plan, other_member_user, rocb_officer):
    for user in (other_member_user, rocb_officer, base.ExpertUserFactory()):
        with pytest.raises(ForbiddenError):
            services.report_draft(plan=plan, by=user, **Q2)


def test_a_period_is_a_whole_quarter_or_half_year_and_one_report_per_period(plan, clerk):
    with pytest.raises(ValidationError, match="whole months"):
        services.report_draft(plan=plan, by=clerk, kind="quarter", period_start=datetime.date(2026, 4, 1),
                              period_end=datetime.date(2026, 5, 31))  # fmt: skip
    services.report_draft(plan=plan, by=clerk, kind="half_year", period_start=datetime.date(2026, 1, 1),
                          period_end=datetime.date(2026, 6, 30))  # fmt: skip
    with pytest.raises(ValidationError, match="already has a report"):
        services.report_draft(plan=plan, by=clerk, kind="quarter", period_start=datetime.date(2026, 1, 1),
                              period_end=datetime.date(2026, 3, 31))  # fmt: skip


def test_actuals_of_another_plans_kpi_are_refused(plan, clerk):
    other = f.advance_to(f.make_plan(clerk, administration="KE"), Phase.VALIDATION, clerk)
    foreign = f.add_kpi(other, clerk)
    report = services.report_draft(plan=plan, by=clerk, **Q2)
    with pytest.raises(DomainError, match="another plan"):
        services.report_update(report=report, by=clerk, actuals={foreign: Decimal(1)})
