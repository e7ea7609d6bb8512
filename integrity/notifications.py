"""Who the integrity app tells what: an action's owner, when the action is overdue."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from integrity.models import PlanAction
from wcocb import mail


def overdue_mail(action: PlanAction) -> mail.Mail:
    owner = action.owner
    recipients = mail.users(type(owner).objects.filter(pk=owner.pk))
    return mail.Mail(
        recipients=recipients,
        subject=gettext_noop("Integrity action overdue: %(title)s"),
        template="integrity/email/action_overdue.txt",
        context={
            "title": action.title,
            "plan": action.plan.title,
            "due_date": action.due_date.isoformat(),
            "url": mail.site_url(action.plan.get_absolute_url()),
        },
    )


def send_overdue(action_ids: list[int]) -> int:
    """Tell the owner of each action once that it is past its due date. Returns how many mails went out."""
    actions = PlanAction.objects.filter(pk__in=action_ids).select_related("owner", "plan").order_by("pk")
    return sum(mail.send(overdue_mail(action)) for action in actions)
