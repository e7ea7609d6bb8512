"""The beneficiary's feedback on a completed mission: one answer per mission, by its administration."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from missions.models import MissionRequest
from reports import rules
from reports.models import MissionFeedback
from wcocb.errors import ConflictError, ForbiddenError


@transaction.atomic
def feedback_submit(
    *,
    mission: MissionRequest,
    by,
    relevance: int,
    expert_quality: int,
    usefulness: int,
    follow_up_needed: bool = False,
    follow_up_needs: str = "",
    comments: str = "",
) -> MissionFeedback:
    mission = MissionRequest.objects.select_for_update().get(pk=mission.pk)
    if not rules.can_give_feedback(by, mission):
        raise ForbiddenError(_("Only the beneficiary administration answers the feedback of a completed mission."))
    if MissionFeedback.objects.filter(mission=mission).exists():
        raise ConflictError(_("The feedback on this mission has been given already."))
    feedback = MissionFeedback(
        mission=mission, relevance=relevance, expert_quality=expert_quality, usefulness=usefulness,
        follow_up_needed=follow_up_needed, follow_up_needs=follow_up_needs, comments=comments, submitted_by=by,
    )  # fmt: skip
    feedback.full_clean()
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError as exc:  # pragma: no cover - two answers at the same instant
        raise ConflictError(_("The feedback on this mission has been given already.")) from exc
    return feedback
