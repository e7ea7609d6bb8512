"""What may be uploaded to a mission (documents, report attachments), and how mission files are served.

Mission files never have a public address: pages and the API link to permission-checked views
(:func:`document_url`, :func:`report_attachment_url`, :func:`letter_pdf_url`) that answer with a
``FileResponse`` to those who may see the mission or the letter, and a 404 to anyone else.
"""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

ALLOWED_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx", "odt", "txt", "png", "jpg", "jpeg")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_HELP = _(
    "PDF, Word (docx), Excel (xlsx), PowerPoint (pptx), OpenDocument text, text or PNG/JPG images; up to 20 MB."
)


def validate_upload(file: File) -> None:
    """Refuse a file of another type than the office documents and images missions use, or too large."""
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Files of type “%(extension)s” cannot be uploaded. Allowed types: %(allowed)s."),
            code="file_type",
            params={"extension": extension or "?", "allowed": ", ".join(ALLOWED_EXTENSIONS)},
        )
    size = file.size or 0
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s; files up to %(max)s can be uploaded."),
            code="file_size",
            params={"size": filesizeformat(size), "max": filesizeformat(MAX_UPLOAD_BYTES)},
        )


def document_url(document) -> str:
    return reverse("missions:document-download", kwargs={"pk": document.pk})


def report_attachment_url(report) -> str:
    return reverse("missions:report-attachment", kwargs={"pk": report.request_id})


def letter_pdf_url(letter) -> str:
    return reverse("missions:letter-pdf", kwargs={"pk": letter.pk})
