"""Every write of the missions app. One service per workflow transition.

Each service locks the request row (``select_for_update``) before checking the role and the
current status, so two people acting at once cannot both succeed; it raises
:class:`wcocb.errors.DomainError` (400) or :class:`~wcocb.errors.ConflictError` (409) with the
reason, and records one :class:`MissionEvent`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from experts import services as expert_services
from experts.choices import ExpertKind
from experts.models import Expert
from missions import rules
from missions.choices import (
    TRANSITIONS,
    Action,
    AvailabilityAnswer,
    DocumentKind,
    LetterAnswer,
    LetterLanguage,
    MissionKind,
    Status,
    TeamRole,
)
from missions.hooks import close_checks
from missions.models import Assignment, MissionDocument, MissionEvent, MissionRequest, ReleaseLetter
from missions.uploads import validate_upload
from wcocb.choices import Role
from wcocb.errors import ConflictError, DomainError, ForbiddenError
from wcocb.rules import is_secretariat

if TYPE_CHECKING:
    from experts.models import ExpertiseArea
    from wcocb.models import FundingSource, Language, MemberAdministration, User


# --- helpers ---------------------------------------------------------------------------------------
def _lock(request: MissionRequest) -> MissionRequest:
    """Re-read the request under a row lock: whoever comes second sees the first one's change."""
    return (
        MissionRequest.objects.select_for_update(of=("self",))
        .select_related("administration", "language")
        .get(pk=request.pk)
    )


def _event(
    request: MissionRequest, *, by: User | None, action: str, from_status: str, comment: str = ""
) -> MissionEvent:
    return MissionEvent.objects.create(
        request=request,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=request.status,
        comment=comment,
    )


def _move(
    request: MissionRequest,
    *,
    to: str,
    by: User | None,
    action: str,
    comment: str = "",
    fields: Sequence[str] = (),
) -> MissionEvent:
    """Change the status (the move must be in ``TRANSITIONS``), save, and record the event."""
    if to not in TRANSITIONS[request.status]:
        raise ConflictError(
            _("A request “%(from)s” cannot become “%(to)s”.")
            % {"from": request.get_status_display(), "to": Status(to).label}
        )
    from_status = request.status
    request.status = to
    request.save(update_fields=["status", "updated_at", *fields])
    return _event(request, by=by, action=action, from_status=from_status, comment=comment)


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(message)
    return text


def _lock_experts(expert_ids: Iterable[int]) -> dict[int, Expert]:
    """Lock expert rows in id order (no deadlocks between two services locking the same experts)."""
    ids = sorted(set(expert_ids))
    experts = Expert.objects.select_for_update(of=("self",)).select_related("person").filter(pk__in=ids)
    return {expert.pk: expert for expert in experts.order_by("pk")}


def _overlapping_booking(assignment: Assignment) -> Assignment | None:
    """Another booked assignment of the same expert whose dates overlap, on a request still alive."""
    return (
        Assignment.objects.filter(
            expert_id=assignment.expert_id,
            is_booked=True,
            start_date__lte=assignment.end_date,
            end_date__gte=assignment.start_date,
        )
        .exclude(pk=assignment.pk)
        .exclude(request__status=Status.CANCELLED)
        .select_related("request")
        .first()
    )


def _refuse_double_booking(assignment: Assignment) -> None:
    other = _overlapping_booking(assignment)
    if other is not None:
        raise ConflictError(
            _("%(expert)s is already booked on %(request)s from %(start)s to %(end)s.")
            % {
                "expert": assignment.expert,
                "request": other.request,
                "start": other.start_date,
                "end": other.end_date,
            }
        )


def _refuse_unjustified_external(expert: Expert, justification: str) -> None:
    if expert.kind == ExpertKind.EXTERNAL and not (justification or "").strip():
        raise DomainError(
            _(
                "%(expert)s is an External Expert: record why no accredited or recognized expert is "
                "available or suitable."
            )
            % {"expert": expert}
        )


# --- step 1: the request --------------------------------------------------------------------------
@transaction.atomic
def request_submit(
    *,
    by: User,
    administration: MemberAdministration,
    kind: str,
    title: str,
    objectives: str,
    preferred_start: datetime.date,
    preferred_end: datetime.date,
    duration_days: int,
    language: Language,
    funding: FundingSource,
    delivery_mode: str = "in_country",
    origin: str = "ad_hoc",
    origin_reference: str = "",
    areas: Iterable[ExpertiseArea] = (),
) -> MissionRequest:
    """A member administration (or the Secretariat on its behalf) asks for a mission."""
    if not rules.can_submit_request(by, administration):
        raise ForbiddenError(_("You may only submit requests for your own administration."))
    if preferred_end < preferred_start:
        raise DomainError(_("The preferred end cannot be before the preferred start."))
    if duration_days > (preferred_end - preferred_start).days + 1:
        raise DomainError(_("The duration is longer than the preferred period."))
    request = MissionRequest(
        administration=administration,
        kind=kind,
        title=title,
        objectives=objectives,
        preferred_start=preferred_start,
        preferred_end=preferred_end,
        duration_days=duration_days,
        language=language,
        funding=funding,
        delivery_mode=delivery_mode,
        origin=origin,
        origin_reference=origin_reference,
        created_by=by,
    )
    request.full_clean()
    request.save()
    request.areas.set(list(areas))
    _event(request, by=by, action=Action.SUBMITTED, from_status="")
    return request


@transaction.atomic
def request_rocb_comment(*, request: MissionRequest, comment: str, by: User) -> MissionRequest:
    """Step 1: the ROCB of the request's region comments on a received request (the region's needs,
    priorities, fit with the regional plan) before the Secretariat decides on the annual plan. The
    Secretariat may record the ROCB's comment on its behalf. It may comment more than once; each
    comment is one timeline entry, and :func:`request_plan` needs at least one."""
    request = _lock(request)
    rules.check_action("rocb_comment", request, by)
    comment = _required(comment, _("Write the ROCB's comment."))
    if is_secretariat(by):
        comment = _("Recorded on behalf of the ROCB: %(comment)s") % {"comment": comment}
    _event(request, by=by, action=Action.ROCB_COMMENTED, from_status=request.status, comment=comment)
    return request


#: How far (in days) the mission's dates may lie outside the member's preferred period.
DATES_SLACK_DAYS = 14


def _dates_text(request: MissionRequest) -> str:
    return _("Mission dates: %(start)s to %(end)s") % {"start": request.start_date, "end": request.end_date}


def _apply_dates(request: MissionRequest, start_date: datetime.date, end_date: datetime.date) -> None:
    """Give the mission its actual dates (not saved): they must cover exactly ``duration_days``
    calendar days (the member's duration; travel days are costed apart) and lie within the
    preferred period, or at most :data:`DATES_SLACK_DAYS` days outside it."""
    if end_date < start_date:
        raise DomainError(_("The mission cannot end before it starts."))
    span = (end_date - start_date).days + 1
    if span != request.duration_days:
        raise DomainError(
            _("The mission lasts %(days)s days: its dates must cover %(days)s days, not %(span)s.")
            % {"days": request.duration_days, "span": span}
        )
    slack = datetime.timedelta(days=DATES_SLACK_DAYS)
    if start_date < request.preferred_start - slack or end_date > request.preferred_end + slack:
        raise DomainError(
            _(
                "The mission dates must lie within the preferred period (%(start)s to %(end)s), or at most "
                "%(slack)s days outside it."
            )
            % {"start": request.preferred_start, "end": request.preferred_end, "slack": DATES_SLACK_DAYS}
        )
    request.start_date = start_date
    request.end_date = end_date


@transaction.atomic
def request_plan(
    *,
    request: MissionRequest,
    plan_year: int,
    by: User,
    comment: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> MissionRequest:
    """Step 1: the Secretariat accepts the request into the annual plan of ``plan_year``, once the
    ROCB has commented (refused before: see the ``plan`` rule in :mod:`missions.workflow`). The
    mission's dates may be set now (both or neither), or later with :func:`request_set_dates`."""
    request = _lock(request)
    rules.check_action("plan", request, by)
    if not 2000 <= int(plan_year) <= 2100:
        raise DomainError(_("Give the year of the annual plan."))
    request.plan_year = int(plan_year)
    fields = ["plan_year"]
    if (start_date is None) != (end_date is None):
        raise DomainError(_("Give both mission dates, or neither."))
    if start_date is not None and end_date is not None:
        _apply_dates(request, start_date, end_date)
        fields += ["start_date", "end_date"]
        comment = "\n".join(part for part in [_dates_text(request), comment] if part)
    _move(request, to=Status.PLANNED, by=by, action=Action.PLANNED, comment=comment, fields=fields)
    return request


@transaction.atomic
def request_set_dates(
    *, request: MissionRequest, start_date: datetime.date, end_date: datetime.date, by: User, comment: str = ""
) -> MissionRequest:
    """The Secretariat sets (or moves) the mission's actual dates, at the latest before release
    letters are sent. Every expert on the shortlist takes them: the letters, the costs, the
    double-booking check and the release commitment all count these days, not the preferred period.
    Refused while an expert is booked (deselect them first)."""
    request = _lock(request)
    rules.check_action("set_dates", request, by)
    booked = [str(a.expert) for a in request.assignments.filter(is_booked=True).select_related("expert__person")]
    if booked:
        raise ConflictError(
            _("The dates cannot change while experts are booked on them: %(names)s.") % {"names": ", ".join(booked)}
        )
    _apply_dates(request, start_date, end_date)
    request.save(update_fields=["start_date", "end_date", "updated_at"])
    for assignment in request.assignments.select_for_update(of=("self",)).order_by("pk"):
        assignment.start_date, assignment.end_date = request.start_date, request.end_date
        assignment.save(update_fields=["start_date", "end_date", "updated_at"])
    _event(
        request,
        by=by,
        action=Action.DATES_SET,
        from_status=request.status,
        comment="\n".join(part for part in [_dates_text(request), comment] if part),
    )
    return request


# --- step 2: the expert search --------------------------------------------------------------------
@transaction.atomic
def request_start_search(*, request: MissionRequest, by: User, comment: str = "") -> MissionRequest:
    request = _lock(request)
    rules.check_action("start_search", request, by)
    _move(request, to=Status.EXPERT_SEARCH, by=by, action=Action.SEARCH_STARTED, comment=comment)
    return request


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
    entries = [entry if isinstance(entry, ShortlistEntry) else ShortlistEntry(**entry) for entry in entries]
    if not entries:
        raise DomainError(_("Choose at least one expert for the shortlist."))
    existing = set(request.assignments.values_list("expert_id", flat=True))
    created = []
    for entry in entries:
        if entry.expert.pk in existing:
            raise ConflictError(_("%(expert)s is already on the shortlist.") % {"expert": entry.expert})
        _refuse_unjustified_external(entry.expert, entry.external_justification)
        start_date = entry.start_date or request.start_date or request.preferred_start
        end_date = entry.end_date or request.end_date or request.preferred_end
        if request.has_dates and (start_date < request.start_date or end_date > request.end_date):
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
    names = ", ".join(str(entry.expert) for entry in entries)
    note = "\n".join(part for part in [names, comment] if part)
    if request.status == Status.EXPERT_SEARCH:
        _move(request, to=Status.AVAILABILITY_CHECK, by=by, action=Action.SHORTLISTED, comment=note)
    else:
        _event(request, by=by, action=Action.SHORTLISTED, from_status=request.status, comment=note)
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


# --- step 3: availability -------------------------------------------------------------------------
def _set_answer(letter: ReleaseLetter, answer: str, reason: str, by: User | None) -> None:
    """Write a release letter's answer, its reason, who gave it and when (pending again: nobody, never)."""
    letter.answer = answer
    letter.answer_reason = reason
    letter.answered_by = by
    letter.answered_at = None if answer == LetterAnswer.PENDING else timezone.now()
    letter.save(update_fields=["answer", "answer_reason", "answered_by", "answered_at", "updated_at"])


def _release_booking(assignment: Assignment, *, by: User) -> list[str]:
    """Undo what selecting ``assignment`` set going: its booked dates, the days recorded in the
    expert's deployments (and so their release commitment), and its pending or approved release
    letter, withdrawn so that it can no longer be answered. Returns what was undone, for the timeline."""
    undone = []
    if assignment.is_booked:
        assignment.is_booked = False
        assignment.save(update_fields=["is_booked", "updated_at"])
        undone.append(_("booking released"))
    if expert_services.deployment_remove(source_key=assignment.source_key, by=by):
        undone.append(_("days removed from the release commitment"))
    letter = (
        ReleaseLetter.objects.select_for_update(of=("self",))
        .filter(assignment=assignment, answer__in=[LetterAnswer.PENDING, LetterAnswer.APPROVED])
        .first()
    )
    if letter is not None:
        _set_answer(letter, LetterAnswer.WITHDRAWN, _("Withdrawn by the Secretariat: the expert was deselected."), by)
        undone.append(_("release letter withdrawn"))
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
    text = f"{assignment.expert}: {AvailabilityAnswer(answer).label}" + (f" · {_('selected')}" if selected else "")
    action = Action.AVAILABILITY_RECORDED
    if not selected:
        undone = _release_booking(assignment, by=by)
        if was_selected or undone:
            action = Action.DESELECTED
            text += " · " + ", ".join([str(_("deselected")), *map(str, undone)])
    _event(
        request,
        by=by,
        action=action,
        from_status=request.status,
        comment="\n".join(part for part in [text, note] if part),
    )
    return assignment


# --- steps 4 and 5: release letters and answers ---------------------------------------------------
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
    if deadline <= timezone.localdate():
        raise DomainError(_("The answer deadline must be in the future."))
    if not request.has_dates:
        raise DomainError(
            _("Set the mission's dates before sending release letters: the experts are released for those days.")
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
            from missions.letters import generate_release_letter  # the PDF, stored once the letter is committed

            transaction.on_commit(lambda letter=letter: generate_release_letter(letter=letter, by=by), robust=True)
        letters.append(letter)
    names = ", ".join(str(experts[assignment.expert_id]) for assignment in selected)
    _move(
        request,
        to=Status.RELEASE_REQUESTED,
        by=by,
        action=Action.RELEASE_REQUESTED,
        comment="\n".join(part for part in [names, comment] if part),
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
    text = _("%(expert)s released by the home administration.") % {"expert": expert}
    if refusal:
        text += " " + _("Commitment overridden: %(reason)s") % {"reason": assignment.commitment_override_reason}
    _event(
        request,
        by=by,
        action=Action.RELEASE_APPROVED,
        from_status=request.status,
        comment="\n".join(part for part in [text, comment] if part),
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
        comment=f"{letter.assignment.expert}: {reason}",
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
        comment=f"{assignment.expert}: {reason}",
    )
    return assignment


@transaction.atomic
def request_reopen_selection(*, request: MissionRequest, by: User, comment: str = "") -> MissionRequest:
    """Back from step 4 to step 3, e.g. to replace an expert whose release was declined."""
    request = _lock(request)
    rules.check_action("reopen_selection", request, by)
    _move(request, to=Status.AVAILABILITY_CHECK, by=by, action=Action.SELECTION_REOPENED, comment=comment)
    return request


# --- step 6: the team -----------------------------------------------------------------------------
def team_of(request: MissionRequest):
    """The selected experts whose release was approved."""
    return request.assignments.filter(selected=True, release_letter__answer=LetterAnswer.APPROVED)


def _qualified_evaluator(under_evaluation: Assignment, evaluators: Sequence[Assignment]) -> Assignment | None:
    """An evaluator on the team fully accredited in a category the evaluated expert is in 1st step."""
    categories = expert_services.categories_under_evaluation(under_evaluation.expert)
    for evaluator in evaluators:
        if categories & expert_services.fully_accredited_categories(evaluator.expert):
            return evaluator
    return None


def _check_team(request: MissionRequest, team: Sequence[Assignment]) -> None:
    if not team:
        raise DomainError(_("No released expert is on the team."))
    leads = [member for member in team if member.role == TeamRole.LEAD]
    if len(leads) != 1:
        raise DomainError(_("The team needs exactly one team leader."))
    if request.kind == MissionKind.FIELD_EVALUATION:
        evaluated = [member for member in team if member.role == TeamRole.UNDER_EVALUATION]
        evaluators = [member for member in team if member.role == TeamRole.EVALUATOR]
        if not evaluated:
            raise DomainError(_("A field-evaluation mission needs an expert under evaluation on the team."))
        for member in evaluated:
            if _qualified_evaluator(member, evaluators) is None:
                raise DomainError(
                    _(
                        "No evaluator on the team is fully accredited in the category in which %(expert)s "
                        "is being evaluated."
                    )
                    % {"expert": member.expert}
                )


@transaction.atomic
def request_form_team(
    *, request: MissionRequest, by: User, roles: dict[int, str] | None = None, comment: str = ""
) -> MissionRequest:
    """Step 6: confirm the team with its roles (one leader; a qualified evaluator for a field evaluation)."""
    request = _lock(request)
    rules.check_action("form_team", request, by)
    team = list(team_of(request).select_for_update(of=("self",)).select_related("expert__person"))
    for assignment in team:
        role = (roles or {}).get(assignment.pk)
        if role and role != assignment.role:
            if role not in TeamRole.values:
                raise DomainError(_("Unknown team role."))
            assignment.role = role
            assignment.save(update_fields=["role", "updated_at"])
    _check_team(request, team)
    summary = ", ".join(f"{member.expert} ({member.get_role_display()})" for member in team)
    _move(
        request,
        to=Status.TEAM_FORMED,
        by=by,
        action=Action.TEAM_FORMED,
        comment="\n".join(part for part in [summary, comment] if part),
    )
    return request


@transaction.atomic
def assignment_brief(*, assignment: Assignment, by: User, comment: str = "") -> Assignment:
    """Step 6: the team member was briefed (background, input required, desired result, ToR)."""
    request = _lock(assignment.request)
    rules.check_action("brief", request, by)
    assignment = Assignment.objects.select_for_update(of=("self",)).get(pk=assignment.pk, request=request)
    if not team_of(request).filter(pk=assignment.pk).exists():
        raise DomainError(_("Only a member of the team can be briefed."))
    if assignment.briefed_at:
        raise ConflictError(_("%(expert)s was already briefed.") % {"expert": assignment.expert})
    assignment.briefed_at = timezone.now()
    assignment.save(update_fields=["briefed_at", "updated_at"])
    _event(
        request,
        by=by,
        action=Action.BRIEFED,
        from_status=request.status,
        comment="\n".join(part for part in [str(assignment.expert), comment] if part),
    )
    return assignment


# --- step 7: preparation, deployment, completion --------------------------------------------------
@transaction.atomic
def document_upload(*, request: MissionRequest, kind: str, file: File, by: User, title: str = "") -> MissionDocument:
    """Step 7: upload preparation material (terms of reference, agenda, presentations)."""
    request = _lock(request)
    rules.check_action("upload_document", request, by)
    validate_upload(file)
    document = MissionDocument(request=request, kind=kind, file=file, title=title, uploaded_by=by)
    document.full_clean()
    document.save()
    _event(
        request,
        by=by,
        action=Action.DOCUMENT_UPLOADED,
        from_status=request.status,
        comment=f"{document.get_kind_display()}: {title or file.name}",
    )
    return document


@transaction.atomic
def request_deploy(*, request: MissionRequest, by: User, comment: str = "") -> MissionRequest:
    """Step 7: the prepared mission is delivered (terms of reference uploaded, team briefed)."""
    request = _lock(request)
    rules.check_action("deploy", request, by)
    if not request.documents.filter(kind=DocumentKind.TERMS_OF_REFERENCE).exists():
        raise DomainError(_("Upload the terms of reference before deployment."))
    if not request.delivered_by_secretariat:
        team = list(team_of(request).select_related("expert__person"))
        _check_team(request, team)
        unbriefed = [str(member.expert) for member in team if not member.briefed_at]
        if unbriefed:
            raise DomainError(
                _("Brief every team member before deployment: %(names)s.") % {"names": ", ".join(unbriefed)}
            )
    _move(request, to=Status.DEPLOYED, by=by, action=Action.DEPLOYED, comment=comment)
    return request


@transaction.atomic
def request_complete(*, request: MissionRequest, by: User, comment: str = "") -> MissionRequest:
    request = _lock(request)
    rules.check_action("complete", request, by)
    _move(request, to=Status.COMPLETED, by=by, action=Action.COMPLETED, comment=comment)
    return request


@transaction.atomic
def assignment_record_evaluation(*, assignment: Assignment, positive: bool, by: User, comment: str = "") -> Assignment:
    """The field evaluation of an expert under evaluation; a positive one makes them fully accredited."""
    request = _lock(assignment.request)
    rules.check_action("record_evaluation", request, by)
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("expert__person")
        .get(pk=assignment.pk, request=request)
    )
    if request.kind != MissionKind.FIELD_EVALUATION or assignment.role != TeamRole.UNDER_EVALUATION:
        raise DomainError(_("Only an expert under field evaluation can be evaluated."))
    if assignment.evaluation_positive is not None:
        raise ConflictError(_("The evaluation of %(expert)s was already recorded.") % {"expert": assignment.expert})
    evaluators = list(team_of(request).filter(role=TeamRole.EVALUATOR).select_related("expert__person"))
    if by.role == Role.EXPERT:
        evaluators = [member for member in evaluators if member.expert.person.user_id == by.pk]
    evaluator = _qualified_evaluator(assignment, evaluators)
    if evaluator is None:
        raise DomainError(_("No qualified evaluator on the team can sign this evaluation."))
    if positive:
        expert_services.field_evaluation_complete_for(
            expert=assignment.expert, evaluator=evaluator.expert, by=by, comment=comment
        )
    assignment.evaluation_positive = positive
    assignment.evaluated_at = timezone.now()
    assignment.save(update_fields=["evaluation_positive", "evaluated_at", "updated_at"])
    verdict = _("positive") if positive else _("negative")
    _event(
        request,
        by=by,
        action=Action.EVALUATION_RECORDED,
        from_status=request.status,
        comment="\n".join(part for part in [f"{assignment.expert}: {verdict}", comment] if part),
    )
    return assignment


@transaction.atomic
def request_close(*, request: MissionRequest, by: User, comment: str = "") -> MissionRequest:
    request = _lock(request)
    rules.check_action("close", request, by)
    if (
        request.kind == MissionKind.FIELD_EVALUATION
        and request.assignments.filter(
            selected=True, role=TeamRole.UNDER_EVALUATION, evaluation_positive__isnull=True
        ).exists()
    ):
        raise DomainError(_("Record the field evaluation before closing."))
    for check in close_checks:
        reason = check(request)
        if reason:
            raise DomainError(reason)
    _move(request, to=Status.CLOSED, by=by, action=Action.CLOSED, comment=comment)
    return request


# --- hold, resume, cancel -------------------------------------------------------------------------
@transaction.atomic
def request_hold(*, request: MissionRequest, reason: str, by: User) -> MissionRequest:
    request = _lock(request)
    rules.check_action("hold", request, by)
    reason = _required(reason, _("Give the reason for putting the request on hold."))
    request.held_from = request.status
    request.hold_reason = reason
    _move(request, to=Status.ON_HOLD, by=by, action=Action.HELD, comment=reason, fields=["held_from", "hold_reason"])
    return request


@transaction.atomic
def request_resume(*, request: MissionRequest, by: User, comment: str = "") -> MissionRequest:
    """Back to the step the request left when it was put on hold."""
    request = _lock(request)
    rules.check_action("resume", request, by)
    target = request.held_from
    request.held_from = ""
    _move(request, to=target, by=by, action=Action.RESUMED, comment=comment, fields=["held_from"])
    return request


@transaction.atomic
def request_cancel(*, request: MissionRequest, reason: str, by: User) -> MissionRequest:
    """Cancel from any open step; booked dates are freed and released days leave the experts' records."""
    request = _lock(request)
    rules.check_action("cancel", request, by)
    reason = _required(reason, _("Give the reason for cancelling."))
    booked = list(
        request.assignments.filter(Q(is_booked=True) | Q(release_letter__answer=LetterAnswer.APPROVED))
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    for assignment in booked:
        expert_services.deployment_remove(source_key=assignment.source_key, by=by)
        assignment.is_booked = False
        assignment.save(update_fields=["is_booked", "updated_at"])
    request.cancel_reason = reason
    request.held_from = ""
    _move(
        request,
        to=Status.CANCELLED,
        by=by,
        action=Action.CANCELLED,
        comment=reason,
        fields=["cancel_reason", "held_from"],
    )
    return request


# --- the action table: what the page and the API run for each workflow action ---------------------
#: One service per action of :data:`missions.rules.RULES`, under the same name. The page (its forms)
#: and the API (its input serializers) hand :func:`perform` the service's keyword arguments.
ACTIONS: dict[str, Callable[..., object]] = {
    "rocb_comment": request_rocb_comment,
    "plan": request_plan,
    "set_dates": request_set_dates,
    "start_search": request_start_search,
    "shortlist": request_shortlist,
    "deliver_by_secretariat": request_deliver_by_secretariat,
    "record_availability": assignment_record_availability,
    "request_release": request_request_release,
    "reopen_selection": request_reopen_selection,
    "form_team": request_form_team,
    "brief": assignment_brief,
    "upload_document": document_upload,
    "deploy": request_deploy,
    "complete": request_complete,
    "record_evaluation": assignment_record_evaluation,
    "close": request_close,
    "hold": request_hold,
    "resume": request_resume,
    "cancel": request_cancel,
}


def perform(action: str, *, request: MissionRequest, by: User, **data) -> object:
    """Run the workflow ``action`` on ``request`` with the service's keyword arguments ``data``.

    An action on one of the request's experts names it as ``assignment``; one of another request is refused."""
    service = ACTIONS[action]
    assignment = data.get("assignment")
    if assignment is not None:
        if assignment.request_id != request.pk:
            raise DomainError(_("This assignment belongs to another request."))
        return service(by=by, **data)
    return service(request=request, by=by, **data)
