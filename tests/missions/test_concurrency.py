"""Two people acting at once: the row locks let exactly one of them succeed."""

import threading

import pytest
from django.db import connection

from missions import services
from missions.choices import Action, Status
from tests.missions.factories import MissionRequestFactory
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
