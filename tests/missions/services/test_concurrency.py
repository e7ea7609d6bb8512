"""Two people acting at once: the row locks let exactly one of them succeed."""

import datetime
import threading

import pytest
from django.db import connection

from missions import services
from missions.choices import Action, Status
from tests.missions.factories import MissionRequestFactory, home_member
from wcocb.errors import DomainError

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(*calls):
    """Run each call in its own thread (own database connection), released at the same moment."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except DomainError as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_concurrent_plans_only_one_succeeds(secretariat):
    mission = MissionRequestFactory()
    services.request_rocb_comment(request=mission, comment="Supported", by=secretariat)
    outcomes = run_together(
        lambda: services.request_plan(request=mission, plan_year=2027, by=secretariat),
        lambda: services.request_plan(request=mission, plan_year=2028, by=secretariat),
    )
    errors = [outcome for outcome in outcomes if isinstance(outcome, DomainError)]
    assert len(errors) == 1
    assert errors[0].status == 409
    mission.refresh_from_db()
    assert mission.status == Status.PLANNED
    assert mission.timeline.filter(action=Action.PLANNED).count() == 1


def test_concurrent_start_search_by_secretariat_and_rocb_only_one_succeeds(secretariat, rocb_officer):
    mission = MissionRequestFactory(status=Status.PLANNED)
    outcomes = run_together(
        lambda: services.request_start_search(request=mission, by=rocb_officer),
        lambda: services.request_start_search(request=mission, by=secretariat),
    )
    assert sum(isinstance(outcome, DomainError) for outcome in outcomes) == 1
    mission.refresh_from_db()
    assert mission.timeline.count() == 1


def test_two_concurrent_approvals_beyond_the_commitment_one_is_refused(secretariat):
    from experts import services as expert_services
    from experts.models import Deployment
    from tests.missions import flow
    from tests.missions.factories import START, make_expert

    expert = make_expert()
    # 52 working days used: each 5-day mission alone fits (57), both together do not (62).
    expert_services.deployment_record(
        expert=expert,
        start_date=datetime.date(2026, 2, 2),
        end_date=datetime.date(2026, 2, 2) + datetime.timedelta(days=7 * 10 + 1),
        by=secretariat,
    )
    expert.refresh_from_db()
    assert expert.commitment_used_days == 52
    _, [first] = flow.release_requested(secretariat, experts=[expert])
    later = START + datetime.timedelta(days=7)
    _, [second] = flow.release_requested(
        secretariat, experts=[expert], preferred_start=later, preferred_end=later + datetime.timedelta(days=4)
    )
    home = home_member(expert)
    outcomes = run_together(
        lambda: services.release_approve(letter=first.release_letter, by=home),
        lambda: services.release_approve(letter=second.release_letter, by=home),
    )
    refused = [outcome for outcome in outcomes if isinstance(outcome, DomainError)]
    assert len(refused) == 1
    assert refused[0].code == "commitment_exceeded"
    expert.refresh_from_db()
    assert expert.commitment_used_days == 57
    assert Deployment.objects.filter(source_key__startswith="assignment:").count() == 1


def test_two_concurrent_release_requests_cannot_double_book_an_expert(secretariat):
    from missions.choices import AvailabilityAnswer
    from tests.missions import flow
    from tests.missions.factories import make_expert

    expert = make_expert()
    missions = []
    for title in ("First", "Second"):
        mission, [assignment] = flow.checking(secretariat, experts=[expert], title=title)
        services.assignment_record_availability(
            assignment=assignment, answer=AvailabilityAnswer.AVAILABLE, selected=True, by=secretariat
        )
        missions.append(mission)
    outcomes = run_together(
        *(
            (lambda m=m: services.request_request_release(request=m, deadline=flow.DEADLINE, by=secretariat))
            for m in missions
        )
    )
    refused = [outcome for outcome in outcomes if isinstance(outcome, DomainError)]
    assert len(refused) == 1
    assert refused[0].status == 409
    assert expert.mission_assignments.filter(is_booked=True).count() == 1


def test_home_administration_and_secretariat_answering_at_once_only_one_wins(secretariat):
    from tests.missions import flow
    from tests.missions.factories import make_expert

    expert = make_expert()
    mission, [assignment] = flow.release_requested(secretariat, experts=[expert])
    home = home_member(expert)
    outcomes = run_together(
        lambda: services.release_approve(letter=assignment.release_letter, by=home),
        lambda: services.release_decline(letter=assignment.release_letter, by=secretariat, reason="Withdrawn"),
    )
    refused = [outcome for outcome in outcomes if isinstance(outcome, DomainError)]
    assert len(refused) == 1
    assert refused[0].status == 409
    mission.refresh_from_db()
    assert mission.timeline.filter(action__in=[Action.RELEASE_APPROVED, Action.RELEASE_DECLINED]).count() == 1


def test_two_overlapping_rates_saved_at_once_one_is_a_conflict(secretariat, monkeypatch):
    """Both pass the overlap check before either commits; the database constraint refuses one."""
    from decimal import Decimal

    from django.db import IntegrityError

    from missions import services
    from missions.models import PerDiemRate
    from tests import factories as base

    checked = threading.Barrier(2)
    original_clean = PerDiemRate.clean

    def clean_then_wait(self):
        original_clean(self)  # the real check: finds nothing, the other row is not committed yet
        checked.wait(timeout=10)

    monkeypatch.setattr(PerDiemRate, "clean", clean_then_wait)

    def save(amount, start):
        row = PerDiemRate(country=base.member("TH"), daily_amount=Decimal(amount), valid_from=start)
        try:
            return services.cost_row_save(instance=row, by=secretariat)
        except IntegrityError as exc:  # what used to escape as a 500
            return exc

    outcomes = run_together(
        lambda: save("180", datetime.date(2027, 1, 1)), lambda: save("190", datetime.date(2027, 6, 1))
    )
    refused = [outcome for outcome in outcomes if not isinstance(outcome, PerDiemRate)]
    assert len(refused) == 1
    assert isinstance(refused[0], DomainError)
    assert refused[0].status == 409
    assert PerDiemRate.objects.count() == 1
