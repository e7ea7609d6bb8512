"""Email at each step to the people who must act, queued on commit; release reminders once each."""

import datetime

import pytest
from django.core import mail
from django.db import transaction

from missions import notifications, services, tasks
from missions.choices import Action, Status
from missions.models import MissionEvent, ReleaseLetter, ReleaseReminder, ReminderKind
from tests import factories as base
from tests.missions import flow
from tests.missions.factories import MissionRequestFactory, home_member, make_expert
from wcocb.models import FundingSource, Language

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _eager_tasks():
    from wcocb.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_new_request_mails_the_secretariat(secretariat, member_user, django_capture_on_commit_callbacks):
    base.SecretariatFactory(username="sec-2", email="")  # no address: skipped
    with django_capture_on_commit_callbacks(execute=True):
        services.request_submit(
            by=member_user, administration=member_user.administration, kind="diagnostic", title="Customs audit",
            objectives="Assess", preferred_start=datetime.date(2027, 3, 1), preferred_end=datetime.date(2027, 3, 5),
            duration_days=5, language=Language.objects.get(code="en"), funding=FundingSource.objects.get(code="WCO"),
        )  # fmt: skip
    assert recipients() == ["secretariat@example.org"]
    message = mail.outbox[0]
    assert message.subject.startswith("New mission request MR-")
    assert "Thailand" in message.subject
    assert "Customs audit" in message.body
    assert "http://" in message.body


def test_new_request_asks_the_regions_rocb_for_its_comment(
    secretariat, rocb_officer, member_user, django_capture_on_commit_callbacks
):
    base.RocbFactory(username="rocb-eur", region=base.region("EUR"))  # another region: not concerned
    with django_capture_on_commit_callbacks(execute=True):
        mission = MissionRequestFactory.build(administration=member_user.administration)
        services.request_submit(
            by=member_user, administration=member_user.administration, kind="diagnostic", title="Customs audit",
            objectives="Assess", preferred_start=mission.preferred_start, preferred_end=mission.preferred_end,
            duration_days=5, language=Language.objects.get(code="en"), funding=FundingSource.objects.get(code="WCO"),
        )  # fmt: skip
    assert recipients() == ["rocb-ap@example.org", "secretariat@example.org"]
    [asked] = [m for m in mail.outbox if m.to == ["rocb-ap@example.org"]]
    assert asked.subject.startswith("Your comment, please: mission request MR-")
    assert "ROCB's comment" in asked.body


def test_rocb_comment_tells_the_secretariat_the_request_can_be_planned(
    secretariat, rocb_officer, django_capture_on_commit_callbacks
):
    mission = MissionRequestFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_rocb_comment(request=mission, comment="High priority for the region", by=rocb_officer)
    assert "secretariat@example.org" in recipients()
    assert "rocb-ap@example.org" not in recipients()
    assert mail.outbox[0].subject == f"ROCB comment on mission request {mission.reference}"
    assert "High priority for the region" in mail.outbox[0].body


def _plan_then_fail(mission, by):
    with transaction.atomic():
        services.request_plan(request=mission, plan_year=2027, by=by)
        raise RuntimeError


def test_nothing_is_sent_when_the_transition_rolls_back(secretariat, django_capture_on_commit_callbacks):
    mission = flow.commented(secretariat)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        _plan_then_fail(mission, secretariat)
    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.usefixtures("other_member_user")
def test_planning_and_cancellation_mail_the_requesting_member(
    secretariat, member_user, django_capture_on_commit_callbacks
):
    mission = flow.commented(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_plan(request=mission, plan_year=2027, by=secretariat)
    assert recipients() == ["member-th@example.org"]
    assert "Accepted into the annual plan" in mail.outbox[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_cancel(request=mission, reason="Budget cut", by=secretariat)
    assert recipients() == ["member-th@example.org"]
    assert "Budget cut" in mail.outbox[0].body


def test_release_request_mails_the_home_administration_with_the_pdf(secretariat, django_capture_on_commit_callbacks):
    expert = make_expert(administration="JP")
    home = home_member(expert)
    base.MemberUserFactory(username="member-th-2")  # the requesting administration: not concerned
    with django_capture_on_commit_callbacks(execute=True):
        flow.release_requested(secretariat, experts=[expert])
    [message] = [m for m in mail.outbox if m.subject.startswith("Release request for")]
    assert message.to == [home.email]
    assert str(expert) in message.subject
    [(name, content, mimetype)] = message.attachments
    assert name.endswith(".pdf")
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")


def test_release_answer_mails_the_secretariat_then_the_team_hears(secretariat, django_capture_on_commit_callbacks):
    expert = make_expert()
    _mission, [assignment] = flow.release_requested(secretariat, experts=[expert])
    home = home_member(expert)
    with django_capture_on_commit_callbacks(execute=True):
        services.release_approve(letter=assignment.release_letter, by=home)
    assert "secretariat@example.org" in recipients()
    assert any(m.subject.startswith("Release answer for") for m in mail.outbox)
    mail.outbox.clear()
    mission = assignment.request
    mission.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_form_team(request=mission, by=secretariat)
    assert recipients() == [expert.person.email]
    assert "Team leader" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_brief(assignment=assignment, by=secretariat)
    assert recipients() == [expert.person.email]
    assert mail.outbox[0].subject.startswith("Briefing recorded")


def test_events_carry_the_assignment_concerned_and_the_briefing_mail_follows_it(secretariat):
    first, second = make_expert(), make_expert()
    mission, [lead, member] = flow.team_formed(secretariat, experts=[first, second])
    services.assignment_brief(assignment=member, by=secretariat, comment="Background sent")
    event = mission.timeline.last()
    assert (event.action, event.assignment, event.comment, event.data) == (
        Action.BRIEFED,
        member,
        "Background sent",
        {"system": [str(second)]},
    )
    [briefing] = notifications.mails_for_event(event)
    assert [recipient.email for recipient in briefing.recipients] == [second.person.email]
    approved = mission.timeline.filter(action=Action.RELEASE_APPROVED).order_by("pk")
    assert [entry.assignment for entry in approved] == [lead, member]
    # The Secretariat recorded the answer for the expert's home administration: the event says whose it is.
    home = lead.expert.person.administration
    assert {key: value for key, value in approved[0].data.items() if key != "system"} == {
        "letter": lead.release_letter.pk,
        "commitment_overridden": False,
        "on_behalf_of": str(home),
        "on_behalf_of_id": home.pk,
        "on_behalf_of_name": {"name": {"en": home.name_en, "fr": home.name_fr, "es": home.name_es}},
    }


def test_an_older_briefing_entry_without_its_assignment_still_finds_the_expert(secretariat):
    expert = make_expert()
    mission, [assignment] = flow.team_formed(secretariat, experts=[expert])
    services.assignment_brief(assignment=assignment, by=secretariat)
    event = mission.timeline.last()
    # As recorded before 0009: no assignment, the expert's name on the comment's first line.
    MissionEvent.objects.filter(pk=event.pk).update(assignment=None, data={}, comment=f"{expert}\nBackground sent")
    event.refresh_from_db()
    [briefing] = notifications.mails_for_event(event)
    assert [recipient.email for recipient in briefing.recipients] == [expert.person.email]
    # The same entry once migration 0013 moved the name to its system lines.
    MissionEvent.objects.filter(pk=event.pk).update(comment="Background sent", data={"system": [str(expert)]})
    event.refresh_from_db()
    [briefing] = notifications.mails_for_event(event)
    assert [recipient.email for recipient in briefing.recipients] == [expert.person.email]


@pytest.mark.usefixtures("member_user")
def test_completion_mails_the_member_and_asks_the_leader_for_the_report(
    secretariat, django_capture_on_commit_callbacks
):
    lead = make_expert()
    mission, _assignments = flow.ready_to_deploy(secretariat, experts=[lead])
    flow.deploy(request=mission, by=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        flow.complete(request=mission, by=secretariat)
    assert recipients() == sorted([lead.person.email, "member-th@example.org"])
    due = next(m for m in mail.outbox if m.to == [lead.person.email])
    assert due.subject == f"Mission report due for {mission.reference}"
    assert f"/missions/{mission.pk}/report/edit/" in due.body


def test_mail_is_in_the_recipients_language(secretariat, member_user, django_capture_on_commit_callbacks):
    member_user.preferred_language = "fr"
    member_user.save(update_fields=["preferred_language"])
    mission = flow.commented(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_plan(request=mission, plan_year=2027, by=secretariat)
    assert mail.outbox[0].to == ["member-th@example.org"]
    # The recipient's language is active while rendering (Django's own strings, such as dates, follow it).
    assert mail.outbox[0].body


# --- reminders -------------------------------------------------------------------------------------
def _pending_letter(secretariat):
    expert = make_expert()
    home = home_member(expert)
    _mission, [assignment] = flow.release_requested(secretariat, experts=[expert])
    return ReleaseLetter.objects.get(assignment=assignment), home


def test_reminder_task_run_twice_sends_once(secretariat):
    letter, home = _pending_letter(secretariat)
    three_days_before = (letter.deadline - datetime.timedelta(days=3)).isoformat()
    assert tasks.send_release_reminders(today=three_days_before) == 1
    assert tasks.send_release_reminders(today=three_days_before) == 0
    assert recipients() == [home.email]
    assert "Reminder" in mail.outbox[0].subject
    assert "due in 3 days" in mail.outbox[0].body
    assert list(ReleaseReminder.objects.values_list("days_before", flat=True)) == [3]


@pytest.mark.parametrize(
    ("days_left", "stages"),
    [(5, []), (4, []), (3, [3]), (2, [3]), (1, [1]), (0, [1]), (-1, [])],
)
def test_reminder_stage_by_days_left(secretariat, days_left, stages):
    letter, _home = _pending_letter(secretariat)
    today = (letter.deadline - datetime.timedelta(days=days_left)).isoformat()
    tasks.send_release_reminders(today=today)
    reminders = ReleaseReminder.objects.filter(kind=ReminderKind.BEFORE_DEADLINE)
    assert list(reminders.values_list("days_before", flat=True)) == stages


# --- overdue answers ---------------------------------------------------------------------------------
def test_overdue_answer_mails_the_secretariat_once(secretariat):
    letter, home = _pending_letter(secretariat)
    tasks.send_release_reminders(today=letter.deadline.isoformat())  # due today: a reminder, not late yet
    assert not ReleaseReminder.objects.filter(kind=ReminderKind.OVERDUE).exists()
    mail.outbox.clear()
    day_after = (letter.deadline + datetime.timedelta(days=1)).isoformat()
    assert tasks.send_release_reminders(today=day_after) == 1
    assert tasks.send_release_reminders(today=day_after) == 0
    two_days_after = (letter.deadline + datetime.timedelta(days=2)).isoformat()
    assert tasks.send_release_reminders(today=two_days_after) == 0
    assert "secretariat@example.org" in recipients()
    assert home.email not in recipients()
    [notice] = [m for m in mail.outbox if m.to == ["secretariat@example.org"]]
    assert notice.subject.startswith("Release answer overdue:")
    assert "1 day ago" in notice.body
    assert "A late answer is still accepted" in notice.body
    assert ReleaseReminder.objects.get(kind=ReminderKind.OVERDUE).deadline == letter.deadline


def test_a_late_answer_is_still_accepted(secretariat):
    letter, home = _pending_letter(secretariat)
    ReleaseLetter.objects.filter(pk=letter.pk).update(deadline=datetime.date.today() - datetime.timedelta(days=3))  # noqa: DTZ011
    services.release_approve(letter=letter, by=home)
    letter.refresh_from_db()
    assert letter.answer == "approved"
    assert letter.assignment.request.status == Status.RELEASED


def test_answered_letters_are_never_overdue(secretariat):
    letter, home = _pending_letter(secretariat)
    services.release_decline(letter=letter, by=home, reason="Audit season")
    assert tasks.send_release_reminders(today=(letter.deadline + datetime.timedelta(days=1)).isoformat()) == 0


def test_reminders_at_three_days_then_one_day(secretariat):
    letter, _home = _pending_letter(secretariat)
    for days_left in (3, 2, 1, 0):
        tasks.send_release_reminders(today=(letter.deadline - datetime.timedelta(days=days_left)).isoformat())
    assert len(mail.outbox) == 2
    assert sorted(ReleaseReminder.objects.values_list("days_before", flat=True)) == [1, 3]


def test_no_reminder_once_answered_or_when_the_request_moved_on(secretariat):
    letter, home = _pending_letter(secretariat)
    services.release_approve(letter=letter, by=home)
    tasks.send_release_reminders(today=(letter.deadline - datetime.timedelta(days=1)).isoformat())
    assert mail.outbox == []
    assert letter.assignment.request.__class__.objects.get(pk=letter.assignment.request_id).status == Status.RELEASED


@pytest.mark.worker
def test_reminders_through_the_real_worker(celery_worker, secretariat):
    """The worker process sends (its mail is not in this process's outbox): the recorded reminder shows it."""
    from wcocb.celery import app

    app.conf.task_always_eager = False
    letter, _home = _pending_letter(secretariat)
    today = (letter.deadline - datetime.timedelta(days=1)).isoformat()
    assert tasks.send_release_reminders.delay(today=today).get(timeout=60) == 1
    assert list(ReleaseReminder.objects.filter(letter=letter).values_list("days_before", flat=True)) == [1]
    assert tasks.send_release_reminders.delay(today=today).get(timeout=60) == 0


# --- the steps in between: the ROCB consulted, experts asked, the team deployed, holds -------------
def _messages_to(address: str):
    return [message for message in mail.outbox if address in message.to]


def test_the_search_consults_the_rocb_and_the_shortlist_asks_each_expert(
    secretariat, rocb_officer, django_capture_on_commit_callbacks
):
    expert = make_expert(administration="KR")
    expert.person.email = "kim@customs.go.kr"
    expert.person.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        mission, _ = flow.checking(secretariat, experts=[expert])
    [consulted] = [m for m in _messages_to("rocb-ap@example.org") if "search started" in m.subject]
    assert consulted.subject == f"Expert search started for {mission.reference}"
    [asked] = _messages_to("kim@customs.go.kr")
    assert asked.subject == f"Are you available for mission {mission.reference}?"
    assert mission.title in asked.body
    assert "from March 1, 2027 to March 5, 2027" in asked.body  # the mission's own dates


def test_deployment_tells_the_team_and_reminds_the_evaluator(
    secretariat, expert_user, django_capture_on_commit_callbacks
):
    lead = make_expert(administration="JP", user=expert_user)
    mission, _ = flow.ready_to_deploy(secretariat, experts=[lead])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        flow.deploy(request=mission, by=secretariat)
    [message] = _messages_to(expert_user.email)
    assert message.subject == f"Mission {mission.reference} is under way"
    assert "Team leader" in message.body
    assert "record your evaluation" not in message.body  # not a field-evaluation mission


def test_a_hold_and_its_resumption_reach_the_requester_and_the_team(
    secretariat, member_user, expert_user, django_capture_on_commit_callbacks
):
    mission, _ = flow.team_formed(secretariat, experts=[make_expert(administration="JP", user=expert_user)])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_hold(request=mission, reason="Budget review", by=secretariat)
    assert [m.subject for m in _messages_to(member_user.email)] == [
        f"Your mission request {mission.reference}: Put on hold"
    ]
    [told] = _messages_to(expert_user.email)
    assert told.subject == f"Mission {mission.reference}: Put on hold"
    assert "Budget review" in told.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_resume(request=mission, by=secretariat)
    assert [m.subject for m in _messages_to(expert_user.email)] == [f"Mission {mission.reference}: Resumed"]


def test_the_evaluator_of_a_field_evaluation_is_reminded_to_record_it(
    secretariat, expert_user, django_capture_on_commit_callbacks
):
    from missions.choices import MissionKind, TeamRole

    evaluator = make_expert(full=("ET-VAL",), user=expert_user)
    mission, _ = flow.ready_to_deploy(
        secretariat,
        experts=[make_expert(), evaluator, make_expert(full=(), first_step=("ET-HS",))],
        roles=[TeamRole.LEAD, TeamRole.EVALUATOR, TeamRole.UNDER_EVALUATION],
        kind=MissionKind.FIELD_EVALUATION,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        flow.deploy(request=mission, by=secretariat)
    [message] = _messages_to(expert_user.email)
    assert "record your evaluation on the mission page" in message.body


@pytest.mark.parametrize("active", ["en", "fr"])
def test_each_recipient_reads_labels_and_names_in_their_own_language(
    secretariat, member_user, django_capture_on_commit_callbacks, active
):
    """Whatever language is active where the message is planned, each recipient gets theirs."""
    from django.utils import translation

    french = base.MemberUserFactory(username="member-th-fr", preferred_language="fr")
    member_user.preferred_language = "en"
    member_user.save(update_fields=["preferred_language"])
    mission = flow.commented(secretariat)
    with translation.override(active), django_capture_on_commit_callbacks(execute=True):
        services.request_plan(request=mission, plan_year=2027, by=secretariat)
    [english_mail] = _messages_to(member_user.email)
    [french_mail] = _messages_to(french.email)
    assert english_mail.subject == f"Your mission request {mission.reference}: Accepted into the annual plan"
    assert french_mail.subject == f"Votre demande de mission {mission.reference} : Acceptée dans le plan annuel"
