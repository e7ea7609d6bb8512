"""The 360° impact review: the beat job's scheduling (due six months after, idempotent, catches up),
the reminders before the deadline, and the aggregation with its rule."""

import datetime

import pytest
from django.utils import timezone

from tests.training.factories import SessionFactory, certified, completed, ended_session, enrolled
from training import selectors, services, tasks
from training.choices import ReviewerSlot
from training.models import ImpactReview
from training.services.impact import add_months
from wcocb.errors import ConflictError, DomainError, ForbiddenError

pytestmark = pytest.mark.django_db
SLOTS = [ReviewerSlot.SUPERIOR, ReviewerSlot.PEER, ReviewerSlot.STAFF_1, ReviewerSlot.STAFF_2]


def give_all(participant, by):
    return [
        services.reviewer_give(
            participant=participant, slot=slot, name=f"R {slot}", email=f"{slot}@example.org", by=by
        )
        for slot in SLOTS
    ]


def test_add_months_keeps_the_day_or_the_end_of_the_month():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 8, 15), 6) == datetime.date(2027, 2, 15)
    assert add_months(datetime.date(2026, 8, 15), -6) == datetime.date(2026, 2, 15)


def test_requests_are_created_six_months_after_the_end_for_each_reviewer(
    secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    session = ended_session("LMD", months_ago=0)
    participant = completed(session, by=secretariat)
    give_all(participant, secretariat)
    due = add_months(session.end_date, 6)
    assert services.impact_reviews_schedule(today=due - datetime.timedelta(days=1)) == []
    with django_capture_on_commit_callbacks(execute=True):
        created = services.impact_reviews_schedule(today=due)
    assert len(created) == 4
    assert {r.due_on for r in created} == {due}
    assert {r.deadline for r in created} == {due + datetime.timedelta(days=28)}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(f"{slot}@example.org" for slot in SLOTS)
    assert all("/training/review/" in m.body for m in mailoutbox)


def test_running_the_job_twice_creates_no_duplicates(secretariat):
    participant = completed(ended_session("TER"), by=secretariat)
    give_all(participant, secretariat)
    assert tasks.schedule_impact_reviews() == 4
    assert tasks.schedule_impact_reviews() == 0
    assert ImpactReview.objects.count() == 4


def test_the_job_catches_up_after_downtime(secretariat):
    """A session whose review fell due two months ago while the job did not run is still scheduled; the
    reviewers get the full time to answer from the day they are asked."""
    participant = certified(ended_session("LMD", months_ago=8), by=secretariat).participant
    give_all(participant, secretariat)
    created = services.impact_reviews_schedule()
    assert len(created) == 4
    assert all(r.deadline == timezone.localdate() + datetime.timedelta(days=28) for r in created)


def test_a_reviewer_given_late_is_asked_at_the_next_run(secretariat):
    participant = completed(ended_session("LMD"), by=secretariat)
    services.reviewer_give(
        participant=participant, slot=ReviewerSlot.SUPERIOR, name="S", email="s@example.org", by=secretariat
    )
    assert len(services.impact_reviews_schedule()) == 1
    services.reviewer_give(
        participant=participant, slot=ReviewerSlot.PEER, name="P", email="p@example.org", by=secretariat
    )
    assert len(services.impact_reviews_schedule()) == 1
    assert ImpactReview.objects.count() == 2


def test_only_completed_participants_of_lmd_and_retreats_are_reviewed(secretariat):
    withdrawn = enrolled(ended_session("LMD"), by=secretariat)
    give_all(withdrawn, secretariat)
    services.participant_withdraw(participant=withdrawn, by=secretariat)
    assert services.impact_reviews_schedule() == []
    other = completed(ended_session("VCOA"), by=secretariat)
    with pytest.raises(DomainError):
        services.reviewer_give(
            participant=other, slot=ReviewerSlot.PEER, name="P", email="p@example.org", by=secretariat
        )


def test_the_participant_or_their_administration_gives_the_reviewers(
    secretariat, member_user, other_member_user, expert_user
):
    from tests.training.factories import officer

    person = officer("TH", user=expert_user)
    participant = completed(ended_session("LMD"), person, by=secretariat)
    services.reviewer_give(
        participant=participant, slot=ReviewerSlot.PEER, name="P", email="p@example.org", by=expert_user
    )
    services.reviewer_give(
        participant=participant, slot=ReviewerSlot.SUPERIOR, name="S", email="s@example.org", by=member_user
    )
    with pytest.raises(ForbiddenError):
        services.reviewer_give(
            participant=participant, slot=ReviewerSlot.STAFF_1, name="X", email="x@example.org", by=other_member_user
        )


def test_an_asked_reviewer_cannot_be_changed(secretariat):
    participant = completed(ended_session("LMD"), by=secretariat)
    services.reviewer_give(
        participant=participant, slot=ReviewerSlot.PEER, name="P", email="p@example.org", by=secretariat
    )
    services.impact_reviews_schedule()
    with pytest.raises(ConflictError):
        services.reviewer_give(
            participant=participant, slot=ReviewerSlot.PEER, name="Q", email="q@example.org", by=secretariat
        )


def test_reminders_go_once_in_the_week_before_the_deadline(
    secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    participant = completed(ended_session("LMD"), by=secretariat)
    give_all(participant, secretariat)
    (first, *others) = services.impact_reviews_schedule()
    services.review_answer(token=services.review_token(first), leadership=1, management=1, communication=1)
    deadline = first.deadline
    assert services.impact_reviews_remind(today=deadline - datetime.timedelta(days=8)) == []
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.impact_reviews_remind(today=deadline - datetime.timedelta(days=7))
    assert sorted(r.pk for r in reminded) == sorted(r.pk for r in others)
    assert len(mailoutbox) == 3
    assert all("Reminder" in m.subject for m in mailoutbox)
    assert services.impact_reviews_remind(today=deadline - datetime.timedelta(days=2)) == []
    assert tasks.remind_impact_reviewers() == 0


def _answer(review, value):
    services.review_answer(
        token=services.review_token(review), leadership=value, management=value, communication=value
    )


def test_the_share_who_improved_follows_the_rule_shown(secretariat):
    session = ended_session("LMD")
    people = [completed(session, by=secretariat) for _ in range(4)]
    for participant in people:
        give_all(participant, secretariat)
    services.impact_reviews_schedule()
    by_participant = {p.pk: list(ImpactReview.objects.filter(reviewer__participant=p).order_by("pk")) for p in people}
    # 1: four reviewers see clear improvement; 2: three see some (mean 1); 3: three see no change;
    # 4: only two answered (not assessed).
    for review in by_participant[people[0].pk]:
        _answer(review, 2)
    for review in by_participant[people[1].pk][:3]:
        _answer(review, 1)
    for review in by_participant[people[2].pk][:3]:
        _answer(review, 0)
    for review in by_participant[people[3].pk][:2]:
        _answer(review, 2)
    summary = selectors.impact_summary([session])
    assert summary.requested == 16
    assert summary.answered == 12
    assert summary.assessed == 3
    assert summary.improved == 2
    assert summary.share_improved == pytest.approx(2 / 3)
    assert "at least 3" in summary.rule
    assert "+0.5" in summary.rule


def test_the_figures_of_a_session(secretariat, api_as):
    session = SessionFactory(capacity=10)
    certified(session, by=secretariat, honours=True)
    certified(session, by=secretariat)
    completed(session, by=secretariat)
    enrolled(session, by=secretariat)
    body = api_as(secretariat).get(f"/api/v1/training/sessions/{session.pk}/figures/").json()
    assert body["statistics"]["participants"] == 4
    assert body["statistics"]["completed"] == 3
    assert body["statistics"]["certified"] == 2
    assert body["statistics"]["honours"] == 1
    assert sum(body["statistics"]["gender"].values()) == 4
    assert body["feedback"]["sent"] == 3
