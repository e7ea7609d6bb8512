"""Steps 6 and 7: the team, its briefing, the preparation documents, deployment, completion, the field
evaluation and closure."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.files.base import File
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from experts import services as expert_services
from missions import hooks, rules
from missions.choices import (
    Action,
    DocumentKind,
    MissionKind,
    Status,
    TeamRole,
)
from missions.hooks import close_checks
from missions.models import Assignment, MissionDocument, MissionRequest, validate_upload
from missions.selectors import timeline
from missions.services._common import (
    _delete_file_on_commit,
    _event,
    _lock,
    _move,
)
from wcocb.choices import Role
from wcocb.errors import ConflictError, DomainError

if TYPE_CHECKING:
    from wcocb.models import User


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
    team = list(request.assignments.team().select_for_update(of=("self",)).select_related("expert__person"))
    for assignment in team:
        role = (roles or {}).get(assignment.pk)
        if role and role != assignment.role:
            if role not in TeamRole.values:
                raise DomainError(_("Unknown team role."))
            assignment.role = role
            assignment.save(update_fields=["role", "updated_at"])
    _check_team(request, team)
    summary = timeline.join(
        timeline.message(
            gettext_noop("%(expert)s (%(role)s)"),
            expert=str(member.expert),
            role=timeline.choice("team_role", member.role),
        )
        for member in team
    )
    _move(request, to=Status.TEAM_FORMED, by=by, action=Action.TEAM_FORMED, comment=comment, system=[summary])
    return request


@transaction.atomic
def assignment_brief(*, assignment: Assignment, by: User, comment: str = "") -> Assignment:
    """Step 6: the team member was briefed (background, input required, desired result, ToR)."""
    request = _lock(assignment.request)
    rules.check_action("brief", request, by)
    assignment = Assignment.objects.select_for_update(of=("self",)).get(pk=assignment.pk, request=request)
    if not request.assignments.team().filter(pk=assignment.pk).exists():
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
        assignment=assignment,
        comment=comment,
        system=[str(assignment.expert)],
    )
    return assignment


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
        data={"document": document.pk},
        system=[_document_line(kind, title or _file_label(file.name))],
    )
    return document


#: How many days before the mission's start it may be marked deployed (the experts travel).
DEPLOY_DAYS_BEFORE_START = 3


def _file_label(name: str | None) -> str:
    return (name or "").rsplit("/", 1)[-1]


def _document_line(kind: str, label: str, *, change: str = "") -> dict:
    """The timeline's line about a document: its kind (a label in the reader's language), its title or file
    name, and for a new version the file it replaced (``change``)."""
    if change:
        return timeline.message(
            gettext_noop("%(kind)s: %(title)s (%(change)s)"),
            kind=timeline.choice("document_kind", kind),
            title=label,
            change=change,
        )
    return timeline.message(
        gettext_noop("%(kind)s: %(title)s"), kind=timeline.choice("document_kind", kind), title=label
    )


def _document_of(request: MissionRequest, document: MissionDocument | int) -> MissionDocument:
    """The request's document (locked), named by the row or its id; another request's is refused."""
    document_id = document.pk if isinstance(document, MissionDocument) else document
    found = MissionDocument.objects.select_for_update().filter(pk=document_id, request=request).first()
    if found is None:
        raise DomainError(_("This request has no such document."))
    return found


@transaction.atomic
def document_replace(
    *, request: MissionRequest, document: MissionDocument | int, file: File, by: User, title: str | None = None
) -> MissionDocument:
    """Upload a new version of a preparation document (whoever may upload documents), on the timeline."""
    request = _lock(request)
    rules.check_action("replace_document", request, by)
    document = _document_of(request, document)
    validate_upload(file)
    old = document.file
    old_label = _file_label(old.name)
    _delete_file_on_commit(old)
    document.file = file
    if title is not None and title.strip():
        document.title = title.strip()
    document.uploaded_by = by
    document.uploaded_at = timezone.now()
    document.full_clean()
    document.save()
    _event(
        request,
        by=by,
        action=Action.DOCUMENT_REPLACED,
        from_status=request.status,
        data={"document": document.pk},
        system=[
            _document_line(
                document.kind,
                document.title or old_label,
                change=f"{old_label} \N{RIGHTWARDS ARROW} {_file_label(document.file.name)}",
            )
        ],
    )
    return document


@transaction.atomic
def document_remove(*, request: MissionRequest, document: MissionDocument | int, by: User, comment: str = "") -> None:
    """Remove a preparation document (whoever may upload documents), on the timeline. The terms of reference
    must still be there when the mission is marked deployed (:func:`request_deploy`)."""
    request = _lock(request)
    rules.check_action("remove_document", request, by)
    document = _document_of(request, document)
    line = _document_line(document.kind, document.title or _file_label(document.file.name))
    _delete_file_on_commit(document.file)
    document.delete()
    _event(
        request,
        by=by,
        action=Action.DOCUMENT_REMOVED,
        from_status=request.status,
        comment=comment,
        system=[line],
    )


@transaction.atomic
def request_deploy(*, request: MissionRequest, by: User, comment: str = "") -> MissionRequest:
    """Step 7: the prepared mission is delivered (terms of reference uploaded, team briefed)."""
    request = _lock(request)
    rules.check_action("deploy", request, by)
    if not request.documents.filter(kind=DocumentKind.TERMS_OF_REFERENCE).exists():
        raise DomainError(_("Upload the terms of reference before deployment."))
    if not request.delivered_by_secretariat:
        team = list(request.assignments.team().select_related("expert__person"))
        _check_team(request, team)
        unbriefed = [str(member.expert) for member in team if not member.briefed_at]
        if unbriefed:
            raise DomainError(
                _("Brief every team member before deployment: %(names)s.") % {"names": ", ".join(unbriefed)}
            )
    start = request.start_date
    earliest = start - datetime.timedelta(days=DEPLOY_DAYS_BEFORE_START) if start else None
    if start and earliest and timezone.localdate() < earliest:
        raise ConflictError(
            _("The mission starts on %(start)s: it can be marked deployed from %(earliest)s.")
            % {"start": formats.date_format(start), "earliest": formats.date_format(earliest)}
        )
    _move(request, to=Status.DEPLOYED, by=by, action=Action.DEPLOYED, comment=comment)
    return request


@transaction.atomic
def request_complete(*, request: MissionRequest, by: User, comment: str = "") -> MissionRequest:
    request = _lock(request)
    rules.check_action("complete", request, by)
    if request.end_date and timezone.localdate() < request.end_date:
        raise ConflictError(
            _("The mission ends on %(end)s: it can be marked completed from that day.")
            % {"end": formats.date_format(request.end_date)}
        )
    _move(request, to=Status.COMPLETED, by=by, action=Action.COMPLETED, comment=comment)
    for listener in hooks.completed:
        listener(request=request, by=by)
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
    evaluators = list(request.assignments.team().filter(role=TeamRole.EVALUATOR).select_related("expert__person"))
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
    verdict = timeline.message(gettext_noop("positive") if positive else gettext_noop("negative"))
    _event(
        request,
        by=by,
        action=Action.EVALUATION_RECORDED,
        from_status=request.status,
        assignment=assignment,
        data={"positive": positive, "evaluator": evaluator.pk},
        comment=comment,
        system=[
            timeline.message(gettext_noop("%(expert)s: %(answer)s"), expert=str(assignment.expert), answer=verdict)
        ],
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
