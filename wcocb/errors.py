"""The one domain error type raised by services when a business rule refuses an action."""

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule refused the action. ``message`` is shown to the user as it is.

    Views turn it into a flash message; the API into ``status`` (400 by default, 409 for a
    conflict with the current state) with the same message."""

    status = 400
    code = "rule_violation"

    def __init__(self, message: str | Promise, *, code: str | None = None, status: int | None = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status


class ConflictError(DomainError):
    """The record is not in a state that allows the action (or another user just changed it)."""

    status = 409
    code = "conflict"


class ForbiddenError(DomainError):
    """The caller's role or scope does not allow the action (the API answers 403)."""

    status = 403
    code = "forbidden"
