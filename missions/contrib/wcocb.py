"""What the missions app plugs into the project package: its home-inbox entries, one provider per role, and
the cost tables' imports (their specs in the import engine's store)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from missions.choices import Action, LetterAnswer, MissionKind, ReportStatus, Status, TeamRole
from missions.importing.rates import FLIGHT_SPEC, PER_DIEM_SPEC
from missions.models import Assignment, MissionEvent, MissionRequest, ReleaseLetter
from wcocb import registry
from wcocb.choices import Role
from wcocb.importing import specs as import_specs
from wcocb.navigation import InboxEntry
from wcocb.rules import is_secretariat
from wcocb.scoping import scope_queryset

import_specs.add(PER_DIEM_SPEC)
import_specs.add(FLIGHT_SPEC)

#: (status, title, icon) of what the Secretariat must move on.
SECRETARIAT_QUEUE = [
    (Status.RECEIVED, _("Mission requests to plan"), "inbox"),
    (Status.PLANNED, _("Planned missions: start the expert search"), "search"),
    (Status.EXPERT_SEARCH, _("Expert searches: shortlist experts"), "person-plus"),
    (Status.AVAILABILITY_CHECK, _("Availability checks to finish"), "telephone"),
    (Status.RELEASED, _("Released experts: form the team"), "people"),
    (Status.TEAM_FORMED, _("Teams formed: prepare and deploy"), "send"),
    (Status.DEPLOYED, _("Deployed missions to mark completed"), "flag"),
    (Status.COMPLETED, _("Completed missions to close"), "check2-square"),
]

#: Reports the team leader must write (none yet, a draft) or resubmit (returned).
REPORT_TO_WRITE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


def declined_release(request_ref="pk") -> Exists:
    """The request has a declined release letter."""
    return Exists(
        ReleaseLetter.objects.filter(assignment__request=OuterRef(request_ref), answer=LetterAnswer.DECLINED)
    )


def _waiting(counts: dict, key: str, **entry) -> list[InboxEntry]:
    """The entry for ``counts[key]`` things waiting, or none when there are none."""
    return [InboxEntry(count=counts[key], **entry)] if counts[key] else []


def _list_url(**params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{reverse('missions:request-list')}?{query}"


def secretariat_inbox(user) -> list[InboxEntry]:
    if not is_secretariat(user):
        return []
    commented = Exists(MissionEvent.objects.filter(request=OuterRef("pk"), action=Action.ROCB_COMMENTED))
    counts = MissionRequest.objects.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status, _title, _icon in SECRETARIAT_QUEUE},
        awaiting_rocb=Count("pk", filter=Q(status=Status.RECEIVED) & ~Q(commented)),
        declined=Count("pk", filter=Q(declined_release(), status=Status.RELEASE_REQUESTED)),
        to_review=Count("pk", filter=Q(report__status=ReportStatus.SUBMITTED)),
    )
    counts[Status.RECEIVED] -= counts["awaiting_rocb"]  # only a request the ROCB commented can be planned
    entries = [
        InboxEntry(title=title, count=counts[status], url=_list_url(status=status), icon=icon)
        for status, title, icon in SECRETARIAT_QUEUE
        if counts[status]
    ]
    entries += _waiting(
        counts,
        "awaiting_rocb",
        title=_("Requests waiting for the ROCB's comment"),
        url=_list_url(status=Status.RECEIVED),
        icon="chat-left-dots",
        tone="secondary",
        detail=_("Planning opens once the region's ROCB has commented (or you record its comment)."),
    )
    entries += _waiting(
        counts,
        "declined",
        title=_("Releases declined: choose other experts"),
        url=_list_url(status=Status.RELEASE_REQUESTED, release_declined="true"),
        icon="envelope-x",
        tone="warning",
    )
    entries += _waiting(
        counts,
        "to_review",
        title=_("Mission reports to review"),
        url=_list_url(report_status=ReportStatus.SUBMITTED),
        icon="file-earmark-check",
    )
    from missions.selectors import letters_overdue

    overdue = letters_overdue(user=user).count()
    if overdue:
        entries.append(
            InboxEntry(
                title=_("Release answers overdue"),
                count=overdue,
                url=reverse("missions:letter-list") + "?pending=1&overdue=1",
                icon="hourglass-bottom",
                tone="danger",
                detail=_("The answer deadline has passed: follow up, or reopen the selection."),
            )
        )
    return entries


def rocb_inbox(user) -> list[InboxEntry]:
    if not (user.is_authenticated and user.role == Role.ROCB):
        return []
    region = scope_queryset(MissionRequest.objects.all(), user)
    counts = region.aggregate(
        to_comment=Count(
            "pk",
            filter=Q(status=Status.RECEIVED)
            & ~Q(pk__in=MissionEvent.objects.filter(action=Action.ROCB_COMMENTED).values("request_id")),
        ),
        searching=Count("pk", filter=Q(status__in=[Status.PLANNED, Status.EXPERT_SEARCH, Status.AVAILABILITY_CHECK])),
    )
    entries = []
    entries += _waiting(
        counts,
        "to_comment",
        title=_("Mission requests to comment"),
        url=_list_url(status=Status.RECEIVED),
        icon="chat-left-text",
        tone="warning",
    )
    entries += _waiting(
        counts, "searching", title=_("Expert searches in your region"), url=reverse("missions:pipeline"), icon="search"
    )
    return entries


def member_inbox(user) -> list[InboxEntry]:
    if not (user.is_authenticated and user.role == Role.MEMBER):
        return []
    from missions.selectors import letters_awaiting_answer

    count = letters_awaiting_answer(user=user).count()
    if not count:
        return []
    return [
        InboxEntry(
            title=_("Release requests to answer"),
            count=count,
            url=reverse("missions:letter-list") + "?pending=1",
            icon="envelope-paper",
            tone="warning",
        )
    ]


def expert_inbox(user) -> list[InboxEntry]:
    if not (user.is_authenticated and user.role == Role.EXPERT):
        return []
    mine = Assignment.objects.team().filter(expert__person__user=user)
    report_open = Q(request__report__isnull=True) | Q(request__report__status__in=sorted(REPORT_TO_WRITE))
    awaiting_evaluation = Assignment.objects.filter(
        request=OuterRef("request"), selected=True, role=TeamRole.UNDER_EVALUATION, evaluation_positive__isnull=True
    )
    counts = mine.aggregate(
        upcoming=Count("pk", filter=Q(request__status__in=[Status.RELEASED, Status.TEAM_FORMED])),
        to_complete=Count("pk", filter=Q(role=TeamRole.LEAD, request__status=Status.DEPLOYED)),
        report=Count(
            "pk",
            filter=Q(report_open, role=TeamRole.LEAD, request__status__in=[Status.DEPLOYED, Status.COMPLETED]),
        ),
        evaluation=Count(
            "pk",
            filter=Q(
                Exists(awaiting_evaluation),
                role=TeamRole.EVALUATOR,
                request__kind=MissionKind.FIELD_EVALUATION,
                request__status__in=[Status.DEPLOYED, Status.COMPLETED],
            ),
        ),
    )
    entries = []
    entries += _waiting(
        counts, "upcoming", title=_("Missions to prepare"), url=reverse("missions:my-missions"), icon="briefcase"
    )
    entries += _waiting(
        counts,
        "to_complete",
        title=_("Missions you lead to mark completed"),
        url=reverse("missions:my-missions"),
        icon="flag",
    )
    entries += _waiting(
        counts,
        "report",
        title=_("Mission reports to write or resubmit"),
        url=reverse("missions:my-missions"),
        icon="file-earmark-text",
        tone="warning",
    )
    entries += _waiting(
        counts,
        "evaluation",
        title=_("Field evaluations to record"),
        url=reverse("missions:my-missions"),
        icon="clipboard-check",
    )
    return entries


for _provider in (secretariat_inbox, rocb_inbox, member_inbox, expert_inbox):
    registry.inbox.add(_provider)
