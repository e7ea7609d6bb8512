"""What the missions app plugs into the project package: its home-inbox entries, one provider per role, and
the cost tables' imports (their specs in the import engine's store)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from missions.choices import ReportStatus, Status
from missions.filters import MissionRequestFilterSet, MyAssignmentFilterSet, ReleaseLetterFilterSet
from missions.importing.rates import FLIGHT_SPEC, PER_DIEM_SPEC
from wcocb import registry
from wcocb.choices import Role
from wcocb.importing import specs as import_specs
from wcocb.navigation import Card, InboxEntry, list_cards
from wcocb.rules import is_secretariat

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


def _requests(user, cards: list[Card]) -> list[InboxEntry]:
    """Cards opening the mission list, counted by that list."""
    from missions.selectors import request_list

    return list_cards(
        cards,
        url=reverse("missions:request-list"),
        queryset=request_list(user=user),
        filterset_class=MissionRequestFilterSet,
    )


def _letters(user, cards: list[Card]) -> list[InboxEntry]:
    """Cards opening the release requests page, counted by that page."""
    from missions.selectors import letter_list

    return list_cards(
        cards,
        url=reverse("missions:letter-list"),
        queryset=letter_list(user=user),
        filterset_class=ReleaseLetterFilterSet,
    )


def secretariat_inbox(user) -> list[InboxEntry]:
    if not is_secretariat(user):
        return []
    cards = [
        # only a request the ROCB commented can be planned
        Card(title, {"status": status, **({"rocb_commented": "true"} if status == Status.RECEIVED else {})}, icon)
        for status, title, icon in SECRETARIAT_QUEUE
    ]
    cards += [
        Card(
            _("Requests waiting for the ROCB's comment"),
            {"status": Status.RECEIVED, "rocb_commented": "false"},
            icon="chat-left-dots",
            tone="secondary",
            detail=_("Planning opens once the region's ROCB has commented (or you record its comment)."),
        ),
        Card(
            _("Releases declined: choose other experts"),
            {"status": Status.RELEASE_REQUESTED, "release_declined": "true"},
            icon="envelope-x",
            tone="warning",
        ),
        Card(_("Mission reports to review"), {"report_status": ReportStatus.SUBMITTED}, icon="file-earmark-check"),
    ]
    overdue = Card(
        _("Release answers overdue"),
        {"overdue": "true"},
        icon="hourglass-bottom",
        tone="danger",
        detail=_("The answer deadline has passed: follow up, or reopen the selection."),
    )
    return _requests(user, cards) + _letters(user, [overdue])


def rocb_inbox(user) -> list[InboxEntry]:
    if not (user.is_authenticated and user.role == Role.ROCB):
        return []
    cards = [
        Card(
            _("Mission requests to comment"),
            {"status": Status.RECEIVED, "rocb_commented": "false"},
            icon="chat-left-text",
            tone="warning",
        ),
        Card(
            _("Expert searches in your region"),
            {"status": [Status.PLANNED, Status.EXPERT_SEARCH, Status.AVAILABILITY_CHECK]},
            icon="search",
        ),
    ]
    return _requests(user, cards)


def member_inbox(user) -> list[InboxEntry]:
    if not (user.is_authenticated and user.role == Role.MEMBER):
        return []
    card = Card(_("Release requests to answer"), {"to_answer": "true"}, icon="envelope-paper", tone="warning")
    return _letters(user, [card])


def expert_inbox(user) -> list[InboxEntry]:
    if not (user.is_authenticated and user.role == Role.EXPERT):
        return []
    from missions.selectors import my_assignments

    cards = [
        Card(_("Missions to prepare"), {"todo": "prepare"}, icon="briefcase"),
        Card(_("Missions you lead to mark completed"), {"todo": "complete"}, icon="flag"),
        Card(_("Mission reports to write or resubmit"), {"todo": "report"}, icon="file-earmark-text", tone="warning"),
        Card(_("Field evaluations to record"), {"todo": "evaluate"}, icon="clipboard-check"),
    ]
    return list_cards(
        cards,
        url=reverse("missions:my-missions"),
        queryset=my_assignments(user=user),
        filterset_class=MyAssignmentFilterSet,
    )


for _provider in (secretariat_inbox, rocb_inbox, member_inbox, expert_inbox):
    registry.inbox.add(_provider)
