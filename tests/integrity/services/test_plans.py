"""Action plans: actions per factor with owner, due date, status and progress (each report a row), the plan's
moves, and the daily overdue job that flags late actions and tells each owner once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from integrity import services, tasks
from integrity.choices import ActionStatus, PlanStatus
from integrity.models import PlanAction
from tests import factories as base
from tests.integrity import factories as f
from tests.missions.factories import MissionRequestFactory
from wcocb.errors import ConflictError, DomainError, ForbiddenError

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def officer():
    return f.member_of("TH", username="th-plan")


@pytest.fixture
def plan(officer):
    return services.plan_create(
        administration=officer.administration, title="Plan", by=officer, assessment=f.submitted(officer)
    )


def _action(plan, officer, *, days=30, **kwargs):
    return services.action_add(
        plan=plan,
        title=kwargs.pop("title", "Code of conduct signed"),
        owner=kwargs.pop("owner", officer),
        due_date=TODAY + datetime.timedelta(days=days),
        factor=plan.assessment.questionnaire.sections.get(code="conduct"),
        by=officer,
        **kwargs,
    )


def test_an_action_records_its_progress_reports(plan, officer):
    action = _action(plan, officer)
    services.action_update(action=action, by=officer, status=ActionStatus.IN_PROGRESS, progress=40, comment="half")
    services.action_update(action=action, by=officer, status=ActionStatus.DONE, progress=80, evidence="Signed list")
    action.refresh_from_db()
    assert (action.status, action.progress, action.evidence) == (ActionStatus.DONE, 100, "Signed list")
    reports = list(action.updates.values_list("from_status", "to_status", "progress", "comment"))
    assert reports == [
        ("", ActionStatus.PLANNED, 0, ""),
        (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, 40, "half"),
        (ActionStatus.IN_PROGRESS, ActionStatus.DONE, 100, ""),
    ]


def test_a_cancelled_action_does_not_jump_to_done(plan, officer):
    action = _action(plan, officer)
    services.action_update(action=action, by=officer, status=ActionStatus.CANCELLED, progress=0)
    with pytest.raises(ConflictError):
        services.action_update(action=action, by=officer, status=ActionStatus.DONE, progress=100)
    assert PlanAction.objects.get(pk=action.pk).status == ActionStatus.CANCELLED


def test_the_owner_is_a_user_of_the_administration_and_the_factor_one_of_its_assessment(plan, officer):
    with pytest.raises(DomainError):
        _action(plan, officer, owner=f.member_of("JP"))
    with pytest.raises(DomainError):
        services.action_add(
            plan=plan,
            title="x",
            owner=officer,
            due_date=TODAY,
            factor=f.gender().sections.first(),
            by=officer,
        )
    assert not plan.actions.exists()


def test_only_the_administration_writes_its_plan(plan, officer):
    for user in (base.SecretariatFactory(), base.RocbFactory(), f.member_of("JP")):
        with pytest.raises(ForbiddenError):
            _action(plan, user, owner=officer)
        with pytest.raises(ForbiddenError):
            services.plan_move(plan=plan, to=PlanStatus.ADOPTED, by=user)


def test_a_plan_is_adopted_then_closed_and_a_closed_plan_takes_no_action(plan, officer):
    services.plan_move(plan=plan, to=PlanStatus.ADOPTED, by=officer, on=datetime.date(2026, 5, 1))
    with pytest.raises(ConflictError):
        services.plan_move(plan=plan, to=PlanStatus.ADOPTED, by=officer)
    services.plan_move(plan=plan, to=PlanStatus.CLOSED, by=officer)
    plan.refresh_from_db()
    assert (plan.status, plan.adopted_on) == (PlanStatus.CLOSED, datetime.date(2026, 5, 1))
    with pytest.raises(ForbiddenError):
        _action(plan, officer)


def test_a_plan_links_only_its_own_administrations_integrity_mission(officer):
    diagnostic = MissionRequestFactory(administration=officer.administration)
    with pytest.raises(DomainError):
        services.plan_create(administration=officer.administration, title="p", by=officer, mission=diagnostic)
    kenya = MissionRequestFactory(administration=base.member("KE"), kind="integrity_assessment")
    with pytest.raises(DomainError):
        services.plan_create(administration=officer.administration, title="p", by=officer, mission=kenya)
    ours = MissionRequestFactory(administration=officer.administration, kind="integrity_assessment")
    plan = services.plan_create(administration=officer.administration, title="p", by=officer, mission=ours)
    assert plan.mission == ours


def test_the_overdue_job_flags_late_actions_and_tells_each_owner_once(
    plan, officer, django_capture_on_commit_callbacks
):
    late = _action(plan, officer, days=-3, title="Late action")
    on_time = _action(plan, officer, days=5, title="On time")
    done = _action(plan, officer, days=-10, title="Done already")
    services.action_update(action=done, by=officer, status=ActionStatus.DONE, progress=100)
    PlanAction.objects.filter(pk=late.pk).update(overdue=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.mark_overdue_actions() == 1
    assert set(PlanAction.objects.filter(overdue=True).values_list("title", flat=True)) == {"Late action"}
    [message] = mail.outbox
    assert message.to == [officer.email]
    assert "Late action" in message.subject
    assert "Late action" in message.body
    assert plan.title in message.body
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.mark_overdue_actions() == 0  # told once
    assert len(mail.outbox) == 1
    assert not PlanAction.objects.get(pk=on_time.pk).overdue


def test_a_new_due_date_clears_the_flag_and_a_later_delay_tells_the_owner_again(plan, officer):
    late = _action(plan, officer, days=-3)
    services.mark_overdue()
    services.action_update(
        action=late,
        by=officer,
        status=ActionStatus.IN_PROGRESS,
        progress=10,
        due_date=TODAY + datetime.timedelta(days=7),
    )
    late.refresh_from_db()
    assert (late.overdue, late.overdue_notified_on) == (False, None)
    assert services.mark_overdue(today=TODAY + datetime.timedelta(days=8)) == 1


@pytest.mark.worker
def test_the_overdue_job_through_the_real_worker(celery_worker):
    from wcocb.celery import app

    app.conf.task_always_eager = False
    officer = f.member_of("TH", username="th-worker")
    plan = services.plan_create(administration=officer.administration, title="Worker plan", by=officer)
    action = services.action_add(
        plan=plan, title="Worker action", owner=officer, due_date=TODAY - datetime.timedelta(days=1), by=officer
    )
    PlanAction.objects.filter(pk=action.pk).update(overdue=False)
    assert tasks.mark_overdue_actions.delay().get(timeout=60) == 1
    action.refresh_from_db()
    assert action.overdue
    assert action.overdue_notified_on == TODAY


def test_a_plan_comes_out_of_an_integrity_workshop_its_administration_hosted_or_attended(officer):
    from tests.training import factories as tf
    from training.choices import ProgrammeKind

    hosted = tf.SessionFactory(programme=tf.programme("INTEGRITY"), host=officer.administration)
    attended = tf.SessionFactory(programme=tf.programme("INTEGRITY"))
    tf.nominated(attended, tf.officer("TH"), by=officer)
    elsewhere = tf.SessionFactory(programme=tf.programme("INTEGRITY"), host=base.member("KE"))
    lmd = tf.SessionFactory(programme=tf.programme("LMD"), host=officer.administration)
    assert tf.programme("INTEGRITY").kind == ProgrammeKind.INTEGRITY

    for session in (hosted, attended):
        plan = services.plan_create(
            administration=officer.administration, title="p", by=officer, workshop_session=session
        )
        assert plan.workshop_session == session
    with pytest.raises(DomainError) as refused:
        services.plan_create(administration=officer.administration, title="p", by=officer, workshop_session=elsewhere)
    assert refused.value.code == "workshop_session"
    with pytest.raises(DomainError) as refused:
        services.plan_create(administration=officer.administration, title="p", by=officer, workshop_session=lmd)
    assert refused.value.code == "workshop_session"
    with pytest.raises(DomainError) as refused:
        services.plan_create(
            administration=officer.administration, title="p", by=officer, workshop_session=hosted, workshop="Also text"
        )
    assert refused.value.code == "workshop"

    from integrity import selectors

    assert list(selectors.workshop_sessions_for(officer.administration_id)) == sorted(
        [hosted, attended], key=lambda s: (-s.start_date.toordinal(), s.pk)
    )
