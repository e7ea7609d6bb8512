"""Starting and executing report runs: who may start which scope, the queue being down, executing once,
a failure that says why, the scheduled runs."""

from __future__ import annotations

import datetime
import time

import pytest

from reports import services
from reports.choices import RunStatus, Schedule, Trigger
from reports.models import ReportRun
from reports.services.runs import QueueUnavailable, scheduled_period
from tests import factories as base
from wcocb.errors import DomainError, ForbiddenError
from wcocb.registry import report_sections

pytestmark = pytest.mark.django_db
D = datetime.date
PERIOD = {"period_start": D(2017, 7, 1), "period_end": D(2018, 6, 30)}


def test_member_starts_a_run_for_its_own_administration_only(member_user):
    run = services.run_start(by=member_user, administration=member_user.administration, **PERIOD)
    assert run.status == RunStatus.QUEUED
    assert run.as_of == PERIOD["period_end"]
    assert [event.to_status for event in run.events.all()] == [RunStatus.QUEUED]
    with pytest.raises(ForbiddenError):
        services.run_start(by=member_user, administration=base.member("JP"), **PERIOD)
    with pytest.raises(ForbiddenError):
        services.run_start(by=member_user, **PERIOD)  # all regions
    assert ReportRun.objects.count() == 1


def test_rocb_reports_on_its_region_and_its_members(rocb_officer):
    services.run_start(by=rocb_officer, region=base.region("AP"), **PERIOD)
    services.run_start(by=rocb_officer, administration=base.member("JP"), **PERIOD)
    for scope in ({"region": base.region("ESA")}, {"administration": base.member("KE")}, {}):
        with pytest.raises(ForbiddenError):
            services.run_start(by=rocb_officer, **scope, **PERIOD)


@pytest.mark.parametrize("who", ["expert_user", "api_client_user"])
def test_experts_and_api_clients_start_nothing(request, who):
    with pytest.raises(ForbiddenError):
        services.run_start(by=request.getfixturevalue(who), **PERIOD)


def test_a_period_ending_before_it_starts_is_refused(secretariat):
    with pytest.raises(DomainError):
        services.run_start(by=secretariat, period_start=D(2018, 1, 2), period_end=D(2018, 1, 1))
    with pytest.raises(DomainError):
        services.run_start(by=secretariat, period_start=D(2000, 1, 1), period_end=D(2018, 1, 1))
    with pytest.raises(DomainError):
        services.run_start(by=secretariat, region=base.region("AP"), administration=base.member("TH"), **PERIOD)


def test_the_same_pending_run_is_given_back_rather_than_queued_twice(secretariat):
    first = services.run_start(by=secretariat, **PERIOD)
    assert services.run_start(by=secretariat, **PERIOD) == first
    assert ReportRun.objects.count() == 1


def test_with_the_queue_down_starting_answers_at_once_and_writes_nothing(secretariat, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # nothing listens there
    began = time.monotonic()
    with pytest.raises(QueueUnavailable) as refused:
        services.run_start(by=secretariat, **PERIOD)
    assert time.monotonic() - began < 2
    assert refused.value.status == 503
    assert not ReportRun.objects.exists()


def test_execute_freezes_the_figures_once(secretariat):
    run = services.run_start(by=secretariat, region=base.region("AP"), **PERIOD)
    done = services.run_execute(run.pk)
    assert done.status == RunStatus.SUCCEEDED
    assert done.progress == 100
    assert done.attempts == 1
    assert done.duration_ms is not None
    assert [section["key"] for section in done.snapshot["sections"]] == [
        "missions", "feedback", "impact", "experts", "gaps", "mercator", "training", "integrity",
    ]  # fmt: skip
    assert done.snapshot["parameters"]["region"] == "AP"
    assert done.snapshot["previous_period"] == {"start": "2016-07-01", "end": "2017-06-30"}
    # executing it again (a second delivery of the message) does nothing
    assert services.run_execute(run.pk) is None
    run.refresh_from_db()
    assert run.snapshot == done.snapshot
    assert [e.to_status for e in run.events.all()] == [RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.SUCCEEDED]


def test_same_parameters_and_data_give_the_same_figures(secretariat):
    one = services.run_start(by=secretariat, **PERIOD)
    services.run_execute(one.pk)
    one.refresh_from_db()
    assert services.compute(one) == one.snapshot


def test_a_failed_run_says_why(secretariat):
    def broken(context):
        raise ValueError("the figures do not add up")

    run = services.run_start(by=secretariat, **PERIOD)
    with report_sections.replaced([broken]):
        failed = services.run_execute(run.pk)
    assert failed.status == RunStatus.FAILED
    assert "ValueError" in failed.error
    assert "the figures do not add up" in failed.error
    assert failed.snapshot == {}
    assert services.run_execute(run.pk) is None  # a failed run stays failed


@pytest.mark.parametrize(
    ("schedule", "today", "period"),
    [
        (Schedule.ANNUAL, D(2026, 7, 1), (D(2025, 7, 1), D(2026, 6, 30))),
        (Schedule.ANNUAL, D(2026, 3, 15), (D(2024, 7, 1), D(2025, 6, 30))),
        (Schedule.MONTHLY, D(2026, 12, 1), (D(2026, 11, 1), D(2026, 11, 30))),
        (Schedule.MONTHLY, D(2026, 1, 1), (D(2025, 12, 1), D(2025, 12, 31))),
    ],
)
def test_scheduled_periods(schedule, today, period):
    assert scheduled_period(schedule, today) == period


def test_a_schedule_makes_one_run_per_period():
    run = services.run_schedule(schedule=Schedule.MONTHLY, today=D(2026, 12, 1))
    assert services.run_schedule(schedule=Schedule.MONTHLY, today=D(2026, 12, 2)) == run
    assert run.trigger == Trigger.SCHEDULED
    assert run.requested_by is None
    assert run.title == "Monthly snapshot 2026-11 to 2026-11"
    annual = services.run_schedule(schedule=Schedule.ANNUAL, today=D(2026, 12, 1))
    assert (annual.period_start, annual.period_end, annual.as_of) == (D(2025, 7, 1), D(2026, 6, 30), D(2026, 6, 30))
    assert ReportRun.objects.count() == 2
    with pytest.raises(DomainError):
        services.run_schedule(schedule="weekly")
