"""Steps 2 and 3: the shortlist (or delivery by Secretariat staff) and the availability check."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from experts import services as expert_services
from experts.models import Expert
from missions import rules
from missions.choices import (
    Action,
    AvailabilityAnswer,
    LetterAnswer,
    Status,
    TeamRole,
)
from missions.models import Assignment, MissionRequest, ReleaseLetter
from missions.selectors import timeline
from missions.services._common import (
    _event,
    _lock,
    _move,
    _refuse_double_booking,
    _refuse_unjustified_external,
    _set_answer,
)
from wcocb.errors import ConflictError, DomainError

if TYPE_CHECKING:
    from wcocb.models import User


@dataclass(frozen=True)
class ShortlistEntry:
    expert: Expert
    role: str = TeamRole.MEMBER
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    external_justification: str = ""


@transaction.atomic
def request_shortlist(
    *, request: MissionRequest, entries: Sequence[ShortlistEntry | Mapping], by: User, comment: str = ""
) -> list[Assignment]:
    """Step 2: put experts on the shortlist; the first shortlist moves the request to the availability check.

    Each expert takes the mission's dates (a shorter stay inside them may be given); before the
    dates are set, the preferred period stands in until :func:`request_set_dates`. An entry is a
    :class:`ShortlistEntry` or a mapping of its fields."""
    request = _lock(request)
    rules.check_action("shortlist", request, by)
    shortlist = [entry if isinstance(entry, ShortlistEntry) else ShortlistEntry(**entry) for entry in entries]
    if not shortlist:
        raise DomainError(_("Choose at least one expert for the shortlist."))
    existing = set(request.assignments.values_list("expert_id", flat=True))
    created = []
    for entry in shortlist:
        if entry.expert.pk in existing:
            raise ConflictError(_("%(expert)s is already on the shortlist.") % {"expert": entry.expert})
        _refuse_unjustified_external(entry.expert, entry.external_justification)
        start_date = entry.start_date or request.start_date or request.preferred_start
        end_date = entry.end_date or request.end_date or request.preferred_end
        if (
            request.start_date is not None
            and request.end_date is not None
            and (start_date < request.start_date or end_date > request.end_date)
        ):
            raise DomainError(
                _("%(expert)s's dates must lie within the mission's dates (%(start)s to %(end)s).")
                % {"expert": entry.expert, "start": request.start_date, "end": request.end_date}
            )
        assignment = Assignment(
            request=request,
            expert=entry.expert,
            role=entry.role,
            start_date=start_date,
            end_date=end_date,
            external_justification=(entry.external_justification or "").strip(),
        )
        assignment.full_clean(validate_constraints=False)
        assignment.save()
        existing.add(entry.expert.pk)
        created.append(assignment)
    data = {"assignments": [assignment.pk for assignment in created]}
    system = [timeline.join(str(entry.expert) for entry in shortlist)]
    if request.status == Status.EXPERT_SEARCH:
        _move(
            request,
            to=Status.AVAILABILITY_CHECK,
            by=by,
            action=Action.SHORTLISTED,
            comment=comment,
            data=data,
            system=system,
        )
    else:
        _event(
            request,
            by=by,
            action=Action.SHORTLISTED,
            from_status=request.status,
            comment=comment,
            data=data,
            system=system,
        )
    return created


@transaction.atomic
def request_deliver_by_secretariat(*, request: MissionRequest, by: User, comment: str = "") -> MissionRequest:
    """Step 2, other branch: Secretariat staff will deliver the mission, no member experts needed."""
    request = _lock(request)
    rules.check_action("deliver_by_secretariat", request, by)
    request.delivered_by_secretariat = True
    _move(
        request,
        to=Status.TEAM_FORMED,
        by=by,
        action=Action.SECRETARIAT_DELIVERY,
        comment=comment,
        fields=["delivered_by_secretariat"],
    )
    return request


def _release_booking(assignment: Assignment, *, by: User) -> list[dict]:
    """Undo what selecting ``assignment`` set going: its booked dates, the days recorded in the
    expert's deployments (and so their release commitment), and its pending or approved release
    letter, withdrawn so that it can no longer be answered. Returns what was undone, for the timeline
    (messages of :mod:`missions.selectors.timeline`)."""
    undone = []
    if assignment.is_booked:
        assignment.is_booked = False
        assignment.save(update_fields=["is_booked", "updated_at"])
        undone.append(timeline.message(gettext_noop("booking released")))
    if expert_services.deployment_remove(source_key=assignment.source_key, by=by):
        undone.append(timeline.message(gettext_noop("days removed from the release commitment")))
    letter = (
        ReleaseLetter.objects.select_for_update(of=("self",))
        .filter(assignment=assignment, answer__in=[LetterAnswer.PENDING, LetterAnswer.APPROVED])
        .first()
    )
    if letter is not None:
        _set_answer(letter, LetterAnswer.WITHDRAWN, _("Withdrawn by the Secretariat: the expert was deselected."), by)
        undone.append(timeline.message(gettext_noop("release letter withdrawn")))
    return undone


@transaction.atomic
def assignment_record_availability(
    *, assignment: Assignment, answer: str, by: User, note: str = "", selected: bool = False
) -> Assignment:
    """Step 3: what the expert said informally, and whether they are selected for release.

    Deselecting an expert who was selected (e.g. after the selection was reopened) releases their
    booking, removes the mission's days from their release commitment and withdraws their release
    letter (see :func:`_release_booking`); selecting them again later sends a new request."""
    request = _lock(assignment.request)
    rules.check_action("record_availability", request, by)
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("expert__person")
        .get(pk=assignment.pk, request=request)
    )
    if answer not in AvailabilityAnswer.values:
        raise DomainError(_("Unknown availability answer."))
    if selected and answer != AvailabilityAnswer.AVAILABLE:
        raise DomainError(_("Only an expert who said they are available can be selected."))
    if selected:
        _refuse_unjustified_external(assignment.expert, assignment.external_justification)
        _refuse_double_booking(assignment)
    was_selected = assignment.selected
    assignment.availability = answer
    assignment.availability_note = note
    assignment.selected = selected
    assignment.save(update_fields=["availability", "availability_note", "selected", "updated_at"])
    parts: list = [timeline.choice("availability", answer)]
    if selected:
        parts.append(timeline.message(gettext_noop("selected")))
    action = Action.AVAILABILITY_RECORDED
    if not selected:
        undone = _release_booking(assignment, by=by)
        if was_selected or undone:
            action = Action.DESELECTED
            parts.append(timeline.join([timeline.message(gettext_noop("deselected")), *undone]))
    line = timeline.message(
        gettext_noop("%(expert)s: %(answer)s"), expert=str(assignment.expert), answer=timeline.join(parts, " · ")
    )
    _event(
        request,
        by=by,
        action=action,
        from_status=request.status,
        assignment=assignment,
        data={"availability": answer, "selected": selected},
        comment=note,
        system=[line],
    )
    return assignment
