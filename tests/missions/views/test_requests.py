"""The mission pages: request form, list, pipeline board, mission page with its actions, release letters."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from missions import services as mission_services
from missions.choices import Status
from missions.hooks import close_checks
from missions.models import MissionRequest
from tests import factories as base
from tests.missions import flow
from tests.missions.factories import MissionRequestFactory, area, home_member, make_expert

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    from wcocb.models import FundingSource, Language

    values = {
        "kind": "diagnostic",
        "title": "Mercator diagnostic",
        "objectives": "Diagnose the organisation.",
        "areas": [area("DF").pk],
        "preferred_start": "2027-03-01",
        "preferred_end": "2027-03-05",
        "duration_days": "5",
        "language": Language.objects.get(code="en").pk,
        "delivery_mode": "in_country",
        "origin": "needs_survey",
        "origin_reference": "Survey 2026",
        "funding": FundingSource.objects.get(code="WCO").pk,
    }
    values.update(overrides)
    return values


def test_member_submits_a_request_from_the_portal(client_as, member_user):
    client = client_as(member_user)
    page = client.get("/missions/new/")
    assert page.status_code == 200
    assert "administration" not in page.context["form"].fields
    response = client.post("/missions/new/", form_data())
    mission = MissionRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == mission.get_absolute_url()
    assert (mission.administration, mission.status, mission.origin) == (
        member_user.administration,
        "received",
        "needs_survey",
    )


def test_secretariat_enters_a_request_for_a_member(client_as, secretariat):
    client = client_as(secretariat)
    response = client.post("/missions/new/", form_data(administration=base.member("KE").pk))
    assert response.status_code == 302
    assert MissionRequest.objects.get().administration.iso_code == "KE"


def test_refused_submission_shows_the_reason(client_as, member_user):
    response = client_as(member_user).post("/missions/new/", form_data(duration_days="9"))
    assert response.status_code == 200
    assert "longer than the preferred period" in response.content.decode()


@pytest.mark.parametrize("user_fixture", ["rocb_officer", "expert_user"])
def test_only_members_and_secretariat_submit(request, client_as, user_fixture):
    assert client_as(request.getfixturevalue(user_fixture)).get("/missions/new/").status_code == 403


def test_list_shows_only_own_requests_to_a_member(client_as, member_user):
    own = MissionRequestFactory(title="Own request")
    MissionRequestFactory(title="Japanese request", administration=base.member("JP"))
    page = client_as(member_user).get("/missions/")
    assert list(page.context["object_list"]) == [own]
    assert "Japanese request" not in page.content.decode()


def test_list_filters_are_the_shared_filterset(client_as, secretariat):
    MissionRequestFactory(title="Thai")
    MissionRequestFactory(title="Kenyan", administration=base.member("KE"), kind="training")
    page = client_as(secretariat).get("/missions/", {"region": "ESA", "kind": "training"})
    assert [m.title for m in page.context["object_list"]] == ["Kenyan"]


def test_pipeline_board_has_a_column_per_step(client_as, secretariat):
    planned = MissionRequestFactory(status=Status.PLANNED)
    searching = MissionRequestFactory(status=Status.EXPERT_SEARCH)
    held = MissionRequestFactory(status=Status.ON_HOLD, held_from=Status.PLANNED, hold_reason="Elections")
    page = client_as(secretariat).get("/missions/pipeline/")
    columns = {step: missions for step, _label, missions in page.context["columns"]}
    assert len(columns) == 7
    assert columns[1] == [planned]
    assert columns[2] == [searching]
    assert page.context["on_hold"] == [held]
    filtered = client_as(secretariat).get("/missions/pipeline/", {"region": "EUR"})
    assert all(not missions for _step, _label, missions in filtered.context["columns"])


def test_members_do_not_see_the_pipeline(client_as, member_user):
    assert client_as(member_user).get("/missions/pipeline/").status_code == 403


def test_mission_page_offers_only_the_actions_the_viewer_may_take(client_as, secretariat, member_user):
    mission = MissionRequestFactory()
    page = client_as(member_user).get(mission.get_absolute_url())
    assert [name for name, *_ in page.context["actions"]] == ["cancel"]
    assert 'id="action-plan"' not in page.content.decode()
    page = client_as(secretariat).get(mission.get_absolute_url())
    assert [name for name, *_ in page.context["actions"]] == ["rocb_comment", "hold", "cancel"]
    assert 'id="action-plan"' not in page.content.decode()  # not before the ROCB has commented


def test_other_member_gets_a_404(client_as, other_member_user):
    mission = MissionRequestFactory()
    assert client_as(other_member_user).get(mission.get_absolute_url()).status_code == 404
    response = client_as(other_member_user).post(f"/missions/{mission.pk}/act/cancel/", {"cancel-reason": "x"})
    assert response.status_code == 404


def test_a_refused_action_comes_back_as_a_message(client_as, member_user):
    mission = MissionRequestFactory()
    response = client_as(member_user).post(
        f"/missions/{mission.pk}/act/plan/", {"plan-plan_year": "2027"}, follow=True
    )
    assert "Your role may not do this" in response.content.decode()
    mission.refresh_from_db()
    assert mission.status == Status.RECEIVED


def test_timeline_and_suggestions_on_the_mission_page(client_as, secretariat):
    mission = flow.searching(secretariat)
    mission.areas.set([area("DF")])
    expert = make_expert(full=("DF",))
    page = client_as(secretariat).get(mission.get_absolute_url())
    html = page.content.decode()
    assert [s.expert for s in page.context["suggestions"]] == [expert]
    assert "Fully accredited in DF" in html
    assert "Accepted into the annual plan" in html  # the timeline


@pytest.mark.parametrize("count", [3, 15])
def test_list_page_query_count(client_as, secretariat, django_assert_max_num_queries, count):
    for _ in range(count):
        MissionRequestFactory()
    client = client_as(secretariat)
    with django_assert_max_num_queries(12):
        page = client.get("/missions/")
    assert page.status_code == 200
    assert len(page.context["object_list"]) == count


def test_home_administration_answers_from_its_page(client_as, secretariat):
    expert = make_expert(administration="KR")
    mission, [assignment] = flow.release_requested(secretariat, experts=[expert])
    client = client_as(home_member(expert))
    page = client.get("/missions/release-letters/")
    assert list(page.context["letters"]) == [assignment.release_letter]
    response = client.post(f"/missions/release-letters/{assignment.release_letter.pk}/decline/", {"reason": ""})
    assert response.status_code == 302
    client.post(f"/missions/release-letters/{assignment.release_letter.pk}/approve/", {"comment": "Approved"})
    mission.refresh_from_db()
    assert mission.status == Status.RELEASED


def test_requesting_member_does_not_see_letters_to_other_administrations(client_as, secretariat, member_user):
    flow.release_requested(secretariat, experts=[make_expert(administration="KR")])
    assert list(client_as(member_user).get("/missions/release-letters/").context["letters"]) == []


def test_waiting_for_me_on_the_home_page(client_as, secretariat):
    expert = make_expert(administration="KR")
    flow.release_requested(secretariat, experts=[expert])
    MissionRequestFactory()  # received, the ROCB has not commented yet
    home = client_as(secretariat).get("/")
    titles = [str(entry.title) for entry in home.context["inbox"]]
    assert "Requests waiting for the ROCB's comment" in titles
    assert "Mission requests to plan" not in titles
    member_home = client_as(home_member(expert)).get("/")
    [entry] = [e for e in member_home.context["inbox"] if str(e.title) == "Release requests to answer"]
    assert entry.count == 1


def test_overdue_release_answers_in_the_secretariat_inbox_and_letter_list(client_as, secretariat):
    from missions.models import ReleaseLetter

    _, [late, on_time] = flow.release_requested(secretariat, experts=[make_expert(), make_expert(administration="KR")])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ReleaseLetter.objects.filter(assignment=late).update(deadline=yesterday)
    client = client_as(secretariat)
    [entry] = [e for e in client.get("/").context["inbox"] if str(e.title) == "Release answers overdue"]
    assert entry.count == 1
    page = client.get(entry.url)
    assert [letter.assignment_id for letter in page.context["letters"]] == [late.pk]
    assert on_time.pk in [
        letter.assignment_id for letter in client.get("/missions/release-letters/").context["letters"]
    ]


def test_expert_sees_their_missions(client_as, secretariat, expert_user):
    mission, _ = flow.released(secretariat, experts=[make_expert(user=expert_user)])
    page = client_as(expert_user).get("/missions/mine/")
    assert [a.request for a in page.context["assignments"]] == [mission]
    assert client_as(expert_user).get(mission.get_absolute_url()).status_code == 200
    titles = [str(entry.title) for entry in client_as(expert_user).get("/").context["inbox"]]
    assert "Missions to prepare" in titles


def test_carry_a_request_from_submission_to_completion_through_the_pages(
    client_as, secretariat, member_user, monkeypatch
):
    # The mission report check (tested with the reports) is left out of this workflow test.
    monkeypatch.setattr(close_checks, "items", [])
    lead = make_expert(administration="JP", full=("DF",))
    client_as(member_user).post("/missions/new/", form_data())
    mission = MissionRequest.objects.get()
    client = client_as(secretariat)

    def act(action, data=None):
        response = client.post(f"/missions/{mission.pk}/act/{action}/", data or {}, follow=True)
        assert response.status_code == 200
        errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
        assert not errors, errors
        mission.refresh_from_db()
        return mission

    rocb = client_as(base.RocbFactory(username="rocb-ap"))
    response = rocb.post(
        f"/missions/{mission.pk}/act/rocb_comment/", {"rocb_comment-comment": "A regional priority"}, follow=True
    )
    assert "A regional priority" in response.content.decode()  # on the timeline
    client = client_as(secretariat)
    assert act("plan", {"plan-plan_year": "2027"}).status == Status.PLANNED
    assert act("start_search").status == Status.EXPERT_SEARCH
    dates = act("set_dates", {"set_dates-start_date": "2027-03-01", "set_dates-end_date": "2027-03-05"})
    assert (dates.start_date, dates.end_date) == (datetime.date(2027, 3, 1), datetime.date(2027, 3, 5))
    assert (
        act("shortlist", {"shortlist-expert": lead.pk, "shortlist-role": "lead"}).status == Status.AVAILABILITY_CHECK
    )
    assignment = mission.assignments.get()
    act(
        "record_availability",
        {
            "record_availability-assignment": assignment.pk,
            "record_availability-answer": "available",
            "record_availability-selected": "on",
        },
    )
    deadline = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    assert act("request_release", {"request_release-deadline": deadline, "request_release-language": "fr"}).step == 4
    client_as(home_member(lead)).post(f"/missions/release-letters/{assignment.release_letter.pk}/approve/", {})
    client = client_as(secretariat)
    mission.refresh_from_db()
    assert mission.status == Status.RELEASED
    assert act("form_team", {f"form_team-role_{assignment.pk}": "lead"}).status == Status.TEAM_FORMED
    act("brief", {"brief-assignment": assignment.pk})
    tor = SimpleUploadedFile("tor.pdf", b"%PDF-1.7 Terms of reference")
    act("upload_document", {"upload_document-kind": "tor", "upload_document-file": tor})
    mission.refresh_from_db()
    with flow.on(mission.start_date):
        client = client_as(secretariat)  # signed in again: the session of months ago has expired
        assert act("deploy").status == Status.DEPLOYED
    with flow.on(mission.end_date):
        client = client_as(secretariat)
        assert act("complete").status == Status.COMPLETED
        page = client.get(mission.get_absolute_url())
        assert [name for name, *_ in page.context["actions"]] == ["close"]
        assert act("close").status == Status.CLOSED


def test_rocb_sees_its_region_on_the_board_and_its_inbox(client_as, rocb_officer):
    thai = MissionRequestFactory(status=Status.PLANNED)
    MissionRequestFactory(status=Status.PLANNED, administration=base.member("FR"))
    client = client_as(rocb_officer)
    columns = {step: missions for step, _label, missions in client.get("/missions/pipeline/").context["columns"]}
    assert columns[1] == [thai]
    [entry] = [e for e in client.get("/").context["inbox"] if str(e.title) == "Expert searches in your region"]
    assert entry.count == 1


def test_rocb_inbox_lists_the_received_requests_to_comment(client_as, rocb_officer):
    to_comment = MissionRequestFactory()
    commented = MissionRequestFactory()
    mission_services.request_rocb_comment(request=commented, comment="Supported", by=rocb_officer)
    MissionRequestFactory(administration=base.member("FR"))  # another region
    client = client_as(rocb_officer)
    [entry] = [e for e in client.get("/").context["inbox"] if str(e.title) == "Mission requests to comment"]
    assert entry.count == 1
    assert entry.url.endswith("?status=received&rocb_commented=false")
    assert list(client.get(entry.url).context["object_list"]) == [to_comment]
    page = client.get(to_comment.get_absolute_url())
    assert [name for name, *_ in page.context["actions"]] == ["rocb_comment"]
    assert 'id="action-rocb_comment"' in page.content.decode()


def test_demo_data_is_idempotent(db):
    from missions import demo
    from missions.models import MissionRequest
    from wcocb import demo as base_demo

    base_demo.seed()
    make_expert(administration="JP")
    thai_expert = make_expert(administration="TH")
    assert demo.seed() == 5
    assert demo.seed() == 0
    assert set(MissionRequest.objects.values_list("status", flat=True)) == {
        "received",
        "planned",
        "expert_search",
        "availability_check",
        "release_requested",
    }
    # The demo Thai administration has a release request for its expert waiting for an answer.
    letter = MissionRequest.objects.get(status="release_requested").assignments.get().release_letter
    assert letter.assignment.expert == thai_expert
    assert letter.answer == "pending"


def test_letter_answer_never_redirects_off_site(client_as, secretariat):
    expert = make_expert()
    _, [assignment] = flow.release_requested(secretariat, experts=[expert])
    response = client_as(home_member(expert)).post(
        f"/missions/release-letters/{assignment.release_letter.pk}/approve/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/missions/release-letters/"


@pytest.mark.parametrize("experts", [1, 4])
def test_mission_page_query_count(client_as, secretariat, django_assert_max_num_queries, experts):
    mission, _ = flow.team_formed(secretariat, experts=[make_expert() for _ in range(experts)])
    client = client_as(secretariat)
    with django_assert_max_num_queries(16):
        page = client.get(mission.get_absolute_url())
    assert page.status_code == 200
    assert len(page.context["mission"].assignments.all()) == experts


@pytest.mark.parametrize("count", [1, 5])
def test_letter_page_query_count(client_as, secretariat, django_assert_max_num_queries, count):
    flow.release_requested(secretariat, experts=[make_expert(administration="KR") for _ in range(count)])
    client = client_as(secretariat)
    with django_assert_max_num_queries(10):
        page = client.get("/missions/release-letters/")
    assert len(page.context["letters"]) == count


@pytest.mark.parametrize("count", [3, 15])
def test_pipeline_board_query_count(client_as, secretariat, django_assert_max_num_queries, count):
    for index in range(count):
        MissionRequestFactory(status=[Status.RECEIVED, Status.PLANNED, Status.EXPERT_SEARCH][index % 3])
    MissionRequestFactory(status=Status.ON_HOLD, held_from=Status.PLANNED, hold_reason="Elections")
    client = client_as(secretariat)
    with django_assert_max_num_queries(12):
        page = client.get("/missions/pipeline/")
    assert sum(len(missions) for _step, _label, missions in page.context["columns"]) == count
    assert not page.context["board_truncated"]


def test_pipeline_board_says_when_it_stops_and_links_to_the_list(client_as, secretariat, monkeypatch):
    from missions.views import requests as views

    monkeypatch.setattr(views, "BOARD_LIMIT", 3)
    for _ in range(5):
        MissionRequestFactory(status=Status.PLANNED, administration=base.member("KE"))
    MissionRequestFactory(status=Status.PLANNED)
    page = client_as(secretariat).get("/missions/pipeline/", {"region": "ESA"})
    assert page.context["board_truncated"]
    assert page.context["board_total"] == 5
    assert sum(len(missions) for _step, _label, missions in page.context["columns"]) == 3
    text = page.content.decode()
    assert "The board shows the 3 newest of 5 open requests." in text
    assert 'href="/missions/?region=ESA"' in text
    listing = client_as(secretariat).get("/missions/", {"region": "ESA"})
    assert listing.context["paginator"].count == 5


def test_list_filter_defaults_to_any_step_so_a_search_finds_a_request_at_any_step(client_as, secretariat):
    """The filter form's defaults (what the browser sends when only the search box is filled) filter nothing
    but the words: a request at step 4 is found by a word of its title."""
    flow.release_requested(secretariat, experts=[make_expert(administration="JP")], title="Ruthenium valuation")
    MissionRequestFactory(title="Unrelated at step 1")
    client = client_as(secretariat)
    form = client.get("/missions/").context["filter"].form
    defaults = {name: form[name].value() or "" for name in form.fields if name not in {"status"}}
    assert defaults["step"] == ""
    assert dict(form.fields["step"].choices)[""] == "Any step"
    assert dict(form.fields["release_declined"].widget.choices)[""] == "Any"
    page = client.get("/missions/", {**defaults, "q": "Ruthenium"})
    assert [m.title for m in page.context["object_list"]] == ["Ruthenium valuation"]
    assert 'value="" selected>Any step' in page.content.decode()


def test_list_step_filter_still_narrows_to_a_step(client_as, secretariat):
    flow.release_requested(secretariat, experts=[make_expert(administration="JP")], title="At step four")
    MissionRequestFactory(title="At step one")
    client = client_as(secretariat)
    assert [m.title for m in client.get("/missions/", {"step": "4"}).context["object_list"]] == ["At step four"]
    assert [m.title for m in client.get("/missions/", {"step": "1"}).context["object_list"]] == ["At step one"]


def test_a_team_leaders_page_offers_the_report_not_nothing_to_do(client_as, secretariat, expert_user):
    from missions.choices import LetterAnswer, TeamRole
    from missions.models import Assignment, ReleaseLetter
    from tests.missions.factories import START

    mission = MissionRequestFactory(title="Deployed", status=Status.DEPLOYED)
    lead = Assignment.objects.create(
        request=mission,
        expert=make_expert(user=expert_user),
        role=TeamRole.LEAD,
        start_date=START,
        end_date=START,
        selected=True,
    )
    ReleaseLetter.objects.create(assignment=lead, deadline=START, answer=LetterAnswer.APPROVED)
    mission.status = Status.COMPLETED
    mission.save(update_fields=["status"])
    page = client_as(expert_user).get(mission.get_absolute_url())
    html = page.content.decode()
    assert not page.context["actions"]
    assert "Nothing to do on this request now" not in html
    assert 'id="report-to-do"' in html
    assert f"/missions/{mission.pk}/report/" in html


def test_the_timeline_says_when_the_secretariat_answers_for_an_administration(client_as, api_as, secretariat):
    japanese, thai = make_expert(administration="JP"), make_expert(administration="TH")
    mission, (jp, th) = flow.release_requested(secretariat, experts=[japanese, thai])
    mission_services.release_approve(letter=jp.release_letter, by=secretariat)
    mission_services.release_approve(letter=th.release_letter, by=home_member(thai))
    html = client_as(secretariat).get(mission.get_absolute_url()).content.decode()
    assert html.count("Recorded by the Secretariat on behalf of") == 1
    assert "Recorded by the Secretariat on behalf of Japan" in html
    timeline = api_as(secretariat).get(f"/api/v1/mission-requests/{mission.pk}/").json()["timeline"]
    approvals = [event for event in timeline if event["action"] == "release_approved"]
    assert sorted(event["on_behalf_of"] for event in approvals) == ["", "Japan"]


def test_history_reads_as_people_read_it_names_labels_dates_and_file_names(client_as, secretariat):
    mission, [assignment] = flow.ready_to_deploy(secretariat, experts=[make_expert(administration="JP")])
    client = client_as(secretariat)
    page = client.get(reverse_history("missions.missionrequest", mission.pk)).content.decode()
    table = page.split('id="history-table"', 1)[1]
    assert "Status" in table
    assert "Team formed" in table
    assert "status" not in table.replace("Status", "")  # no raw field name
    assert "team_formed" not in table
    assert "plan_year" not in table
    assert "_id" not in table
    assignment_page = client.get(reverse_history("missions.assignment", assignment.pk)).content.decode()
    assignment_table = assignment_page.split('id="history-table"', 1)[1]
    assert "Selected" in assignment_table
    assert "Yes" in assignment_table
    document = mission.documents.get()
    document_page = client.get(reverse_history("missions.missiondocument", document.pk)).content.decode()
    assert f"missions/{mission.pk}/documents" not in document_page


def reverse_history(model: str, pk: int) -> str:
    from django.urls import reverse

    return reverse("history", args=[model, pk])
