"""What the missions pages share: a refusal as text, the mission seen by the user, a file download."""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from missions.models import MissionRequest
from wcocb.scoping import scope_queryset


def errors_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def mission_or_404(user, pk: int) -> MissionRequest:
    queryset = scope_queryset(MissionRequest.objects.select_related("administration", "funding__donor"), user)
    return get_object_or_404(queryset.distinct(), pk=pk)


def download(field_file, filename: str | None = None) -> FileResponse:
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=filename or PurePath(field_file.name).name)
