"""Drive a mission request through the workflow with the real services (test helper)."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

import time_machine
from django.utils import timezone

from missions import services
from missions.choices import AvailabilityAnswer, TeamRole
from missions.models import Assignment, MissionRequest
from tests.missions.factories import MissionRequestFactory, make_expert

DEADLINE = timezone.localdate() + datetime.timedelta(days=14)


def commented(by, **fields) -> MissionRequest:
    """A received request the ROCB has commented on (recorded by ``by``): ready to be planned."""
    mission = MissionRequestFactory(**fields)
    services.request_rocb_comment(request=mission, comment="A regional priority; fits the regional plan.", by=by)
    return mission


def searching(by, **fields) -> MissionRequest:
    mission = commented(by, **fields)
    services.request_plan(
        request=mission,
        plan_year=2027,
        start_date=mission.preferred_start,
        end_date=mission.preferred_start + datetime.timedelta(days=mission.duration_days - 1),
        by=by,
    )
    services.request_start_search(request=mission, by=by)
    mission.refresh_from_db()
    return mission


def checking(by, experts=None, roles=None, **fields) -> tuple[MissionRequest, list[Assignment]]:
    mission = searching(by, **fields)
    experts = experts or [make_expert()]
    roles = roles or [TeamRole.LEAD] + [TeamRole.MEMBER] * (len(experts) - 1)
    assignments = services.request_shortlist(
        request=mission,
        entries=[
            services.ShortlistEntry(
                expert=expert,
                role=role,
                external_justification="Only expert in the topic" if expert.kind == "external" else "",
            )
            for expert, role in zip(experts, roles, strict=True)
        ],
        by=by,
    )
    mission.refresh_from_db()
    return mission, assignments


def release_requested(by, **kwargs) -> tuple[MissionRequest, list[Assignment]]:
    mission, assignments = checking(by, **kwargs)
    for assignment in assignments:
        services.assignment_record_availability(
            assignment=assignment, answer=AvailabilityAnswer.AVAILABLE, selected=True, by=by
        )
    services.request_request_release(request=mission, deadline=DEADLINE, by=by)
    mission.refresh_from_db()
    return mission, [Assignment.objects.get(pk=a.pk) for a in assignments]


def released(by, **kwargs) -> tuple[MissionRequest, list[Assignment]]:
    mission, assignments = release_requested(by, **kwargs)
    for assignment in assignments:
        services.release_approve(letter=assignment.release_letter, by=by)
    mission.refresh_from_db()
    return mission, assignments


def team_formed(by, **kwargs) -> tuple[MissionRequest, list[Assignment]]:
    mission, assignments = released(by, **kwargs)
    services.request_form_team(request=mission, by=by)
    mission.refresh_from_db()
    return mission, [Assignment.objects.get(pk=a.pk) for a in assignments]


def ready_to_deploy(by, **kwargs) -> tuple[MissionRequest, list[Assignment]]:
    from django.core.files.base import ContentFile

    mission, assignments = team_formed(by, **kwargs)
    for assignment in assignments:
        services.assignment_brief(assignment=assignment, by=by)
    services.document_upload(
        request=mission, kind="tor", file=ContentFile(b"%PDF-1.4 ToR", name="tor.pdf"), title="ToR", by=by
    )
    mission.refresh_from_db()
    return mission, assignments


@contextmanager
def on(day: datetime.date) -> Iterator[None]:
    """Travel to 10:00 UTC on ``day`` (the clock keeps ticking): the workflow's dates are checked against today."""
    moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=True):
        yield


def deploy(*, request: MissionRequest, by, **kwargs) -> MissionRequest:
    """Mark the mission deployed on its first day (it may not be earlier than a few days before)."""
    with on(request.start_date or timezone.localdate()):
        return services.request_deploy(request=request, by=by, **kwargs)


def complete(*, request: MissionRequest, by, **kwargs) -> MissionRequest:
    """Mark the mission completed on its last day (it may not be earlier)."""
    with on(request.end_date or timezone.localdate()):
        return services.request_complete(request=request, by=by, **kwargs)
