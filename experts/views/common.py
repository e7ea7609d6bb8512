"""What the experts pages share: the roles that search, and how a refusal becomes a message."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError

from experts import rules
from experts.choices import ExpertKind
from wcocb.choices import Role

SEARCHERS = frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER})


def refused(request, error: Exception) -> None:
    if isinstance(error, ValidationError):
        text = (
            " ".join(f"{message}" for messages_ in error.message_dict.values() for message in messages_)
            if hasattr(error, "error_dict")
            else " ".join(error.messages)
        )
    else:
        text = str(error.message)
    messages.error(request, text)


def form_errors(form) -> str:
    """Every error of an invalid form, as one flash message."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def proposal_context(user) -> dict[str, bool]:
    """Which "new expert" button to offer: the Secretariat creates any expert; a member administration
    proposes candidates among its own officers (on its own page)."""
    can_create = rules.can_create_expert(user, ExpertKind.ACCREDITED)
    return {
        "can_create_expert": can_create,
        "can_propose_candidate": not can_create and rules.can_create_expert(user, ExpertKind.CANDIDATE),
    }
