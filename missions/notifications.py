"""Email the people who must act at each step of a mission.

Every :class:`~missions.models.MissionEvent` row is seen by :func:`on_event` (a ``post_save`` receiver:
cross-cutting bookkeeping, no business rule), which queues the Celery task
:func:`missions.tasks.send_event_notifications` with ``transaction.on_commit``: nothing is sent for
a transition that rolls back, and the worker reads committed rows. Who gets what:

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

Mission reports (not workflow events) notify through :func:`on_report`; reminders before a release
answer's deadline (to the home administration) and the overdue notice after it (to the Secretariat,
once) are sent by :func:`missions.tasks.send_release_reminders`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from missions.choices import Action, AvailabilityAnswer, LetterAnswer, MissionKind, TeamRole
from missions.models import Assignment, MissionEvent, MissionReport, MissionRequest, ReleaseLetter
from wcocb.choices import Role
from wcocb.models import User

logger = logging.getLogger(__name__)


@dataclass
class Recipient:
    email: str
    language: str = "en"
    name: str = ""


@dataclass
class Mail:
    recipients: list[Recipient]
    subject: str  # a gettext message id, formatted with ``context`` in each recipient's language
    template: str
    context: dict = field(default_factory=dict)
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _users(queryset) -> list[Recipient]:
    return [
        Recipient(user.email, (user.preferred_language or "en")[:2], str(user))
        for user in queryset.filter(is_active=True).exclude(email="").order_by("pk")
    ]


def secretariat() -> list[Recipient]:
    return _users(User.objects.filter(role=Role.SECRETARIAT))


def rocb_officers(region_id: int | None) -> list[Recipient]:
    if region_id is None:
        return []
    return _users(User.objects.filter(role=Role.ROCB, region_id=region_id))


def administration_users(administration_id: int | None) -> list[Recipient]:
    if administration_id is None:
        return []
    return _users(User.objects.filter(role=Role.MEMBER, administration_id=administration_id))


def expert_recipient(assignment: Assignment) -> list[Recipient]:
    person = assignment.expert.person
    user = person.user
    email = (user.email if user else "") or person.email
    if not email:
        return []
    language = (user.preferred_language if user else "") or "en"
    return [Recipient(email, language[:2], person.full_name)]


def in_language_of_recipient(function, *args):
    """A text computed when the message is written, in each recipient's language (a label, an
    administration's name), not in whatever language was active when the message was planned."""
    return lazy(function, str)(*args)


def send(mail: Mail) -> int:
    """Send one message per recipient, each in their language. Returns how many were sent."""
    sent = 0
    seen: set[str] = set()
    for recipient in mail.recipients:
        if recipient.email.lower() in seen:
            continue
        seen.add(recipient.email.lower())
        with translation.override(recipient.language if recipient.language in {"en", "fr", "es"} else "en"):
            values = {key: str(value) if isinstance(value, Promise) else value for key, value in mail.context.items()}
            context = {**values, "recipient": recipient}
            subject = _(mail.subject) % {key: value for key, value in values.items() if isinstance(value, str | int)}
            body = render_to_string(f"missions/email/{mail.template}.txt", context)
        message = EmailMessage(subject=subject, body=body, to=[recipient.email])
        for name, content, mimetype in mail.attachments:
            message.attach(name, content, mimetype)
        sent += message.send()
    return sent


def _request_context(request: MissionRequest) -> dict:
    return {
        "mission": request,
        "reference": request.reference,
        "title": request.title,
        "administration": in_language_of_recipient(str, request.administration),
        "url": _url(request.get_absolute_url()),
    }


def mails_for_event(event: MissionEvent) -> list[Mail]:
    """The messages an event calls for (built in the worker, from committed rows)."""
    request = event.request
    context = {**_request_context(request), "event": event}
    action = event.action
    mails: list[Mail] = []
    if action == Action.SUBMITTED:
        mails.append(
            Mail(secretariat(), "New mission request %(reference)s from %(administration)s", "new_request", context)
        )
        mails.append(
            Mail(
                rocb_officers(request.administration.region_id),
                "Your comment, please: mission request %(reference)s from %(administration)s",
                "rocb_comment_requested",
                context,
            )
        )
    elif action == Action.ROCB_COMMENTED:
        actor = event.actor
        if actor is None or actor.role == Role.ROCB:
            mails.append(
                Mail(secretariat(), "ROCB comment on mission request %(reference)s", "rocb_commented", context)
            )
    elif action in {Action.PLANNED, Action.CANCELLED, Action.COMPLETED, Action.CLOSED, Action.HELD, Action.RESUMED}:
        mails.append(
            Mail(
                administration_users(request.administration_id),
                "Your mission request %(reference)s: %(step)s",
                "request_update",
                {**context, "step": in_language_of_recipient(event.get_action_display)},
            )
        )
    if action == Action.COMPLETED:
        for lead in request.assignments.filter(selected=True, role=TeamRole.LEAD).select_related(
            "expert__person__user"
        ):
            mails.append(
                Mail(
                    expert_recipient(lead),
                    "Mission report due for %(reference)s",
                    "report_due",
                    {**context, "report_url": _url(reverse("missions:report-edit", kwargs={"pk": request.pk}))},
                )
            )
    elif action == Action.SEARCH_STARTED:
        mails.append(
            Mail(
                rocb_officers(request.administration.region_id),
                "Expert search started for %(reference)s",
                "search_started",
                context,
            )
        )
    elif action == Action.SHORTLISTED:
        # Step 3 is an informal check: each shortlisted expert not asked yet is asked by email too.
        for candidate in request.assignments.filter(availability=AvailabilityAnswer.UNKNOWN).select_related(
            "expert__person__user"
        ):
            mails.append(
                Mail(
                    expert_recipient(candidate),
                    "Are you available for mission %(reference)s?",
                    "availability_asked",
                    {**context, "assignment": candidate},
                )
            )
    elif action == Action.DEPLOYED:
        for member in _team(request):
            evaluates = member.role == TeamRole.EVALUATOR and request.kind == MissionKind.FIELD_EVALUATION
            mails.append(
                Mail(
                    expert_recipient(member),
                    "Mission %(reference)s is under way",
                    "deployed",
                    {
                        **context,
                        "assignment": member,
                        "role": in_language_of_recipient(member.get_role_display),
                        "evaluates": evaluates,
                    },
                )
            )
    elif action == Action.RELEASE_REQUESTED:
        mails.extend(release_letter_mails(request))
    elif action in {Action.RELEASE_APPROVED, Action.RELEASE_DECLINED}:
        mails.append(
            Mail(
                secretariat(),
                "Release answer for %(reference)s: %(answer)s",
                "release_answer",
                {**context, "answer": in_language_of_recipient(event.get_action_display)},
            )
        )
    elif action == Action.TEAM_FORMED:
        for member in _team(request):
            mails.append(
                Mail(
                    expert_recipient(member),
                    "You are on the team of mission %(reference)s",
                    "team_formed",
                    {**context, "assignment": member, "role": in_language_of_recipient(member.get_role_display)},
                )
            )
    elif action == Action.BRIEFED:
        briefed_name = (event.comment or "").splitlines()[0] if event.comment else ""
        for member in request.assignments.filter(selected=True, briefed_at__isnull=False).select_related(
            "expert__person__user"
        ):
            if str(member.expert) == briefed_name:
                mails.append(
                    Mail(
                        expert_recipient(member),
                        "Briefing recorded for mission %(reference)s",
                        "briefed",
                        {**context, "assignment": member},
                    )
                )
    if action in {Action.HELD, Action.RESUMED, Action.CANCELLED}:
        for member in _team(request):
            mails.append(
                Mail(
                    expert_recipient(member),
                    "Mission %(reference)s: %(step)s",
                    "mission_update",
                    {**context, "assignment": member, "step": in_language_of_recipient(event.get_action_display)},
                )
            )
    return [mail for mail in mails if mail.recipients]


def _team(request: MissionRequest):
    """The experts released for the mission (its team once formed)."""
    return request.assignments.filter(selected=True, release_letter__answer=LetterAnswer.APPROVED).select_related(
        "expert__person__user"
    )


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
            "answer_url": _url(reverse("missions:letter-list")),
        }
        mails.append(
            Mail(
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
    return Mail(
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
            "answer_url": _url(reverse("missions:letter-list")),
        },
    )


def overdue_mail(letter: ReleaseLetter, today) -> Mail:
    """To the Secretariat: the home administration has not answered by the deadline."""
    request = letter.assignment.request
    expert = letter.assignment.expert
    return Mail(
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
            "letters_url": _url(reverse("missions:letter-list") + "?pending=1&overdue=1"),
        },
    )


def mails_for_report(report: MissionReport, what: str) -> list[Mail]:
    request = report.request
    context = {**_request_context(request), "report": report, "report_url": _url(report.get_absolute_url())}
    if what == "submitted":
        return [Mail(secretariat(), "Mission report submitted for %(reference)s", "report_submitted", context)]
    leads = request.assignments.filter(selected=True, role=TeamRole.LEAD).select_related("expert__person__user")
    recipients = [recipient for lead in leads for recipient in expert_recipient(lead)]
    subject = (
        "Mission report accepted for %(reference)s"
        if what == "accepted"
        else "Mission report returned for changes: %(reference)s"
    )
    return [Mail(recipients, subject, "report_reviewed", {**context, "accepted": what == "accepted"})]


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


@receiver(post_save, sender=MissionEvent, dispatch_uid="missions.notifications.on_event")
def _event_saved(sender, instance: MissionEvent, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        on_event(instance)


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
