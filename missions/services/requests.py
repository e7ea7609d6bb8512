"""Step 1 and the request's life: submission, the ROCB's comment, the annual plan, the dates, the expert
search started, hold, resume and cancellation."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from experts import services as expert_services
from missions import rules
from missions.choices import (
    Action,
    LetterAnswer,
    Status,
)
from missions.models import MissionRequest
from missions.selectors import timeline
from missions.services._common import (
    _event,
    _lock,
    _move,
    _required,
)
from wcocb.errors import ConflictError, DomainError, ForbiddenError
from wcocb.rules import is_secretariat
from wcocb.validators import check_dates

if TYPE_CHECKING:
    from experts.models import ExpertiseArea
    from wcocb.models import FundingSource, Language, MemberAdministration, User


#: How far ahead (in days) a request's preferred period may end: the annual plans of the next five years.
PREFERRED_HORIZON_DAYS = 5 * 365


@transaction.atomic
def request_submit(
    *,
    by: User,
    administration: MemberAdministration | None = None,
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
    """A member administration (or the Secretariat on its behalf) asks for a mission. Without
    ``administration``, the request is for the caller's own administration."""
    administration = administration or getattr(by, "administration", None)
    if administration is None:
        raise DomainError(_("Name the requesting administration."))
    if not rules.can_submit_request(by, administration):
        raise ForbiddenError(_("You may only submit requests for your own administration."))
    check_dates(preferred_start=preferred_start, preferred_end=preferred_end)
    today = timezone.localdate()
    if preferred_start < today:
        raise ValidationError({"preferred_start": _("The preferred start cannot be in the past.")})
    if preferred_end > today + datetime.timedelta(days=PREFERRED_HORIZON_DAYS):
        raise ValidationError(
            {
                "preferred_end": _("A request is for the next %(years)s years: the preferred end is too far ahead.")
                % {"years": PREFERRED_HORIZON_DAYS // 365}
            }
        )
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
    system = [timeline.message(gettext_noop("Recorded on behalf of the ROCB."))]
    _event(
        request,
        by=by,
        action=Action.ROCB_COMMENTED,
        from_status=request.status,
        comment=comment,
        system=system if is_secretariat(by) else (),
    )
    return request


#: How far (in days) the mission's dates may lie outside the member's preferred period.
DATES_SLACK_DAYS = 14


def _dates_line(start_date: datetime.date, end_date: datetime.date) -> dict:
    """The timeline's line about the mission's dates (written out in the reader's language and date format)."""
    return timeline.message(
        gettext_noop("Mission dates: %(start)s to %(end)s"),
        start=timeline.date(start_date),
        end=timeline.date(end_date),
    )


def _apply_dates(request: MissionRequest, start_date: datetime.date, end_date: datetime.date) -> None:
    """Give the mission its actual dates (not saved): they must cover exactly ``duration_days``
    calendar days (the member's duration; travel days are costed apart) and lie within the
    preferred period, or at most :data:`DATES_SLACK_DAYS` days outside it."""
    check_dates(start_date=start_date, end_date=end_date)
    if end_date < start_date:
        raise DomainError(_("The mission cannot end before it starts."))
    if start_date < timezone.localdate():
        raise ValidationError({"start_date": _("The mission cannot start in the past.")})
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
    ROCB has commented (refused before: see the ``plan`` rule in :mod:`missions.rules`). The
    mission's dates may be set now (both or neither), or later with :func:`request_set_dates`."""
    request = _lock(request)
    rules.check_action("plan", request, by)
    if not 2000 <= int(plan_year) <= 2100:
        raise DomainError(_("Give the year of the annual plan."))
    request.plan_year = int(plan_year)
    fields = ["plan_year"]
    system = []
    if (start_date is None) != (end_date is None):
        raise DomainError(_("Give both mission dates, or neither."))
    if start_date is not None and end_date is not None:
        _apply_dates(request, start_date, end_date)
        fields += ["start_date", "end_date"]
        system.append(_dates_line(start_date, end_date))
    _move(request, to=Status.PLANNED, by=by, action=Action.PLANNED, comment=comment, fields=fields, system=system)
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
        assignment.start_date, assignment.end_date = start_date, end_date
        assignment.save(update_fields=["start_date", "end_date", "updated_at"])
    _event(
        request,
        by=by,
        action=Action.DATES_SET,
        from_status=request.status,
        comment=comment,
        data={"start_date": start_date.isoformat(), "end_date": end_date.isoformat()},
        system=[_dates_line(start_date, end_date)],
    )
    return request


@transaction.atomic
def request_start_search(*, request: MissionRequest, by: User, comment: str = "") -> MissionRequest:
    request = _lock(request)
    rules.check_action("start_search", request, by)
    _move(request, to=Status.EXPERT_SEARCH, by=by, action=Action.SEARCH_STARTED, comment=comment)
    return request


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
