"""The plan's phases, its event rows, the MPA rule, and who may move it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from experts.choices import Stage
from mercator import services
from mercator.choices import EventKind, Phase
from mercator.models import Plan, PlanTimelineEvent
from tests import factories as base
from tests.mercator import factories as f
from tests.missions.factories import accredit, make_expert
from wcocb.errors import ConflictError, DomainError, ForbiddenError

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return base.SecretariatFactory()


def test_opening_a_plan_records_the_written_request_as_its_first_event(clerk):
    plan = f.make_plan(clerk)
    assert plan.phase == Phase.REQUEST_RECEIVED
    event = plan.timeline.get()
    assert (event.kind, event.actor, event.from_state, event.to_state) == (
        EventKind.OPENED, clerk, "", Phase.REQUEST_RECEIVED,
    )  # fmt: skip
    assert "REQ-2026-01" in event.comment


def test_only_the_secretariat_opens_a_plan(member_user):
    with pytest.raises(ForbiddenError):
        f.make_plan(member_user)
    assert not Plan.objects.exists()


def test_a_plan_walks_its_phases_in_order_with_an_event_per_move(clerk):
    plan = f.advance_to(f.make_plan(clerk), Phase.CLOSED, clerk)
    moves = list(plan.timeline.filter(kind=EventKind.PHASE).values_list("from_state", "to_state"))
    assert moves == [
        (Phase.REQUEST_RECEIVED, Phase.VALIDATION),
        (Phase.VALIDATION, Phase.DIAGNOSTIC),
        (Phase.DIAGNOSTIC, Phase.PLANNING_DELIVERY),
        (Phase.PLANNING_DELIVERY, Phase.MONITORING),
        (Phase.MONITORING, Phase.CLOSED),
    ]
    with pytest.raises(ConflictError):
        services.plan_advance(plan=plan, by=clerk)


def test_planning_needs_a_diagnostic_and_a_failed_move_changes_nothing(clerk):
    plan = f.advance_to(f.make_plan(clerk), Phase.DIAGNOSTIC, clerk)
    events = plan.timeline.count()
    with pytest.raises(ConflictError, match="diagnostic"):
        services.plan_advance(plan=plan, by=clerk)
    plan.refresh_from_db()
    assert plan.phase == Phase.DIAGNOSTIC
    assert plan.timeline.count() == events


def test_monitoring_needs_recommendations(clerk):
    plan = f.advance_to(f.make_plan(clerk), Phase.DIAGNOSTIC, clerk)
    f.add_diagnostic(plan, clerk)
    plan = services.plan_advance(plan=plan, by=clerk)
    with pytest.raises(ConflictError, match="recommendations"):
        services.plan_advance(plan=plan, by=clerk)


def test_hold_needs_a_reason_and_resumes_to_the_phase_it_left(clerk):
    plan = f.advance_to(f.make_plan(clerk), Phase.DIAGNOSTIC, clerk)
    with pytest.raises(DomainError):
        services.plan_hold(plan=plan, by=clerk, reason="  ")
    plan = services.plan_hold(plan=plan, by=clerk, reason="Elections")
    assert (plan.phase, plan.held_from, plan.phase_reason) == (Phase.ON_HOLD, Phase.DIAGNOSTIC, "Elections")
    with pytest.raises(ConflictError):
        services.plan_advance(plan=plan, by=clerk)
    plan = services.plan_resume(plan=plan, by=clerk)
    assert (plan.phase, plan.held_from, plan.phase_reason) == (Phase.DIAGNOSTIC, "", "")
    kinds = list(plan.timeline.values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.HELD, EventKind.RESUMED]


def test_withdrawn_from_any_open_phase_or_from_hold_but_not_when_closed(clerk):
    plan = services.plan_withdraw(plan=f.make_plan(clerk), by=clerk, reason="No longer a priority")
    assert plan.phase == Phase.WITHDRAWN
    held = services.plan_hold(plan=f.make_plan(clerk), by=clerk, reason="Budget")
    assert services.plan_withdraw(plan=held, by=clerk, reason="Budget cut").phase == Phase.WITHDRAWN
    closed = f.advance_to(f.make_plan(clerk), Phase.CLOSED, clerk)
    with pytest.raises(ConflictError):
        services.plan_withdraw(plan=closed, by=clerk, reason="late")
    with pytest.raises(ConflictError):
        services.plan_hold(plan=closed, by=clerk, reason="late")


def test_the_mpa_moves_the_plan_forward_but_does_not_close_hold_or_withdraw_it(clerk):
    user = base.ExpertUserFactory()
    mpa = f.make_mpa(user=user)
    plan = f.make_plan(clerk, mpas=[mpa])
    plan = services.plan_advance(plan=plan, by=user)
    assert plan.phase == Phase.VALIDATION
    with pytest.raises(ForbiddenError):
        services.plan_hold(plan=plan, by=user, reason="x")
    with pytest.raises(ForbiddenError):
        services.plan_withdraw(plan=plan, by=user, reason="x")
    plan = f.advance_to(plan, Phase.MONITORING, clerk)
    with pytest.raises(ForbiddenError):
        services.plan_advance(plan=plan, by=user)


@pytest.mark.parametrize("role", ["member", "rocb", "other_expert", "api_client"])
def test_others_cannot_move_a_plan(clerk, role, member_user, rocb_officer, api_client_user):
    plan = f.make_plan(clerk, mpas=[f.make_mpa()])
    user = {"member": member_user, "rocb": rocb_officer, "api_client": api_client_user,
            "other_expert": base.ExpertUserFactory()}[role]  # fmt: skip
    with pytest.raises(ForbiddenError):
        services.plan_advance(plan=plan, by=user)
    plan.refresh_from_db()
    assert plan.phase == Phase.REQUEST_RECEIVED


def test_only_a_current_mpa_accreditation_lets_an_expert_be_assigned(clerk):
    plan = f.make_plan(clerk)
    not_mpa = make_expert(full=("DF",))
    first_step = make_expert(full=(), first_step=("MPA",))
    with pytest.raises(DomainError, match="MPA accreditation"):
        services.plan_assign_mpa(plan=plan, expert=not_mpa, by=clerk)
    with pytest.raises(DomainError, match="MPA accreditation"):
        services.plan_assign_mpa(plan=plan, expert=first_step, by=clerk)
    with pytest.raises(DomainError):
        f.make_plan(clerk, mpas=[not_mpa])
    mpa = f.make_mpa()
    services.plan_assign_mpa(plan=plan, expert=mpa, by=clerk)
    assert list(plan.mpas.all()) == [mpa]
    assert plan.timeline.filter(kind=EventKind.MPA_ASSIGNED).exists()
    with pytest.raises(ConflictError):
        services.plan_assign_mpa(plan=plan, expert=mpa, by=clerk)
    services.plan_remove_mpa(plan=plan, expert=mpa, by=clerk)
    assert not plan.mpas.exists()


def test_a_withdrawn_mpa_accreditation_is_not_current():
    expert = make_expert(full=("MPA",))
    assert services.holds_current_mpa_accreditation(expert)
    accreditation = expert.accreditations.get(area__code="MPA")
    accreditation.stage = Stage.WITHDRAWN
    accreditation.withdrawn_on = datetime.date(2026, 6, 1)
    accreditation.save()
    assert not services.holds_current_mpa_accreditation(expert)
    later = make_expert(full=())
    accredit(later, "MPA", on=datetime.date(2030, 1, 1))
    assert not services.holds_current_mpa_accreditation(later, on=datetime.date(2026, 12, 1))


def test_plan_update_changes_the_record_only_and_refuses_the_phase(clerk):
    plan = f.make_plan(clerk)
    services.plan_update(plan=plan, by=clerk, title="Renamed", endorsed_on=datetime.date(2026, 9, 1))
    plan.refresh_from_db()
    assert (plan.title, plan.endorsed_on) == ("Renamed", datetime.date(2026, 9, 1))
    with pytest.raises(DomainError):
        services.plan_update(plan=plan, by=clerk, phase=Phase.CLOSED)
    with pytest.raises(ValidationError, match="endorsed before"):
        services.plan_update(plan=plan, by=clerk, endorsed_on=datetime.date(2020, 1, 1))
    assert PlanTimelineEvent.objects.filter(plan=plan).count() == 1


def test_recorded_at_dates_the_timeline_entries_of_a_past_entered_after_the_fact(clerk):
    from django.utils import timezone

    moment = datetime.datetime(2016, 4, 1, 10, tzinfo=datetime.UTC)
    with services.recorded_at(moment):
        plan = f.make_plan(clerk)
    advanced = services.plan_advance(plan=plan, by=clerk)
    opened, moved = advanced.timeline.order_by("at")
    assert (opened.kind, opened.at) == (EventKind.OPENED, moment)
    assert moved.at > timezone.now() - datetime.timedelta(minutes=5)
    with pytest.raises(DomainError), services.recorded_at(timezone.now() + datetime.timedelta(days=1)):
        pass
