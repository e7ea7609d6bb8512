"""``/api/v1/reports/feedback/``: the beneficiaries' answers to the mission feedback form, read only and scoped
(the Secretariat and API clients every answer, an ROCB officer its region's, a member administration its own,
an expert none), filtered by the mission's kind, region, administration, start and the follow-up asked for."""

from __future__ import annotations

import datetime

import pytest

from missions.choices import MissionKind
from reports import services
from reports.models import MissionFeedback
from tests import factories as base
from tests.reports.factories import delivered

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/feedback/"
D = datetime.date


def _answer(mission, user, *, relevance=4, follow_up=False, comments=""):
    return services.feedback_submit(
        mission=mission, by=user, relevance=relevance, expert_quality=5, usefulness=3,
        follow_up_needed=follow_up, follow_up_needs="Risk profiling" if follow_up else "", comments=comments,
    )  # fmt: skip


@pytest.fixture
def answers(member_user, other_member_user):
    kenyan = base.MemberUserFactory(username="member-ke", administration=base.member("KE"))
    thai = delivered(D(2017, 9, 4), iso="TH", kind=MissionKind.TRAINING)
    thai_late = delivered(D(2018, 9, 3), iso="TH")
    japanese = delivered(D(2017, 10, 2), iso="JP")
    kenya = delivered(D(2017, 11, 6), iso="KE")
    return {
        "TH": _answer(thai, member_user, follow_up=True, comments="The risk engine is live"),
        "TH-late": _answer(thai_late, member_user, relevance=2),
        "JP": _answer(japanese, other_member_user),
        "KE": _answer(kenya, kenyan, comments="Ask again in a year"),
    }


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_each_role_reads_the_answers_of_its_scope(
    answers, api_as, secretariat, rocb_officer, member_user, expert_user, api_client_user
):
    every = {answer.pk for answer in answers.values()}
    assert _ids(api_as(secretariat).get(URL)) == every
    assert _ids(api_as(api_client_user).get(URL)) == every
    assert _ids(api_as(rocb_officer).get(URL)) == {answers[key].pk for key in ("TH", "TH-late", "JP")}  # A/P
    assert _ids(api_as(member_user).get(URL)) == {answers["TH"].pk, answers["TH-late"].pk}
    assert _ids(api_as(expert_user).get(URL)) == set()
    assert api_as(member_user).get(f"{URL}{answers['KE'].pk}/").status_code == 404


def test_an_answer_says_what_the_form_asked_and_which_mission_it_is_about(answers, api_as, secretariat):
    answer = answers["TH"]
    body = api_as(secretariat).get(f"{URL}{answer.pk}/").json()
    mission = answer.mission
    assert body == {
        "id": answer.pk, "mission": mission.pk, "mission_reference": mission.reference,
        "mission_title": mission.title, "kind": "training", "administration": "TH", "region": "AP",
        "start_date": "2017-09-04", "end_date": "2017-09-08", "relevance": 4, "expert_quality": 5, "usefulness": 3,
        "follow_up_needed": True, "follow_up_needs": "Risk profiling", "comments": "The risk engine is live",
        "submitted_by": "member-th", "submitted_at": body["submitted_at"],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=training", {"TH"}),
        ("region=ESA", {"KE"}),
        ("administration=jp", {"JP"}),
        ("started_from=2017-07-01&started_until=2018-06-30", {"TH", "JP", "KE"}),  # the 2017/18 year
        ("started_from=2018-07-01", {"TH-late"}),
        ("follow_up_needed=true", {"TH"}),
        ("follow_up_needed=false", {"TH-late", "JP", "KE"}),
    ],
)
def test_filters(answers, api_as, secretariat, query, expected):
    assert _ids(api_as(secretariat).get(f"{URL}?{query}")) == {answers[key].pk for key in expected}


@pytest.mark.parametrize("query", ["started_from=2017-13-45", "region=XX", "kind=picnic"])
def test_bad_filter_values_are_a_400_with_the_field(answers, api_as, secretariat, query):
    response = api_as(secretariat).get(f"{URL}?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.content.decode()


def test_feedback_is_read_only(answers, api_as, secretariat, member_user):
    assert api_as(member_user).post(URL, {"mission": answers["TH"].mission.pk}, format="json").status_code == 403
    assert api_as(secretariat).post(URL, {"mission": answers["TH"].mission.pk}, format="json").status_code == 405
    assert api_as(secretariat).delete(f"{URL}{answers['TH'].pk}/").status_code == 405
    assert MissionFeedback.objects.count() == 4


def test_the_list_takes_the_same_queries_at_any_length(answers, api_as, secretariat, django_assert_max_num_queries):
    api = api_as(secretariat)
    with django_assert_max_num_queries(4):
        assert len(api.get(f"{URL}?page_size=2").json()["results"]) == 2
    with django_assert_max_num_queries(4):
        assert len(api.get(f"{URL}?page_size=50").json()["results"]) == 4
