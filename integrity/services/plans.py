"""National integrity action plans: the plan (draft, adopted, closed), its actions per factor with owner, due
date, status and progress (each change a progress row), and the daily overdue marking that tells owners."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity import notifications, rules
from integrity.choices import OPEN_ACTION_STATUSES, ActionStatus, PlanStatus
from integrity.models import ActionPlan, ActionUpdate, Assessment, PlanAction, Section
from integrity.services._common import lock, save_clean
from wcocb.errors import ConflictError, DomainError

if TYPE_CHECKING:
    from django.core.files.base import File

    from missions.models import MissionRequest
    from training.models import Session
    from wcocb.models import MemberAdministration, User


def _check_links(
    administration_id: int,
    assessment: Assessment | None,
    mission: MissionRequest | None,
    workshop_session: Session | None = None,
    workshop: str = "",
) -> None:
    from missions.choices import MissionKind
    from training.choices import ProgrammeKind
    from training.models import Participant

    if assessment is not None and assessment.administration_id != administration_id:
        raise DomainError(_("The plan responds to an assessment of its own administration."), code="assessment")
    if mission is not None and (
        mission.kind != MissionKind.INTEGRITY_ASSESSMENT or mission.administration_id != administration_id
    ):
        raise DomainError(_("Link an integrity assessment mission of the same administration."), code="mission")
    if workshop_session is None:
        return
    if workshop:
        raise DomainError(
            _("Name the workshop once: the training session, or the text for one held outside the platform."),
            code="workshop",
        )
    if workshop_session.programme.kind != ProgrammeKind.INTEGRITY:
        raise DomainError(
            _("The workshop is a session of an integrity development workshop."), code="workshop_session"
        )
    took_part = workshop_session.host_id == administration_id or (
        Participant.objects.filter(session=workshop_session, administration_id=administration_id).exists()
    )
    if not took_part:
        raise DomainError(
            _("The administration hosted the workshop or had participants in it."), code="workshop_session"
        )


@transaction.atomic
def plan_create(
    *,
    administration: MemberAdministration,
    title: str,
    by: User,
    assessment: Assessment | None = None,
    mission: MissionRequest | None = None,
    workshop_session: Session | None = None,
    workshop: str = "",
) -> ActionPlan:
    rules.refuse_unless(rules.can_create_plan(by, administration))
    _check_links(administration.pk, assessment, mission, workshop_session, workshop)
    plan = ActionPlan(
        administration=administration,
        title=title,
        assessment=assessment,
        mission=mission,
        workshop_session=workshop_session,
        workshop=workshop,
        created_by=by,
    )
    save_clean(plan)
    return plan


@transaction.atomic
def plan_move(*, plan: ActionPlan, to: str, by: User, on: datetime.date | None = None) -> ActionPlan:
    """Adopt a draft plan (on a date) or close an adopted one."""
    plan = lock(plan)
    if to not in {PlanStatus.ADOPTED, PlanStatus.CLOSED} or not rules.can_move_plan(by, plan, to):
        if rules.is_own_member(by, plan.administration_id):
            raise ConflictError(
                _("A plan “%(from)s” cannot become “%(to)s”.")
                % {"from": plan.get_status_display(), "to": PlanStatus(to).label}
            )
        rules.refuse_unless(False)
    plan.status = to
    fields = ["status", "updated_at"]
    if to == PlanStatus.ADOPTED:
        plan.adopted_on = on or timezone.localdate()
        fields.append("adopted_on")
    save_clean(plan, fields=fields)
    return plan


def _check_owner(plan: ActionPlan, owner: User) -> None:
    if not rules.is_own_member(owner, plan.administration_id):
        raise DomainError(_("The owner is an active user of the plan's administration."), code="owner")


def _check_factor(plan: ActionPlan, factor: Section | None) -> None:
    if factor is not None and plan.assessment_id and factor.questionnaire_id != plan.assessment.questionnaire_id:
        raise DomainError(_("The factor is a section of the assessment the plan responds to."), code="factor")


@transaction.atomic
def action_add(
    *,
    plan: ActionPlan,
    title: str,
    owner: User,
    due_date: datetime.date,
    by: User,
    factor: Section | None = None,
    description: str = "",
) -> PlanAction:
    plan = lock(plan)
    rules.refuse_unless(rules.can_edit_plan(by, plan))
    _check_owner(plan, owner)
    _check_factor(plan, factor)
    action = PlanAction(plan=plan, title=title, owner=owner, due_date=due_date, factor=factor, description=description)
    action.overdue = due_date < timezone.localdate()
    save_clean(action)
    ActionUpdate.objects.create(action=action, actor=by, to_status=action.status, progress=0)
    return action


@transaction.atomic
def action_update(
    *,
    action: PlanAction,
    by: User,
    status: str,
    progress: int,
    comment: str = "",
    evidence: str | None = None,
    evidence_file: File | None = None,
    due_date: datetime.date | None = None,
    owner: User | None = None,
) -> PlanAction:
    """Report progress on an action (status, percentage, evidence); one progress row per report."""
    action = PlanAction.objects.select_for_update(of=("self",)).select_related("plan").get(pk=action.pk)
    rules.refuse_unless(rules.can_update_action(by, action))
    rules.check_action_move(action, status)
    if status == ActionStatus.DONE:
        progress = 100
    from_status = action.status
    action.status, action.progress = status, progress
    fields = ["status", "progress", "overdue", "updated_at"]
    if evidence is not None:
        action.evidence = evidence
        fields.append("evidence")
    if evidence_file is not None:
        action.evidence_file = evidence_file
        fields.append("evidence_file")
    if due_date is not None:
        if due_date != action.due_date:
            action.overdue_notified_on = None  # a new date: its owner is told again if it passes
            fields.append("overdue_notified_on")
        action.due_date = due_date
        fields.append("due_date")
    if owner is not None:
        _check_owner(action.plan, owner)
        action.owner = owner
        fields.append("owner")
    action.overdue = action.status in OPEN_ACTION_STATUSES and action.due_date < timezone.localdate()
    save_clean(action, fields=fields)
    ActionUpdate.objects.create(
        action=action, actor=by, from_status=from_status, to_status=status, progress=action.progress, comment=comment
    )
    return action


def mark_overdue(*, today: datetime.date | None = None) -> int:
    """Flag open actions past their due date (and clear the flag of the others); tell each newly overdue
    action's owner once, when the transaction commits. Returns how many owners were told."""
    today = today or timezone.localdate()
    with transaction.atomic():
        PlanAction.objects.filter(overdue=True).exclude(status__in=OPEN_ACTION_STATUSES, due_date__lt=today).update(
            overdue=False
        )
        late = list(
            PlanAction.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status__in=OPEN_ACTION_STATUSES, due_date__lt=today)
            .filter(overdue_notified_on__isnull=True)
            .select_related("owner", "plan")
        )
        PlanAction.objects.filter(status__in=OPEN_ACTION_STATUSES, due_date__lt=today).update(overdue=True)
        PlanAction.objects.filter(pk__in=[a.pk for a in late]).update(overdue_notified_on=today)
        ids = [action.pk for action in late]
        transaction.on_commit(lambda: notifications.send_overdue(ids))
    return len(late)
