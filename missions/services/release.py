"""Steps 4 and 5: release letters to the home administrations, their answers, the release commitment."""

from __future__ import annotations

import datetime
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from experts import services as expert_services
from experts.models import Expert
from missions import rules
from missions.choices import (
    Action,
    AvailabilityAnswer,
    LetterAnswer,
    LetterLanguage,
    Status,
)
from missions.documents import release_letter
from missions.models import Assignment, MissionRequest, ReleaseLetter
from missions.selectors import timeline
from missions.services._common import (
    _event,
    _lock,
    _lock_experts,
    _move,
    _refuse_double_booking,
    _refuse_unjustified_external,
    _required,
    _set_answer,
)
from wcocb.choices import Role
from wcocb.errors import ConflictError, DomainError, ForbiddenError
from wcocb.validators import check_dates

if TYPE_CHECKING:
    from wcocb.models import User


@transaction.atomic
def request_request_release(
    *,
    request: MissionRequest,
    deadline: datetime.date,
    by: User,
    language: str | None = None,
    comment: str = "",
) -> list[ReleaseLetter]:
    """Step 4: book the selected experts' dates and send a release letter to each home administration."""
    request = _lock(request)
    rules.check_action("request_release", request, by)
    check_dates(deadline=deadline)
    if deadline <= timezone.localdate():
        raise DomainError(_("The answer deadline must be in the future."))
    if request.start_date is None or request.end_date is None:  # request.has_dates, spelt for the type checker
        raise DomainError(
            _("Set the mission's dates before sending release letters: the experts are released for those days.")
        )
    if deadline >= request.start_date:
        raise ValidationError(
            {
                "deadline": _("The answer is needed before the mission starts: give a deadline before %(start)s.")
                % {"start": formats.date_format(request.start_date)}
            }
        )
    if language is None:
        language = LetterLanguage.FR if request.language.code == "fr" else LetterLanguage.EN
    selected = list(request.assignments.filter(selected=True).order_by("expert_id"))
    if not selected:
        raise DomainError(_("Select at least one available expert before asking for release."))
    experts = _lock_experts(assignment.expert_id for assignment in selected)
    letters = []
    for assignment in selected:
        expert = experts[assignment.expert_id]
        if assignment.availability != AvailabilityAnswer.AVAILABLE:
            raise DomainError(_("%(expert)s has not confirmed availability.") % {"expert": expert})
        _refuse_unjustified_external(expert, assignment.external_justification)
        if assignment.start_date < request.start_date or assignment.end_date > request.end_date:
            raise DomainError(
                _("%(expert)s's dates must lie within the mission's dates (%(start)s to %(end)s).")
                % {"expert": expert, "start": request.start_date, "end": request.end_date}
            )
        _refuse_double_booking(assignment)
        if not assignment.is_booked:
            assignment.is_booked = True
            try:
                with transaction.atomic():
                    assignment.save(update_fields=["is_booked", "updated_at"])
            except IntegrityError as exc:  # the exclusion constraint, should a check ever be bypassed
                raise ConflictError(
                    _("%(expert)s is already booked on another mission on these dates.") % {"expert": expert}
                ) from exc
        letter, _created = ReleaseLetter.objects.get_or_create(
            assignment=assignment, defaults={"language": language, "deadline": deadline}
        )
        if letter.answer in {LetterAnswer.DECLINED, LetterAnswer.WITHDRAWN}:
            # Asked again (e.g. re-selected after a decline): the same letter becomes a new request,
            # pending with the new deadline, re-rendered and re-sent; the earlier answer stays on the
            # timeline and in the letter's change history.
            _set_answer(letter, LetterAnswer.PENDING, "", None)
        if letter.answer == LetterAnswer.PENDING:
            letter.deadline = deadline
            letter.language = language
            letter.sent_at = timezone.now()
            letter.save(update_fields=["deadline", "language", "sent_at", "updated_at"])
            # The PDF, stored once the letter is committed.
            transaction.on_commit(partial(generate_release_letter, letter=letter, by=by), robust=True)
        letters.append(letter)
    _move(
        request,
        to=Status.RELEASE_REQUESTED,
        by=by,
        action=Action.RELEASE_REQUESTED,
        comment=comment,
        system=[timeline.join(str(experts[assignment.expert_id]) for assignment in selected)],
    )
    _release_if_all_approved(request, by=by)
    return letters


def _lock_letter(letter: ReleaseLetter) -> tuple[MissionRequest, ReleaseLetter]:
    request = _lock(letter.assignment.request)
    letter = (
        ReleaseLetter.objects.select_for_update(of=("self",))
        .select_related("assignment__expert__person")
        .get(pk=letter.pk)
    )
    letter.assignment.request = request
    return request, letter


def _check_home_administration(letter: ReleaseLetter, by: User) -> None:
    """The home administration (or the Secretariat on its behalf) answers a pending letter, while the
    request waits for releases (:func:`missions.rules.letter_answer_refusal`)."""
    error = rules.letter_answer_refusal(by, letter)
    if error is not None:
        raise error


def _on_behalf(letter: ReleaseLetter, by: User) -> dict:
    """When the Secretariat records the answer for the home administration: whose answer it is, kept on the
    timeline entry (``data["on_behalf_of"]``) so the timeline says so."""
    home = letter.assignment.expert.person.administration
    if by.role == Role.MEMBER or home is None:
        return {}
    return {"on_behalf_of": home.name_en, "on_behalf_of_id": home.pk, "on_behalf_of_name": timeline.multilingual(home)}


def _release_if_all_approved(request: MissionRequest, *, by: User) -> None:
    selected = request.assignments.filter(selected=True)
    if (
        request.status == Status.RELEASE_REQUESTED
        and selected.exists()
        and not selected.exclude(release_letter__answer=LetterAnswer.APPROVED).exists()
    ):
        _move(request, to=Status.RELEASED, by=by, action=Action.RELEASED)


def commitment_refusal(assignment: Assignment, expert: Expert, *, before: int | None) -> str | None:
    """Why the release just recorded for ``assignment`` breaks ``expert``'s release commitment, or ``None``.

    Called after the mission's deployment is recorded (under the expert's row lock), so the used
    days include this mission's working days, each day counted once; ``before`` is the used days
    without it. Only a release that adds days beyond the cap is refused."""
    commitment = expert_services.commitment_for(expert, as_of=assignment.start_date)
    if commitment is None or commitment.remaining is None:
        return None
    if commitment.used > commitment.cap and commitment.used > (before or 0):
        days = expert_services.working_days(assignment.start_date, assignment.end_date)
        return _(
            "Releasing %(expert)s for %(days)s working days exceeds the release commitment of %(cap)s days "
            "in the three years after accreditation: %(used)s days would be used."
        ) % {"expert": expert, "days": days, "cap": commitment.cap, "used": commitment.used}
    return None


@transaction.atomic
def release_approve(*, letter: ReleaseLetter, by: User, comment: str = "", override_reason: str = "") -> ReleaseLetter:
    """Step 5: the home administration approves. Refused beyond the expert's release commitment
    unless a Secretariat user overrides with a reason (now, or beforehand on the assignment).

    The letter's deadline is when an answer is *expected*, not a cut-off: a late answer (approval or
    decline) is accepted as long as the request still waits for releases. After the deadline the
    Secretariat is told once (see :func:`missions.tasks.send_release_reminders`) and sees the letter
    in its inbox; it may follow up, or reopen the selection to replace the expert."""
    request, letter = _lock_letter(letter)
    _check_home_administration(letter, by)
    assignment = Assignment.objects.select_for_update(of=("self",)).get(pk=letter.assignment_id)
    expert = _lock_experts([assignment.expert_id])[assignment.expert_id]  # serialises approvals per expert
    if override_reason.strip():
        if not rules.can_override_commitment(by):
            raise ForbiddenError(_("Only the Secretariat may override the release commitment."))
        assignment.commitment_override = True
        assignment.commitment_override_reason = override_reason.strip()
        assignment.commitment_override_by = by
        assignment.save(
            update_fields=[
                "commitment_override",
                "commitment_override_reason",
                "commitment_override_by",
                "updated_at",
            ]
        )
    current = expert_services.commitment_for(expert, as_of=assignment.start_date)
    expert_services.deployment_record(
        expert=expert,
        start_date=assignment.start_date,
        end_date=assignment.end_date,
        description=str(request),
        source_key=assignment.source_key,
        by=by,
    )
    refusal = commitment_refusal(assignment, expert, before=current.used if current else None)
    if refusal and not assignment.commitment_override:
        # Raising rolls the whole approval back, the deployment just recorded included.
        raise DomainError(
            refusal + " " + _("A Secretariat user may override it with a reason."), code="commitment_exceeded"
        )
    _set_answer(letter, LetterAnswer.APPROVED, comment, by)
    on_behalf = _on_behalf(letter, by)
    if on_behalf:
        line = timeline.message(
            gettext_noop(
                "%(expert)s released by the home administration (%(administration)s), as recorded by the Secretariat."
            ),
            expert=str(expert),
            administration=on_behalf["on_behalf_of_name"],
        )
    else:
        line = timeline.message(gettext_noop("%(expert)s released by the home administration."), expert=str(expert))
    system = [line]
    if refusal:
        # The override reason is what the Secretariat wrote, shown as written.
        system.append(
            timeline.message(
                gettext_noop("Commitment overridden: %(reason)s"), reason=assignment.commitment_override_reason
            )
        )
    _event(
        request,
        by=by,
        action=Action.RELEASE_APPROVED,
        from_status=request.status,
        assignment=assignment,
        data={"letter": letter.pk, "commitment_overridden": bool(refusal), **on_behalf},
        comment=comment,
        system=system,
    )
    _release_if_all_approved(request, by=by)
    return letter


@transaction.atomic
def release_decline(*, letter: ReleaseLetter, by: User, reason: str) -> ReleaseLetter:
    """Step 5: the home administration declines, with a reason; the expert's dates are freed."""
    request, letter = _lock_letter(letter)
    _check_home_administration(letter, by)
    reason = _required(reason, _("Give the reason for declining."))
    assignment = Assignment.objects.select_for_update(of=("self",)).get(pk=letter.assignment_id)
    assignment.selected = False
    assignment.is_booked = False
    assignment.save(update_fields=["selected", "is_booked", "updated_at"])
    _set_answer(letter, LetterAnswer.DECLINED, reason, by)
    _event(
        request,
        by=by,
        action=Action.RELEASE_DECLINED,
        from_status=request.status,
        assignment=assignment,
        data={"letter": letter.pk, **_on_behalf(letter, by)},
        comment=reason,
        system=[
            timeline.message(gettext_noop("Release of %(expert)s declined."), expert=str(letter.assignment.expert))
        ],
    )
    _release_if_all_approved(request, by=by)
    return letter


@transaction.atomic
def assignment_override_commitment(*, assignment: Assignment, reason: str, by: User) -> Assignment:
    """The Secretariat allows releasing an expert beyond their release commitment, with a reason."""
    if not rules.can_override_commitment(by):
        raise ForbiddenError(_("Only the Secretariat may override the release commitment."))
    reason = _required(reason, _("Give the reason for the override."))
    request = _lock(assignment.request)
    if request.status not in {Status.AVAILABILITY_CHECK, Status.RELEASE_REQUESTED}:
        raise ConflictError(_("The release commitment can only be overridden before the release is answered."))
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("expert__person")
        .get(pk=assignment.pk, request=request)
    )
    assignment.commitment_override = True
    assignment.commitment_override_reason = reason
    assignment.commitment_override_by = by
    assignment.save(
        update_fields=["commitment_override", "commitment_override_reason", "commitment_override_by", "updated_at"]
    )
    _event(
        request,
        by=by,
        action=Action.COMMITMENT_OVERRIDDEN,
        from_status=request.status,
        assignment=assignment,
        comment=reason,
        system=[
            timeline.message(
                gettext_noop("Release commitment of %(expert)s overridden."), expert=str(assignment.expert)
            )
        ],
    )
    return assignment


@transaction.atomic
def request_reopen_selection(*, request: MissionRequest, by: User, comment: str = "") -> MissionRequest:
    """Back from step 4 to step 3, e.g. to replace an expert whose release was declined."""
    request = _lock(request)
    rules.check_action("reopen_selection", request, by)
    _move(request, to=Status.AVAILABILITY_CHECK, by=by, action=Action.SELECTION_REOPENED, comment=comment)
    return request


@transaction.atomic
def generate_release_letter(*, letter: ReleaseLetter, by: User | None = None) -> ReleaseLetter:
    """Render the letter and store it in ``letter.pdf`` (replacing an earlier version)."""
    letter = (
        ReleaseLetter.objects.select_for_update(of=("self",))
        .select_related("assignment__request__administration", "assignment__expert__person__administration")
        .get(pk=letter.pk)
    )
    content = release_letter.render_release_letter(letter)
    name = f"release-{letter.assignment.request.reference}-{letter.pk}-{letter.language}.pdf"
    if letter.pdf:
        letter.pdf.delete(save=False)
    letter.pdf.save(name, ContentFile(content), save=False)
    letter.save(update_fields=["pdf", "updated_at"])
    return letter
