"""Dates the workflow respects: every date in a plausible range (a field error, never a 500), preferred dates
not in the past, the release answer due before the mission starts, deployed no earlier than a few days before
the start, completed not before the end; the same range for unavailability and deployments."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from experts import services as expert_services
from missions import services
from missions.choices import Status
from missions.services.team import DEPLOY_DAYS_BEFORE_START
from tests.missions import flow
from tests.missions.api.test_requests import URL, payload
from tests.missions.factories import make_expert
from wcocb.errors import ConflictError
from wcocb.models import FundingSource, Language

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_extreme_preferred_dates_are_field_errors_in_the_api(api_as, member_user):
    response = api_as(member_user).post(
        URL, payload(preferred_start="0001-01-01", preferred_end="9999-12-31"), format="json"
    )
    assert response.status_code == 400, response.json()
    fields = response.json()["error"]["fields"]
    assert set(fields) >= {"preferred_start", "preferred_end"}
    assert "between" in " ".join(fields["preferred_start"])


def test_preferred_start_in_the_past_is_refused(member_user):
    yesterday = timezone.localdate() - DAY
    with pytest.raises(ValidationError) as exc:
        services.request_submit(
            by=member_user,
            kind="diagnostic",
            title="Late request",
            objectives="Objectives",
            preferred_start=yesterday,
            preferred_end=yesterday + 4 * DAY,
            duration_days=5,
            language=Language.objects.get(code="en"),
            funding=FundingSource.objects.get(code="WCO"),
        )
    assert "past" in " ".join(exc.value.message_dict["preferred_start"])


def test_preferred_end_years_ahead_is_refused(api_as, member_user):
    response = api_as(member_user).post(URL, payload(preferred_end="2099-03-05"), format="json")
    assert response.status_code == 400
    assert "preferred_end" in response.json()["error"]["fields"]


def test_duration_zero_says_so_in_words(api_as, member_user, client_as):
    response = api_as(member_user).post(URL, payload(duration_days=0), format="json")
    assert response.status_code == 400
    message = " ".join(response.json()["error"]["fields"]["duration_days"])
    assert "greater than or equal to 1" in message
    assert "mission_request_duration_positive" not in response.content.decode()
    page = client_as(member_user).post(
        "/missions/new/",
        {
            "kind": "diagnostic",
            "title": "A request",
            "objectives": "Objectives",
            "preferred_start": "2027-03-01",
            "preferred_end": "2027-03-05",
            "duration_days": 0,
            "language": Language.objects.get(code="en").pk,
            "funding": FundingSource.objects.get(code="WCO").pk,
            "delivery_mode": "in_country",
            "origin": "ad_hoc",
        },
    )
    assert page.status_code == 200
    assert set(page.context["form"].errors) == {"duration_days"}, page.context["form"].errors
    assert "at least one day" in page.content.decode()
    assert "is violated" not in page.content.decode()


@pytest.mark.parametrize(
    ("start", "end"), [("0001-01-01", "0001-01-05"), ("9999-12-27", "9999-12-31"), ("2026-01-05", "2026-01-09")]
)
def test_plan_and_set_dates_with_implausible_or_past_dates_are_400s(api_as, secretariat, start, end):
    mission = flow.commented(secretariat)
    api = api_as(secretariat)
    response = api.post(
        f"{URL}{mission.pk}/plan/", {"plan_year": 2027, "start_date": start, "end_date": end}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "start_date" in response.json()["error"]["fields"]
    services.request_plan(request=mission, plan_year=2027, by=secretariat)
    response = api.post(f"{URL}{mission.pk}/set-dates/", {"start_date": start, "end_date": end}, format="json")
    assert response.status_code == 400, response.content
    assert "start_date" in response.json()["error"]["fields"]
    mission.refresh_from_db()
    assert mission.start_date is None


def test_release_answer_deadline_must_fall_before_the_mission_starts(api_as, secretariat):
    mission, _assignments = flow.checking(secretariat)
    for assignment in mission.assignments.all():
        services.assignment_record_availability(
            assignment=assignment, answer="available", selected=True, by=secretariat
        )
    response = api_as(secretariat).post(
        f"{URL}{mission.pk}/request-release/", {"deadline": mission.start_date.isoformat()}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "before" in " ".join(response.json()["error"]["fields"]["deadline"])
    mission.refresh_from_db()
    assert mission.status == Status.AVAILABILITY_CHECK
    services.request_request_release(request=mission, deadline=mission.start_date - DAY, by=secretariat)


def test_deployed_no_earlier_than_a_few_days_before_the_start(secretariat):
    mission, _team = flow.ready_to_deploy(secretariat)
    with flow.on(mission.start_date - (DEPLOY_DAYS_BEFORE_START + 1) * DAY), pytest.raises(ConflictError) as exc:
        services.request_deploy(request=mission, by=secretariat)
    assert "can be marked deployed from" in str(exc.value)
    mission.refresh_from_db()
    assert mission.status == Status.TEAM_FORMED
    with flow.on(mission.start_date - DEPLOY_DAYS_BEFORE_START * DAY):
        services.request_deploy(request=mission, by=secretariat)
    mission.refresh_from_db()
    assert mission.status == Status.DEPLOYED


def test_completed_not_before_the_end(secretariat):
    mission, _team = flow.ready_to_deploy(secretariat)
    flow.deploy(request=mission, by=secretariat)
    with flow.on(mission.end_date - DAY), pytest.raises(ConflictError, match="can be marked completed from"):
        services.request_complete(request=mission, by=secretariat)
    mission.refresh_from_db()
    assert mission.status == Status.DEPLOYED
    flow.complete(request=mission, by=secretariat)
    mission.refresh_from_db()
    assert mission.status == Status.COMPLETED


def test_unavailability_and_deployment_dates_are_bounded(secretariat, api_as):
    expert = make_expert()
    with pytest.raises(ValidationError) as exc:
        expert_services.unavailability_add(
            expert=expert, start_date=datetime.date(1, 1, 1), end_date=datetime.date(9999, 12, 31), by=secretariat
        )
    assert set(exc.value.message_dict) >= {"start_date", "end_date"}
    api = api_as(secretariat)
    for route in ("unavailabilities", "deployments"):
        response = api.post(
            f"/api/v1/{route}/", {"expert": expert.pk, "start_date": "0001-01-01", "end_date": "9999-12-31"}
        )
        assert response.status_code == 400, (route, response.content)
        assert set(response.json()["error"]["fields"]) >= {"start_date", "end_date"}
    assert not expert.unavailabilities.exists()
    assert not expert.deployments.exists()
