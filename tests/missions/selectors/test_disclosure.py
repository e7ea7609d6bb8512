"""Who reads the confidential details of a mission, per role, on the mission page and in the API:

- a release letter's answer and its reason: the Secretariat, the region's ROCB and the expert's home
  administration (not the requesting administration, not the other experts);
- why a release commitment was overridden: the Secretariat and the ROCB;
- an expert's availability note: the Secretariat, the ROCB and the expert themself.
"""

import pytest
from django.urls import reverse

from missions import services
from missions.choices import AvailabilityAnswer
from missions.models import Assignment
from tests import factories as base
from tests.missions import flow
from tests.missions.factories import home_member, make_expert

pytestmark = pytest.mark.django_db

DECLINE_REASON = "Needed at home for the annual audit"
APPROVE_COMMENT = "Released, with pleasure"
OVERRIDE_REASON = "Only expert in the topic"
JP_NOTE = "Back from leave on 28 February"
KR_NOTE = "Prefers a remote briefing"
SECRETS = (DECLINE_REASON, APPROVE_COMMENT, OVERRIDE_REASON, JP_NOTE, KR_NOTE)


@pytest.fixture
def mission(secretariat, expert_user):
    """A Thai request with two experts: Japanese (the ``expert_user``, released after an override)
    and Korean (declined); each gave an availability note."""
    jp_expert = make_expert(administration="JP", user=expert_user)
    kr_expert = make_expert(administration="KR")
    mission, (jp, kr) = flow.checking(secretariat, experts=[jp_expert, kr_expert])
    for assignment, note in ((jp, JP_NOTE), (kr, KR_NOTE)):
        services.assignment_record_availability(
            assignment=assignment, answer=AvailabilityAnswer.AVAILABLE, note=note, selected=True, by=secretariat
        )
    services.assignment_override_commitment(assignment=jp, reason=OVERRIDE_REASON, by=secretariat)
    services.request_request_release(request=mission, deadline=flow.DEADLINE, by=secretariat)
    jp, kr = Assignment.objects.get(pk=jp.pk), Assignment.objects.get(pk=kr.pk)
    services.release_approve(letter=jp.release_letter, by=home_member(jp_expert), comment=APPROVE_COMMENT)
    services.release_decline(letter=kr.release_letter, by=home_member(kr_expert), reason=DECLINE_REASON)
    mission.refresh_from_db()
    return mission


def page_text(client_as, user, mission) -> str:
    response = client_as(user).get(mission.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def assignments_by_country(api_as, user) -> dict:
    rows = api_as(user).get("/api/v1/assignments/").json()["results"]
    return {Assignment.objects.get(pk=row["id"]).expert.person.administration.iso_code: row for row in rows}


def letters_by_country(api_as, user) -> dict:
    rows = api_as(user).get("/api/v1/release-letters/").json()["results"]
    return {Assignment.objects.get(pk=row["assignment"]).expert.person.administration.iso_code: row for row in rows}


# --- the mission page ------------------------------------------------------------------------------
@pytest.mark.parametrize("user_fixture", ["secretariat", "rocb_officer"])
def test_secretariat_and_rocb_read_everything_on_the_page(request, client_as, mission, user_fixture):
    text = page_text(client_as, request.getfixturevalue(user_fixture), mission)
    for secret in SECRETS:
        assert secret in text
    assert "Declined" in text


def test_requesting_administration_reads_none_of_it_on_the_page(client_as, member_user, mission):
    text = page_text(client_as, member_user, mission)
    for secret in SECRETS:
        assert secret not in text
    assert "Declined" not in text
    assert "Answered" in text  # that an answer came, not which


def test_team_expert_reads_only_their_own_availability_note_on_the_page(client_as, expert_user, mission):
    text = page_text(client_as, expert_user, mission)
    assert JP_NOTE in text
    for secret in (DECLINE_REASON, APPROVE_COMMENT, OVERRIDE_REASON, KR_NOTE):
        assert secret not in text


def test_requesting_administration_reads_the_answer_for_its_own_expert(client_as, secretariat, member_user):
    thai_expert = make_expert(administration="TH")
    mission, [assignment] = flow.release_requested(secretariat, experts=[thai_expert])
    services.release_decline(letter=assignment.release_letter, by=member_user, reason=DECLINE_REASON)
    assert DECLINE_REASON in page_text(client_as, member_user, mission)


# --- the API ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("user_fixture", ["secretariat", "rocb_officer"])
def test_secretariat_and_rocb_read_everything_in_the_api(request, api_as, mission, user_fixture):
    user = request.getfixturevalue(user_fixture)
    rows = assignments_by_country(api_as, user)
    assert (rows["JP"]["availability_note"], rows["KR"]["availability_note"]) == (JP_NOTE, KR_NOTE)
    assert rows["JP"]["commitment_override_reason"] == OVERRIDE_REASON
    assert (rows["JP"]["release_answer"], rows["KR"]["release_answer"]) == ("approved", "declined")
    letters = letters_by_country(api_as, user)
    assert (letters["KR"]["answer"], letters["KR"]["answer_reason"]) == ("declined", DECLINE_REASON)
    detail = api_as(user).get(f"/api/v1/mission-requests/{mission.pk}/").json()
    assert DECLINE_REASON in str(detail["timeline"])


def test_requesting_administration_reads_none_of_it_in_the_api(api_as, member_user, mission):
    rows = assignments_by_country(api_as, member_user)
    assert set(rows) == {"JP", "KR"}
    for row in rows.values():
        assert (row["availability_note"], row["commitment_override_reason"], row["release_answer"]) == ("", "", None)
        assert row["commitment_override_by"] is None
    assert letters_by_country(api_as, member_user) == {}  # letters go to the home administrations
    detail = api_as(member_user).get(f"/api/v1/mission-requests/{mission.pk}/").json()
    for secret in SECRETS:
        assert secret not in str(detail)


def test_home_administration_reads_its_experts_answer_not_the_notes_or_override(api_as, mission):
    korea = base.MemberUserFactory(administration=base.member("KR"))
    rows = assignments_by_country(api_as, korea)
    assert set(rows) == {"KR"}
    assert (rows["KR"]["release_answer"], rows["KR"]["availability_note"]) == ("declined", "")
    letters = letters_by_country(api_as, korea)
    assert (letters["KR"]["answer"], letters["KR"]["answer_reason"]) == ("declined", DECLINE_REASON)
    japan = base.MemberUserFactory(administration=base.member("JP"))
    rows = assignments_by_country(api_as, japan)
    assert (rows["JP"]["release_answer"], rows["JP"]["commitment_override_reason"]) == ("approved", "")
    assert letters_by_country(api_as, japan)["JP"]["answer_reason"] == APPROVE_COMMENT


def test_team_expert_reads_own_note_only_in_the_api(api_as, expert_user, mission):
    rows = assignments_by_country(api_as, expert_user)
    assert set(rows) == {"JP"}
    assert rows["JP"]["availability_note"] == JP_NOTE
    assert (rows["JP"]["commitment_override_reason"], rows["JP"]["release_answer"]) == ("", None)
    letters = letters_by_country(api_as, expert_user)
    assert (letters["JP"]["answer"], letters["JP"]["answer_reason"], letters["JP"]["answered_by"]) == (None, "", None)
    detail = api_as(expert_user).get(f"/api/v1/mission-requests/{mission.pk}/").json()
    assert DECLINE_REASON not in str(detail["timeline"])


def test_read_only_api_client_reads_none_of_it(api_as, api_client_user, mission):
    rows = assignments_by_country(api_as, api_client_user)
    assert {row["release_answer"] for row in rows.values()} == {None}
    assert {row["availability_note"] for row in rows.values()} == {""}
    assert {row["answer_reason"] for row in letters_by_country(api_as, api_client_user).values()} == {""}


def _history_text(client_as, user, record) -> str:
    response = client_as(user).get(reverse("history", args=[record._meta.label_lower, record.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_change_history_keeps_the_same_secrets(client_as, secretariat, member_user, expert_user, mission):
    """The history pages show before/after of every field: the same rules hide the confidential ones."""
    kr = mission.assignments.get(expert__person__administration__iso_code="KR")
    jp = mission.assignments.get(expert__person__administration__iso_code="JP")
    everything = _history_text(client_as, secretariat, kr) + _history_text(client_as, secretariat, jp)
    everything += _history_text(client_as, secretariat, kr.release_letter)
    for secret in (DECLINE_REASON, OVERRIDE_REASON, JP_NOTE, KR_NOTE):
        assert secret in everything, secret

    requester = _history_text(client_as, member_user, kr) + _history_text(client_as, member_user, jp)
    letter_history = reverse("history", args=["missions.releaseletter", kr.release_letter.pk])
    assert client_as(member_user).get(letter_history).status_code == 404  # not addressed to them at all
    for secret in SECRETS:
        assert secret not in requester, secret
    assert "(not shown to you)" in requester

    own = _history_text(client_as, expert_user, jp)
    assert JP_NOTE in own
    assert OVERRIDE_REASON not in own
    kr_home = home_member(kr.expert)
    assert DECLINE_REASON in _history_text(client_as, kr_home, kr.release_letter)
