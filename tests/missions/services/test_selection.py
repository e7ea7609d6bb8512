"""Steps 2 and 3 with experts: the shortlist and the availability check."""

import pytest
from django.core.files.base import ContentFile

from experts.choices import ExpertKind
from missions import services
from missions.choices import Action, AvailabilityAnswer, Status
from tests.missions import flow
from tests.missions.factories import ExpertFactory, make_expert
from wcocb.errors import ConflictError, DomainError, ForbiddenError

pytestmark = pytest.mark.django_db


# --- step 2: shortlist ------------------------------------------------------------------------------
def test_shortlist_moves_to_the_availability_check(secretariat):
    mission = flow.searching(secretariat)
    expert = make_expert()
    [assignment] = services.request_shortlist(
        request=mission, entries=[services.ShortlistEntry(expert=expert)], by=secretariat
    )
    mission.refresh_from_db()
    assert (mission.status, mission.step) == (Status.AVAILABILITY_CHECK, 3)
    assert (assignment.start_date, assignment.end_date) == (mission.start_date, mission.end_date)
    assert mission.timeline.last().action == Action.SHORTLISTED


def test_shortlist_needs_an_expert(secretariat):
    with pytest.raises(DomainError):
        services.request_shortlist(request=flow.searching(secretariat), entries=[], by=secretariat)


def test_external_expert_needs_a_recorded_justification(secretariat):
    mission = flow.searching(secretariat)
    external = ExpertFactory(kind=ExpertKind.EXTERNAL)
    with pytest.raises(DomainError, match="External Expert"):
        services.request_shortlist(request=mission, entries=[services.ShortlistEntry(expert=external)], by=secretariat)
    [assignment] = services.request_shortlist(
        request=mission,
        entries=[services.ShortlistEntry(expert=external, external_justification="No accredited TRS expert free")],
        by=secretariat,
    )
    assert assignment.external_justification == "No accredited TRS expert free"


def test_the_same_expert_cannot_be_shortlisted_twice(secretariat):
    mission, [assignment] = flow.checking(secretariat)
    with pytest.raises(ConflictError):
        services.request_shortlist(
            request=mission, entries=[services.ShortlistEntry(expert=assignment.expert)], by=secretariat
        )


def test_more_experts_can_be_added_during_the_availability_check(secretariat):
    mission, _ = flow.checking(secretariat)
    services.request_shortlist(
        request=mission, entries=[services.ShortlistEntry(expert=make_expert())], by=secretariat
    )
    mission.refresh_from_db()
    assert mission.status == Status.AVAILABILITY_CHECK
    assert mission.assignments.count() == 2


def test_member_cannot_shortlist(secretariat, member_user):
    mission = flow.searching(secretariat)
    with pytest.raises(ForbiddenError):
        services.request_shortlist(
            request=mission, entries=[services.ShortlistEntry(expert=make_expert())], by=member_user
        )


def test_secretariat_delivery_skips_to_the_team(secretariat):
    mission = flow.searching(secretariat)
    services.request_deliver_by_secretariat(request=mission, by=secretariat)
    mission.refresh_from_db()
    assert (mission.status, mission.delivered_by_secretariat, mission.step) == (Status.TEAM_FORMED, True, 6)
    with pytest.raises(DomainError, match="terms of reference"):
        flow.deploy(request=mission, by=secretariat)
    services.document_upload(
        request=mission, kind="tor", file=ContentFile(b"%PDF-1.7 ToR", name="tor.pdf"), by=secretariat
    )
    flow.deploy(request=mission, by=secretariat)
    mission.refresh_from_db()
    assert mission.status == Status.DEPLOYED


# --- step 3: availability ---------------------------------------------------------------------------
def test_only_an_available_expert_can_be_selected(secretariat):
    _mission, [assignment] = flow.checking(secretariat)
    with pytest.raises(DomainError, match="available"):
        services.assignment_record_availability(
            assignment=assignment, answer=AvailabilityAnswer.NOT_AVAILABLE, selected=True, by=secretariat
        )
    services.assignment_record_availability(
        assignment=assignment,
        answer=AvailabilityAnswer.AVAILABLE,
        note="Confirmed by phone",
        selected=True,
        by=secretariat,
    )
    assignment.refresh_from_db()
    assert (assignment.availability, assignment.selected, assignment.availability_note) == (
        "available",
        True,
        "Confirmed by phone",
    )


def test_rocb_of_the_region_records_availability(secretariat, rocb_officer):
    _mission, [assignment] = flow.checking(secretariat)
    services.assignment_record_availability(assignment=assignment, answer="available", by=rocb_officer)
