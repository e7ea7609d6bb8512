"""The plan's content: diagnostics, findings, recommendations (and their status moves), activities,
milestones, KPIs and risks. One save and one delete for every kind of row, checked against the plan:

- the Secretariat and the plan's MPAs write everything while the plan is open;
- the member administration changes only a row's ``PROGRESS_FIELDS`` (the actual dates, costs and statuses
  of activities, milestones achieved, risks' mitigation and status), on its own open plan."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.utils.translation import gettext as _

from mercator import rules
from mercator.choices import OPEN_PHASES, RECOMMENDATION_TRANSITIONS, EventKind, RecommendationStatus
from mercator.models import Activity, Diagnostic, Finding, Kpi, Milestone, Recommendation, Risk
from mercator.services._common import event, lock_plan, plan_of, required
from missions.choices import MissionKind
from wcocb.errors import ConflictError, DomainError, ForbiddenError

if TYPE_CHECKING:
    from wcocb.models import User

CONTENT_MODELS = (Diagnostic, Finding, Recommendation, Activity, Milestone, Kpi, Risk)
#: Fields no save changes: the status of a recommendation moves through :func:`recommendation_move`.
MOVED_ELSEWHERE = {Recommendation: {"status"}}


def _changed_fields(instance: models.Model) -> set[str] | None:
    """The concrete fields ``instance`` changes against the stored row (``None`` for a new row)."""
    if instance.pk is None:
        return None
    stored = type(instance).objects.get(pk=instance.pk)
    names = {field.attname for field in instance._meta.concrete_fields} - {"created_at", "updated_at", "id"}
    return {name.removesuffix("_id") if name.endswith("_id") else name for name in names
            if getattr(stored, name) != getattr(instance, name)}  # fmt: skip


def _check_writer(instance, plan, by: User, changed: set[str] | None, m2m: dict) -> None:
    if plan.phase not in OPEN_PHASES:
        raise ConflictError(_("The plan is “%(phase)s”: its content can no longer change.")
                            % {"phase": plan.get_phase_display()})  # fmt: skip
    if rules.can_edit_content(by, plan):
        return
    progress = type(instance).PROGRESS_FIELDS
    if rules.can_edit_progress(by, plan) and changed is not None and not m2m and changed <= progress:
        return
    if rules.can_edit_progress(by, plan) and progress:
        raise ForbiddenError(_("You may change only the progress of this row: %(fields)s.")
                             % {"fields": ", ".join(sorted(progress))})  # fmt: skip
    raise ForbiddenError(_("Only the Secretariat and the plan's MPAs edit its content."))


def _check_links(instance) -> None:
    """Rows linked to one another belong to the same plan; a diagnostic's mission is a diagnostic raised
    from this plan."""
    plan_id = plan_of(instance).pk
    for name in ("recommendation", "activity"):
        linked = getattr(instance, name, None) if hasattr(type(instance), name) else None
        if linked is not None and linked.plan_id != plan_id:
            raise DomainError(_("The %(what)s belongs to another plan.") % {"what": linked._meta.verbose_name})
    if isinstance(instance, Diagnostic) and instance.mission_id:
        mission = instance.mission
        if (
            mission.kind != MissionKind.DIAGNOSTIC
            or mission.administration_id != instance.plan.administration_id
            or mission.origin_reference != instance.plan.reference
        ):
            raise DomainError(_("The diagnostic's mission must be a diagnostic mission raised from this plan."))


@transaction.atomic
def content_save(*, instance, by: User, m2m: dict[str, Iterable] | None = None):
    """Create or change one row of a plan's content (``m2m``: many-to-many values, e.g. ``measures``)."""
    if not isinstance(instance, CONTENT_MODELS):
        raise DomainError(_("This is not a row of a plan."))
    m2m = m2m or {}
    plan = lock_plan(plan_of(instance))
    changed = _changed_fields(instance)
    if changed is not None:
        stored_plan = plan_of(type(instance).objects.get(pk=instance.pk))
        if stored_plan.pk != plan.pk:
            raise DomainError(_("A row cannot move to another plan."))
        if changed & MOVED_ELSEWHERE.get(type(instance), set()):
            raise DomainError(_("Change the status with its own action, which records it."))
    _check_writer(instance, plan, by, changed, m2m)
    instance.full_clean()
    _check_links(instance)
    instance.save()
    for name, values in m2m.items():
        getattr(instance, name).set(list(values))
    return instance


@transaction.atomic
def content_delete(*, instance, by: User) -> None:
    plan = lock_plan(plan_of(instance))
    if plan.phase not in OPEN_PHASES:
        raise ConflictError(_("The plan is closed: its content can no longer change."))
    rules.check(rules.can_edit_content(by, plan), _("Only the Secretariat and the plan's MPAs edit its content."))
    if isinstance(instance, Finding) and instance.recommendations.exists():
        raise ConflictError(_("Recommendations come from this finding: it cannot be deleted."))
    instance.delete()


@transaction.atomic
def recommendation_move(*, recommendation: Recommendation, to: str, by: User, comment: str = "") -> Recommendation:
    """Open → in progress → implemented (or dropped, with a reason); each move on the plan's timeline."""
    plan = lock_plan(recommendation.plan)
    recommendation = Recommendation.objects.select_for_update(of=("self",)).get(pk=recommendation.pk)
    if to not in RECOMMENDATION_TRANSITIONS.get(recommendation.status, frozenset()):
        raise ConflictError(
            _("A recommendation “%(from)s” cannot become “%(to)s”.")
            % {"from": recommendation.get_status_display(), "to": RecommendationStatus(to).label}
        )
    if plan.phase not in OPEN_PHASES:
        raise ConflictError(_("The plan is closed: its recommendations can no longer move."))
    rules.check(rules.can_edit_content(by, plan), _("Only the Secretariat and the plan's MPAs move recommendations."))
    if to == RecommendationStatus.DROPPED:
        comment = required(comment, _("Give the reason for dropping the recommendation."))
    from_status = recommendation.status
    recommendation.status = to
    recommendation.save(update_fields=["status", "updated_at"])
    event(plan, by=by, kind=EventKind.RECOMMENDATION, from_state=from_status, to_state=to, comment=comment,
          recommendation=recommendation)  # fmt: skip
    return recommendation
