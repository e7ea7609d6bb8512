"""Who is told what in the training app. Every mail goes after the commit (a rolled-back move sends nothing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from wcocb.mail import Mail, Recipient, send, site_url

if TYPE_CHECKING:
    from training.models import Certificate, FeedbackForm, ImpactReview, Participant
    from wcocb.models import Person


def _person(person: Person) -> list[Recipient]:
    if not person.email:
        return []
    language = (getattr(person.user, "preferred_language", "") or "en")[:2] if person.user_id else "en"
    return [Recipient(person.email, language, person.full_name)]


def _later(mail: Mail) -> None:
    if mail.recipients:
        transaction.on_commit(lambda: send(mail))


def moved_up(participant: Participant) -> None:
    _later(
        Mail(
            _person(participant.person),
            gettext_noop("A place freed: you are enrolled in %(session)s"),
            "training/email/moved_up.txt",
            {"session": participant.session.title, "start": participant.session.start_date},
        )
    )


def certified(certificate: Certificate) -> None:
    participant = certificate.participant
    _later(
        Mail(
            _person(participant.person),
            gettext_noop("Your certificate for %(session)s"),
            "training/email/certified.txt",
            {
                "session": participant.session.title,
                "verify_url": site_url(certificate.get_verification_url()),
                "code": certificate.code,
            },
        )
    )


def feedback_requested(form: FeedbackForm, token: str, *, reminder: bool = False) -> None:
    participant = form.participant
    _later(
        Mail(
            _person(participant.person),
            gettext_noop("Reminder: your feedback on %(session)s")
            if reminder
            else gettext_noop("Your feedback on %(session)s"),
            "training/email/feedback_reminder.txt" if reminder else "training/email/feedback.txt",
            {
                "session": participant.session.title,
                "url": site_url(reverse("training:feedback-answer", kwargs={"token": token})),
                "expires": form.expires_at.date(),
            },
        )
    )


def feedback_reminder(form: FeedbackForm, token: str) -> None:
    feedback_requested(form, token, reminder=True)


def _review_mail(review: ImpactReview, token: str, subject: str, template: str) -> None:
    reviewer = review.reviewer
    participant = reviewer.participant
    _later(
        Mail(
            [Recipient(reviewer.email, "en", reviewer.name)],
            subject,
            template,
            {
                "participant": participant.person.full_name,
                "session": participant.session.title,
                "url": site_url(reverse("training:review-answer", kwargs={"token": token})),
                "deadline": review.deadline,
            },
        )
    )


def review_requested(review: ImpactReview, token: str) -> None:
    _review_mail(review, token, gettext_noop("360° review of %(participant)s"), "training/email/review_request.txt")


def review_reminder(review: ImpactReview, token: str) -> None:
    _review_mail(
        review, token, gettext_noop("Reminder: 360° review of %(participant)s"), "training/email/review_reminder.txt"
    )
