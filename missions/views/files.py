"""Mission files, served through permission-checked views (nothing is routed under ``/media/``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.views import View

from missions.models import (
    MissionDocument,
    MissionReport,
)
from missions.views._common import download
from wcocb.mixins import FileDownloadMixin
from wcocb.scoping import scope_queryset


class DocumentDownloadView(FileDownloadMixin, View):
    """A mission document, for those who see its mission."""

    def get(self, request, pk: int):
        document = get_object_or_404(scope_queryset(MissionDocument.objects.all(), request.user).distinct(), pk=pk)
        return download(document.file)


class ReportAttachmentView(FileDownloadMixin, View):
    """The mission report's attachment, for those who see the report."""

    def get(self, request, pk: int):
        report = get_object_or_404(scope_queryset(MissionReport.objects.all(), request.user).distinct(), request_id=pk)
        return download(report.attachment)
