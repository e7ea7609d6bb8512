"""The beneficiary's feedback form: answered once by the beneficiary administration after the mission, and
aggregated in the reports per kind and region."""

from __future__ import annotations

import datetime

import pytest

from missions.choices import MissionKind, Status
from reports import services
from reports.models import MissionFeedback
from reports.sections.base import ReportContext
from reports.sections.missions import feedback_section
from tests import factories as base
from tests.reports.factories import delivered
from wcocb.errors import ConflictError, ForbiddenError

pytestmark = pytest.mark.django_db
ANSWER = {
    "relevance": "4",
    "expert_quality": "5",
    "usefulness": "3",
    "follow_up_needs": "Risk profiling",
    "comments": "",
}


def test_the_beneficiary_answers_once_from_its_inbox(client_as, member_user, other_member_user):
    mission = delivered(datetime.date(2026, 5, 4), iso="TH")
    client = client_as(member_user)
    home = client.get("/")
    assert f"/reports/feedback/{mission.pk}/".encode() in home.content
    assert client.get(f"/reports/feedback/{mission.pk}/").status_code == 200
    response = client.post(f"/reports/feedback/{mission.pk}/", {**ANSWER, "follow_up_needed": "on"})
    assert response.status_code == 302
    feedback = MissionFeedback.objects.get()
    assert (feedback.relevance, feedback.expert_quality, feedback.usefulness) == (4, 5, 3)
    assert feedback.follow_up_needed
    assert b'id="feedback-answer"' in client.get(f"/reports/feedback/{mission.pk}/").content
    with pytest.raises(ConflictError):
        services.feedback_submit(mission=mission, by=member_user, relevance=1, expert_quality=1, usefulness=1)
    assert client_as(other_member_user).get(f"/reports/feedback/{mission.pk}/").status_code == 404


def test_only_a_completed_mission_of_ones_own_administration(member_user, secretariat):
    running = delivered(datetime.date(2026, 5, 4), iso="TH", status=Status.DEPLOYED)
    other = delivered(datetime.date(2026, 5, 4), iso="JP")
    for mission, who in ((running, member_user), (other, member_user), (other, secretariat)):
        with pytest.raises(ForbiddenError):
            services.feedback_submit(mission=mission, by=who, relevance=3, expert_quality=3, usefulness=3)
    assert not MissionFeedback.objects.exists()


def test_a_rating_outside_one_to_five_is_refused(client_as, member_user):
    mission = delivered(datetime.date(2026, 5, 4), iso="TH")
    response = client_as(member_user).post(f"/reports/feedback/{mission.pk}/", {**ANSWER, "relevance": "9"})
    assert response.status_code == 200
    assert not MissionFeedback.objects.exists()


def test_answers_aggregate_per_kind_and_region(member_user):
    kenyan = base.MemberUserFactory(administration=base.member("KE"))
    one = delivered(datetime.date(2017, 9, 1), iso="TH", kind=MissionKind.TRAINING)
    two = delivered(datetime.date(2017, 10, 1), iso="TH", kind=MissionKind.TRAINING)
    three = delivered(datetime.date(2017, 11, 1), iso="KE", kind=MissionKind.DIAGNOSTIC)
    earlier = delivered(datetime.date(2016, 11, 1), iso="TH")
    for mission, who, rating in (
        (one, member_user, 5),
        (two, member_user, 3),
        (three, kenyan, 2),
        (earlier, member_user, 1),
    ):
        services.feedback_submit(mission=mission, by=who, relevance=rating, expert_quality=rating, usefulness=rating)
    context = ReportContext(period_start=datetime.date(2017, 7, 1), period_end=datetime.date(2018, 6, 30),
                            as_of=datetime.date(2018, 6, 30))  # fmt: skip
    section = feedback_section(context)
    headline = {entry["key"]: entry["value"] for entry in section["headline"]}
    assert headline["answers"] == 3
    assert headline["relevance"] == round((5 + 3 + 2) / 3, 2)
    tables = {table["key"]: table for table in section["tables"]}
    per_kind = {row[0]["en"]: row[1:] for row in tables["by_kind"]["rows"]}
    assert per_kind["Training / workshop"] == [2, 4.0, 4.0, 4.0]
    assert per_kind["Diagnostic"] == [1, 2.0, 2.0, 2.0]
    assert {row[0]: row[1] for row in tables["by_region"]["rows"]} == {"AP": 2, "ESA": 1}
