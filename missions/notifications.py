"""Email the people who must act at each step of a mission.

The services record every :class:`~missions.models.MissionEvent` and hand it to :func:`on_event`, which
queues the Celery task :func:`missions.tasks.send_event_notifications` with ``transaction.on_commit``:
nothing is sent for a transition that rolls back, and the worker reads committed rows. There,
:func:`mails_for_event` looks the event's action up in :data:`BUILDERS`. Who gets what:

=====================  ===================================================================
event                  recipients
=====================  ===================================================================
submitted              Secretariat staff; the region's ROCB officers (their comment is needed)
ROCB commented         Secretariat staff (the request can be planned), unless they recorded it
planned / cancelled    the requesting administration's users
completed              the requesting administration's users; the team leader (report due)
release requested      each pending letter's home administration users (the PDF attached)
release approved /     Secretariat staff
declined
team formed            each team member
briefed                the team member briefed
=====================  ===================================================================

The mail machinery (recipients, each in their language, and sending) is :mod:`wcocb.mail`. Mission
reports (not workflow events) notify through :func:`on_report`; reminders before a release
answer's deadline (to the home administration) and the overdue notice after it (to the Secretariat,
once) are sent by :func:`missions.tasks.send_release_reminders`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from missions.choices import Action, AvailabilityAnswer, LetterAnswer, MissionKind, TeamRole
from missions.models import Assignment, MissionEvent, MissionReport, MissionRequest, ReleaseLetter
from missions.selectors.timeline import event_text, system_lines
from wcocb.choices import Role
from wcocb.mail import (
    Mail,
    Recipient,
    administration_users,
    in_language_of_recipient,
    rocb_officers,
    secretariat,
    send,
    site_url,
)

__all__ = [
    "BUILDERS",
    "Mail",
    "Recipient",
    "administration_users",
    "expert_recipient",
    "in_language_of_recipient",
    "mails_for_event",
    "mails_for_report",
    "on_event",
    "on_report",
    "overdue_mail",
    "release_letter_mails",
    "reminder_mail",
    "rocb_officers",
    "secretariat",
    "send",
]

logger = logging.getLogger(__name__)


def _mail(recipients: list[Recipient], subject: str, name: str, context: dict, **kwargs) -> Mail:
    """A mail rendered from ``templates/missions/email/<name>.txt``."""
    return Mail(recipients, subject, f"missions/email/{name}.txt", context, **kwargs)


def expert_recipient(assignment: Assignment) -> list[Recipient]:
    person = assignment.expert.person
    user = person.user
    email = (user.email if user else "") or person.email
    if not email:
        return []
    language = (user.preferred_language if user else "") or "en"
    return [Recipient(email, language[:2], person.full_name)]


def _request_context(request: MissionRequest) -> dict:
    return {
        "mission": request,
        "reference": request.reference,
        "title": request.title,
        "administration": in_language_of_recipient(str, request.administration),
        "url": site_url(request.get_absolute_url()),
    }


def _team(request: MissionRequest):
    """The experts released for the mission (its team once formed)."""
    return request.assignments.team().select_related("expert__person__user")


# --- one builder per action: event, context -> mails ----------------------------------------------
def _submitted(event: MissionEvent, context: dict) -> list[Mail]:
    request = event.request
    return [
        _mail(secretariat(), "New mission request %(reference)s from %(administration)s", "new_request", context),
        _mail(
            rocb_officers(request.administration.region_id),
            "Your comment, please: mission request %(reference)s from %(administration)s",
            "rocb_comment_requested",
            context,
        ),
    ]


def _rocb_commented(event: MissionEvent, context: dict) -> list[Mail]:
    if event.actor is not None and event.actor.role != Role.ROCB:
        return []  # the Secretariat recorded it itself
    return [_mail(secretariat(), "ROCB comment on mission request %(reference)s", "rocb_commented", context)]


def _request_update(event: MissionEvent, context: dict) -> list[Mail]:
    return [
        _mail(
            administration_users(event.request.administration_id),
            "Your mission request %(reference)s: %(step)s",
            "request_update",
            {**context, "step": in_language_of_recipient(event.get_action_display)},
        )
    ]


def _report_due(event: MissionEvent, context: dict) -> list[Mail]:
    request = event.request
    leads = request.assignments.filter(selected=True, role=TeamRole.LEAD).select_related("expert__person__user")
    report_url = site_url(reverse("missions:report-edit", kwargs={"pk": request.pk}))
    return [
        _mail(
            expert_recipient(lead),
            "Mission report due for %(reference)s",
            "report_due",
            {**context, "report_url": report_url},
        )
        for lead in leads
    ]


def _search_started(event: MissionEvent, context: dict) -> list[Mail]:
    return [
        _mail(
            rocb_officers(event.request.administration.region_id),
            "Expert search started for %(reference)s",
            "search_started",
            context,
        )
    ]


def _shortlisted(event: MissionEvent, context: dict) -> list[Mail]:
    # Step 3 is an informal check: each shortlisted expert not asked yet is asked by email too.
    candidates = event.request.assignments.filter(availability=AvailabilityAnswer.UNKNOWN).select_related(
        "expert__person__user"
    )
    return [
        _mail(
            expert_recipient(candidate),
            "Are you available for mission %(reference)s?",
            "availability_asked",
            {**context, "assignment": candidate},
        )
        for candidate in candidates
    ]


def _deployed(event: MissionEvent, context: dict) -> list[Mail]:
    request = event.request
    return [
        _mail(
            expert_recipient(member),
            "Mission %(reference)s is under way",
            "deployed",
            {
                **context,
                "assignment": member,
                "role": in_language_of_recipient(member.get_role_display),
                "evaluates": member.role == TeamRole.EVALUATOR and request.kind == MissionKind.FIELD_EVALUATION,
            },
        )
        for member in _team(request)
    ]


def _release_requested(event: MissionEvent, context: dict) -> list[Mail]:
    return release_letter_mails(event.request)


def _release_answered(event: MissionEvent, context: dict) -> list[Mail]:
    return [
        _mail(
            secretariat(),
            "Release answer for %(reference)s: %(answer)s",
            "release_answer",
            {**context, "answer": in_language_of_recipient(event.get_action_display)},
        )
    ]


def _team_formed(event: MissionEvent, context: dict) -> list[Mail]:
    return [
        _mail(
            expert_recipient(member),
            "You are on the team of mission %(reference)s",
            "team_formed",
            {**context, "assignment": member, "role": in_language_of_recipient(member.get_role_display)},
        )
        for member in _team(event.request)
    ]


def _briefed_assignments(event: MissionEvent) -> list[Assignment]:
    """The team member an entry about a briefing concerns: its ``assignment``; for entries recorded before
    events carried it, the expert named on its first system line (on the comment's first line before 0013)."""
    briefed = event.request.assignments.filter(selected=True, briefed_at__isnull=False).select_related(
        "expert__person__user"
    )
    if event.assignment_id is not None:
        return list(briefed.filter(pk=event.assignment_id))
    lines = system_lines(event) or event.comment.splitlines()
    name = lines[0] if lines else ""
    return [member for member in briefed if str(member.expert) == name]


def _briefed(event: MissionEvent, context: dict) -> list[Mail]:
    return [
        _mail(
            expert_recipient(member),
            "Briefing recorded for mission %(reference)s",
            "briefed",
            {**context, "assignment": member},
        )
        for member in _briefed_assignments(event)
    ]


def _team_update(event: MissionEvent, context: dict) -> list[Mail]:
    return [
        _mail(
            expert_recipient(member),
            "Mission %(reference)s: %(step)s",
            "mission_update",
            {**context, "assignment": member, "step": in_language_of_recipient(event.get_action_display)},
        )
        for member in _team(event.request)
    ]


Builder = Callable[[MissionEvent, dict], list[Mail]]

#: What each action of the timeline sends, in this order (an action absent here sends nothing).
BUILDERS: dict[str, tuple[Builder, ...]] = {
    Action.SUBMITTED: (_submitted,),
    Action.ROCB_COMMENTED: (_rocb_commented,),
    Action.PLANNED: (_request_update,),
    Action.SEARCH_STARTED: (_search_started,),
    Action.SHORTLISTED: (_shortlisted,),
    Action.RELEASE_REQUESTED: (_release_requested,),
    Action.RELEASE_APPROVED: (_release_answered,),
    Action.RELEASE_DECLINED: (_release_answered,),
    Action.TEAM_FORMED: (_team_formed,),
    Action.BRIEFED: (_briefed,),
    Action.DEPLOYED: (_deployed,),
    Action.COMPLETED: (_request_update, _report_due),
    Action.CLOSED: (_request_update,),
    Action.HELD: (_request_update, _team_update),
    Action.RESUMED: (_request_update, _team_update),
    Action.CANCELLED: (_request_update, _team_update),
}


def mails_for_event(event: MissionEvent) -> list[Mail]:
    """The messages an event calls for (built in the worker, from committed rows)."""
    # The entry's text (system lines, then the comment someone wrote) in each recipient's language. Mails go to
    # those who may read it: no builder sends a confidential entry to anyone but the Secretariat.
    context = {
        **_request_context(event.request),
        "event": event,
        "comment": in_language_of_recipient(event_text, event),
    }
    mails = [mail for build in BUILDERS.get(event.action, ()) for mail in build(event, context)]
    return [mail for mail in mails if mail.recipients]


def release_letter_mails(request: MissionRequest) -> list[Mail]:
    from missions.services import generate_release_letter

    mails = []
    letters = ReleaseLetter.objects.filter(assignment__request=request, answer=LetterAnswer.PENDING).select_related(
        "assignment__expert__person__administration"
    )
    for letter in letters:
        if not letter.pdf:
            letter = generate_release_letter(letter=letter)
        letter.pdf.open("rb")
        try:
            content = letter.pdf.read()
        finally:
            letter.pdf.close()
        expert = letter.assignment.expert
        context = {
            **_request_context(request),
            "letter": letter,
            "expert": str(expert),
            "deadline": letter.deadline,
            "answer_url": site_url(reverse("missions:letter-list")),
        }
        mails.append(
            _mail(
                administration_users(expert.person.administration_id),
                "Release request for %(expert)s (%(reference)s)",
                "release_request",
                context,
                attachments=[(f"release-letter-{request.reference}-{letter.pk}.pdf", content, "application/pdf")],
            )
        )
    return mails


def reminder_mail(letter: ReleaseLetter, days_before: int) -> Mail:
    request = letter.assignment.request
    expert = letter.assignment.expert
    return _mail(
        administration_users(expert.person.administration_id),
        "Reminder: release of %(expert)s requested by %(deadline_text)s",
        "release_reminder",
        {
            **_request_context(request),
            "letter": letter,
            "expert": str(expert),
            "deadline": letter.deadline,
            "deadline_text": letter.deadline.isoformat(),
            "days_before": days_before,
            "answer_url": site_url(reverse("missions:letter-list")),
        },
    )


def overdue_mail(letter: ReleaseLetter, today) -> Mail:
    """To the Secretariat: the home administration has not answered by the deadline."""
    request = letter.assignment.request
    expert = letter.assignment.expert
    return _mail(
        secretariat(),
        "Release answer overdue: %(expert)s (%(reference)s)",
        "release_overdue",
        {
            **_request_context(request),
            "letter": letter,
            "expert": str(expert),
            "home": str(expert.person.administration or ""),
            "deadline": letter.deadline,
            "days_late": (today - letter.deadline).days,
            "letters_url": site_url(reverse("missions:letter-list") + "?pending=1&overdue=1"),
        },
    )


def mails_for_report(report: MissionReport, what: str) -> list[Mail]:
    request = report.request
    context = {**_request_context(request), "report": report, "report_url": site_url(report.get_absolute_url())}
    if what == "submitted":
        return [_mail(secretariat(), "Mission report submitted for %(reference)s", "report_submitted", context)]
    leads = request.assignments.filter(selected=True, role=TeamRole.LEAD).select_related("expert__person__user")
    recipients = [recipient for lead in leads for recipient in expert_recipient(lead)]
    subject = (
        "Mission report accepted for %(reference)s"
        if what == "accepted"
        else "Mission report returned for changes: %(reference)s"
    )
    return [_mail(recipients, subject, "report_reviewed", {**context, "accepted": what == "accepted"})]


# --- hooks -----------------------------------------------------------------------------------------
def on_event(event: MissionEvent) -> None:
    """Queue the event's notifications once (and only if) the transaction commits."""
    from missions import tasks

    event_id = event.pk
    transaction.on_commit(lambda: tasks.send_event_notifications.delay(event_id), robust=True)


def on_report(report: MissionReport, what: str) -> None:
    from missions import tasks

    report_id = report.pk
    transaction.on_commit(lambda: tasks.send_report_notifications.delay(report_id, what), robust=True)


# Subjects are message ids translated at send time; list them so ``makemessages`` finds them.
SUBJECTS = [
    gettext_noop("New mission request %(reference)s from %(administration)s"),
    gettext_noop("Your comment, please: mission request %(reference)s from %(administration)s"),
    gettext_noop("ROCB comment on mission request %(reference)s"),
    gettext_noop("Your mission request %(reference)s: %(step)s"),
    gettext_noop("Mission report due for %(reference)s"),
    gettext_noop("Release answer for %(reference)s: %(answer)s"),
    gettext_noop("You are on the team of mission %(reference)s"),
    gettext_noop("Briefing recorded for mission %(reference)s"),
    gettext_noop("Release request for %(expert)s (%(reference)s)"),
    gettext_noop("Reminder: release of %(expert)s requested by %(deadline_text)s"),
    gettext_noop("Release answer overdue: %(expert)s (%(reference)s)"),
    gettext_noop("Expert search started for %(reference)s"),
    gettext_noop("Are you available for mission %(reference)s?"),
    gettext_noop("Mission %(reference)s is under way"),
    gettext_noop("Mission %(reference)s: %(step)s"),
    gettext_noop("Mission report submitted for %(reference)s"),
    gettext_noop("Mission report accepted for %(reference)s"),
    gettext_noop("Mission report returned for changes: %(reference)s"),
]
