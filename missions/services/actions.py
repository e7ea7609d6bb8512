"""The action table: what the page and the API run for each workflow action of :data:`missions.rules.RULES`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from missions.models import MissionRequest
from missions.services.release import request_reopen_selection, request_request_release
from missions.services.requests import (
    request_cancel,
    request_hold,
    request_plan,
    request_resume,
    request_rocb_comment,
    request_set_dates,
    request_start_search,
)
from missions.services.selection import (
    assignment_record_availability,
    request_deliver_by_secretariat,
    request_shortlist,
)
from missions.services.team import (
    assignment_brief,
    assignment_record_evaluation,
    document_remove,
    document_replace,
    document_upload,
    request_close,
    request_complete,
    request_deploy,
    request_form_team,
)
from wcocb.errors import DomainError

if TYPE_CHECKING:
    from wcocb.models import User


#: One service per action of :data:`missions.rules.RULES`, under the same name. The page (its forms)
#: and the API (its input serializers) hand :func:`perform` the service's keyword arguments.
ACTIONS: dict[str, Callable[..., object]] = {
    "rocb_comment": request_rocb_comment,
    "plan": request_plan,
    "set_dates": request_set_dates,
    "start_search": request_start_search,
    "shortlist": request_shortlist,
    "deliver_by_secretariat": request_deliver_by_secretariat,
    "record_availability": assignment_record_availability,
    "request_release": request_request_release,
    "reopen_selection": request_reopen_selection,
    "form_team": request_form_team,
    "brief": assignment_brief,
    "upload_document": document_upload,
    "replace_document": document_replace,
    "remove_document": document_remove,
    "deploy": request_deploy,
    "complete": request_complete,
    "record_evaluation": assignment_record_evaluation,
    "close": request_close,
    "hold": request_hold,
    "resume": request_resume,
    "cancel": request_cancel,
}


def perform(action: str, *, request: MissionRequest, by: User, **data) -> object:
    """Run the workflow ``action`` on ``request`` with the service's keyword arguments ``data``.

    An action on one of the request's experts names it as ``assignment``; one of another request is refused."""
    service = ACTIONS[action]
    assignment = data.get("assignment")
    if assignment is not None:
        if assignment.request_id != request.pk:
            raise DomainError(_("This assignment belongs to another request."))
        return service(by=by, **data)
    return service(request=request, by=by, **data)
