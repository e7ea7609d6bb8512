"""The home page's "waiting for me" entries of the missions app, one test per entry."""

import datetime

import pytest

from missions.choices import LetterAnswer, MissionKind, Status, TeamRole
from missions.contrib import wcocb as inbox
from missions.models import Assignment, MissionReport, ReleaseLetter, ReportStatus
from tests.missions.factories import START, MissionRequestFactory, make_expert

pytestmark = pytest.mark.django_db


def entries_of(provider, user) -> dict[str, inbox.InboxEntry]:
    return {str(entry.title): entry for entry in provider(user)}


def listed(client, entry) -> set[int]:
    """The requests the entry's link lists (it must agree with the count)."""
    page = client.get(entry.url)
    assert page.status_code == 200
    return {mission.pk for mission in page.context["object_list"]}


def on_team(mission, expert, role, *, answer=LetterAnswer.APPROVED) -> Assignment:
    assignment = Assignment.objects.create(
        request=mission, expert=expert, role=role, start_date=START, end_date=START, selected=True
    )
    ReleaseLetter.objects.create(assignment=assignment, deadline=START, answer=answer)
    return assignment


# --- Secretariat -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "title"),
    [
        (Status.EXPERT_SEARCH, "Expert searches: shortlist experts"),
        (Status.DEPLOYED, "Deployed missions to mark completed"),
    ],
)
def test_secretariat_entry_per_status(client_as, secretariat, status, title):
    mission = MissionRequestFactory(status=status)
    MissionRequestFactory(status=Status.CLOSED)
    entry = entries_of(inbox.secretariat_inbox, secretariat)[title]
    assert entry.count == 1
    assert listed(client_as(secretariat), entry) == {mission.pk}


def test_secretariat_sees_release_requests_with_a_declined_letter(client_as, secretariat):
    declined = MissionRequestFactory(status=Status.RELEASE_REQUESTED)
    on_team(declined, make_expert(), TeamRole.LEAD, answer=LetterAnswer.DECLINED)
    on_team(declined, make_expert(administration="KR"), TeamRole.MEMBER, answer=LetterAnswer.DECLINED)
    waiting = MissionRequestFactory(status=Status.RELEASE_REQUESTED)
    on_team(waiting, make_expert(), TeamRole.LEAD, answer=LetterAnswer.PENDING)
    entry = entries_of(inbox.secretariat_inbox, secretariat)["Releases declined: choose other experts"]
    assert entry.count == 1  # the request, not its two letters
    assert listed(client_as(secretariat), entry) == {declined.pk}


def test_secretariat_sees_reports_to_review(client_as, secretariat):
    submitted = MissionRequestFactory(status=Status.COMPLETED)
    MissionReport.objects.create(request=submitted, status=ReportStatus.SUBMITTED)
    MissionReport.objects.create(request=MissionRequestFactory(status=Status.COMPLETED), status=ReportStatus.DRAFT)
    entry = entries_of(inbox.secretariat_inbox, secretariat)["Mission reports to review"]
    assert entry.count == 1
    assert listed(client_as(secretariat), entry) == {submitted.pk}


def test_secretariat_inbox_has_no_entry_when_nothing_waits(secretariat):
    MissionRequestFactory(status=Status.CLOSED)
    assert inbox.secretariat_inbox(secretariat) == []


@pytest.mark.parametrize("count", [1, 6])
def test_secretariat_inbox_query_count_is_fixed(secretariat, django_assert_max_num_queries, count):
    for _ in range(count):
        mission = MissionRequestFactory(status=Status.RELEASE_REQUESTED)
        on_team(mission, make_expert(), TeamRole.LEAD, answer=LetterAnswer.DECLINED)
        MissionReport.objects.create(request=MissionRequestFactory(status=Status.COMPLETED), status="submitted")
    with django_assert_max_num_queries(2):  # the requests' counts, the overdue letters
        entries = entries_of(inbox.secretariat_inbox, secretariat)
    assert entries["Releases declined: choose other experts"].count == count


# --- experts ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "report", "expected"),
    [
        (Status.DEPLOYED, None, 1),
        (Status.COMPLETED, ReportStatus.DRAFT, 1),
        (Status.COMPLETED, ReportStatus.RETURNED, 1),
        (Status.COMPLETED, ReportStatus.SUBMITTED, 0),
        (Status.COMPLETED, ReportStatus.ACCEPTED, 0),
        (Status.TEAM_FORMED, None, 0),
    ],
)
def test_team_leader_sees_the_report_to_write_or_resubmit(expert_user, status, report, expected):
    mission = MissionRequestFactory(status=status)
    on_team(mission, make_expert(user=expert_user), TeamRole.LEAD)
    if report:
        MissionReport.objects.create(request=mission, status=report)
    entry = entries_of(inbox.expert_inbox, expert_user).get("Mission reports to write or resubmit")
    assert (entry.count if entry else 0) == expected


def test_team_member_has_no_report_to_write(expert_user):
    mission = MissionRequestFactory(status=Status.DEPLOYED)
    on_team(mission, make_expert(user=expert_user), TeamRole.MEMBER)
    assert "Mission reports to write or resubmit" not in entries_of(inbox.expert_inbox, expert_user)


def test_evaluator_sees_the_field_evaluation_to_record(expert_user):
    mission = MissionRequestFactory(status=Status.DEPLOYED, kind=MissionKind.FIELD_EVALUATION)
    on_team(mission, make_expert(user=expert_user), TeamRole.EVALUATOR)
    candidate = on_team(mission, make_expert(administration="KR"), TeamRole.UNDER_EVALUATION)
    entry = entries_of(inbox.expert_inbox, expert_user)["Field evaluations to record"]
    assert entry.count == 1
    Assignment.objects.filter(pk=candidate.pk).update(
        evaluation_positive=True, evaluated_at=datetime.datetime(2027, 3, 2, tzinfo=datetime.UTC)
    )
    assert "Field evaluations to record" not in entries_of(inbox.expert_inbox, expert_user)


@pytest.mark.parametrize("count", [1, 5])
def test_expert_inbox_query_count_is_fixed(expert_user, django_assert_max_num_queries, count):
    expert = make_expert(user=expert_user)
    for _ in range(count):
        mission = MissionRequestFactory(status=Status.DEPLOYED, kind=MissionKind.FIELD_EVALUATION)
        on_team(mission, expert, TeamRole.LEAD)
        on_team(mission, make_expert(administration="KR"), TeamRole.UNDER_EVALUATION)
    with django_assert_max_num_queries(1):
        entries = entries_of(inbox.expert_inbox, expert_user)
    assert entries["Mission reports to write or resubmit"].count == count


def test_secretariat_plans_only_what_the_rocb_commented(secretariat, rocb_officer):
    from missions import services

    waiting, commented = MissionRequestFactory(), MissionRequestFactory()
    services.request_rocb_comment(request=commented, comment="Fits the regional priorities.", by=rocb_officer)
    entries = entries_of(inbox.secretariat_inbox, secretariat)
    assert entries["Mission requests to plan"].count == 1
    assert entries["Requests waiting for the ROCB's comment"].count == 1
    assert waiting.status == commented.status == Status.RECEIVED


# --- Every card agrees with the list it opens ---------------------------------------------------------
def rows_listed(client, url) -> int:
    """How many rows the page at ``url`` lists (all its pages)."""
    page = client.get(url)
    assert page.status_code == 200, url
    paginator = page.context.get("paginator")
    if paginator is not None:
        return paginator.count
    return len(page.context["object_list"])


@pytest.fixture
def busy_world(secretariat, expert_user, member_user):
    """Requests at every step, in two regions, with the demo expert leading one and a Thai expert asked for."""
    from missions import services
    from tests import factories as base
    from tests.missions import flow
    from tests.missions.factories import home_member

    MissionRequestFactory(title="Received, no comment")
    MissionRequestFactory(title="Kenyan, no comment", administration=base.member("KE"))
    flow.commented(secretariat, title="Commented, to plan")
    flow.searching(secretariat, title="Searching")
    flow.checking(secretariat, title="Checking")
    flow.release_requested(secretariat, experts=[make_expert(administration="TH")], title="Asking Thailand")
    declined_expert = make_expert(administration="KR")
    _mission, [declined] = flow.release_requested(secretariat, experts=[declined_expert], title="Declined")
    services.release_decline(letter=declined.release_letter, by=home_member(declined_expert), reason="Busy")
    lead = make_expert(administration="JP", user=expert_user)
    flow.released(secretariat, experts=[lead], title="Released, to form the team")
    flow.team_formed(secretariat, experts=[make_expert(administration="MY")], title="Team formed")
    make_expert(administration="JP", first_step=("CMA",))
    deployed = MissionRequestFactory(title="Deployed, led by the demo expert", status=Status.DEPLOYED)
    on_team(deployed, lead, TeamRole.LEAD)
    overdue = MissionRequestFactory(title="Overdue answer", status=Status.RELEASE_REQUESTED)
    ReleaseLetter.objects.create(
        assignment=Assignment.objects.create(
            request=overdue, expert=make_expert(administration="TH"), role=TeamRole.LEAD, start_date=START,
            end_date=START, selected=True,
        ),
        deadline=datetime.date(2026, 1, 5),
    )  # fmt: skip


@pytest.mark.parametrize("role", ["secretariat", "rocb_officer", "member_user", "expert_user"])
def test_every_home_card_counts_the_rows_of_the_list_it_opens(request, client_as, busy_world, role):
    from wcocb.navigation import inbox_for

    user = request.getfixturevalue(role)
    client = client_as(user)
    cards = [entry for entry in inbox_for(user) if "?" in entry.url]  # a profile link is not a list
    assert cards, role
    for card in cards:
        assert card.count == rows_listed(client, card.url), (role, str(card.title), card.url)


def test_the_secretariat_sees_every_kind_of_card_in_the_busy_world(secretariat, busy_world):
    from wcocb.navigation import inbox_for

    titles = {str(entry.title): entry.count for entry in inbox_for(secretariat)}
    assert titles["Mission requests to plan"] == 1
    assert titles["Requests waiting for the ROCB's comment"] == 2
    assert titles["Releases declined: choose other experts"] == 1
    assert titles["Release answers overdue"] == 1
    assert titles["1st-step experts awaiting a field evaluation"] == 1
