"""What the integrity pages share: who may open them, the record seen by the user (or a 404), the read log."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from integrity import services
from integrity.choices import ReadDoor
from wcocb.choices import Role
from wcocb.mixins import RoleRequiredMixin
from wcocb.scoping import scope_queryset

#: Integrity pages are for the Secretariat, ROCB officers (shared assessments only) and member administrations.
READERS = frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER})
#: Plans, risks and the read log: never for a ROCB.
OWNERS = frozenset({Role.SECRETARIAT, Role.MEMBER})


class IntegrityPage(LoginRequiredMixin, RoleRequiredMixin):
    allowed_roles = READERS


class OwnersPage(LoginRequiredMixin, RoleRequiredMixin):
    allowed_roles = OWNERS


def seen_or_404(user, queryset, **lookup):
    return get_object_or_404(scope_queryset(queryset, user), **lookup)


def logged(request, records, door: str = ReadDoor.PAGE):
    """Log the reads of ``records`` from outside their administration; returns them (a list) for the page."""
    records = list(records)
    services.log_reads(user=request.user, records=records, door=door, path=request.path)
    return records


def errors_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def download(field_file) -> FileResponse:
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=PurePath(field_file.name).name)


class LoggedListMixin:
    """A list page whose rows shown are logged as read (one insert per page)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = context.get("page_obj") or context.get("object_list") or []
        logged(self.request, rows)
        return context
