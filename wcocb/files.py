"""What an uploaded file is, by its bytes, not its name.

A name says nothing: an ``.exe`` renamed ``.pdf``, an HTML page saved as ``.pdf`` or an SVG (script and all)
named ``.png`` must not be stored as a PDF or an image. :func:`sniff` reads the file's first bytes and, for
ZIP-based office documents, their table of contents; :func:`check_upload` refuses a file whose content is
not one of the kinds allowed, or whose name claims another kind than its content, with the reason. Call it
before anything is stored (forms, serializers and the services all do), so a refusal leaves no file behind.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    extensions: tuple[str, ...]


KINDS = {
    kind.code: kind
    for kind in [
        Kind("pdf", "PDF", ("pdf",)),
        Kind("docx", "Word (docx)", ("docx",)),
        Kind("xlsx", "Excel (xlsx)", ("xlsx",)),
        Kind("pptx", "PowerPoint (pptx)", ("pptx",)),
        Kind("odt", "OpenDocument text (odt)", ("odt",)),
        Kind("ods", "OpenDocument spreadsheet (ods)", ("ods",)),
        Kind("odp", "OpenDocument presentation (odp)", ("odp",)),
        Kind("png", "PNG", ("png",)),
        Kind("jpeg", "JPEG", ("jpg", "jpeg")),
    ]
}
OFFICE_AND_IMAGES = tuple(KINDS)
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
OOXML_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}
#: What some refused contents are, to say why in words.
KNOWN_REFUSED = [
    (b"MZ", _("a Windows program")),
    (b"\x7fELF", _("a program")),
    (b"#!", _("a script")),
    (b"\xd0\xcf\x11\xe0", _("an old-format Office file (save it as docx, xlsx or pptx)")),
]


def _head(file: File, size: int = 2048) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _zip_kind(file: File) -> str | None:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return ODF_MIMETYPES.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" not in names:
                return None
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return "macro"
            for part, kind in OOXML_PARTS.items():
                if part in names:
                    return kind
            return None
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    finally:
        file.seek(0)


def _image_kind(file: File, expected: str) -> str | None:
    """``expected`` when Pillow reads a whole image of that format, else ``None`` (a PNG header on junk)."""
    from PIL import Image, UnidentifiedImageError

    try:
        file.seek(0)
        with Image.open(file) as image:
            image.verify()
            found = (image.format or "").lower()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    finally:
        file.seek(0)
    return expected if found == expected else None


def sniff(file: File) -> str | None:
    """The kind of ``file`` by its content (a key of :data:`KINDS`, or ``"macro"`` for an Office file with
    macros), or ``None`` when it is none of them."""
    head = _head(file)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _image_kind(file, "png")
    if head.startswith(b"\xff\xd8\xff"):
        return _image_kind(file, "jpeg")
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    return None


def _describe(head: bytes) -> str:
    for magic, label in KNOWN_REFUSED:
        if head.startswith(magic):
            return str(label)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml")) and b"<svg" in text:
        return str(_("an SVG drawing (it can carry scripts)"))
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")) or b"<html" in text[:512]:
        return str(_("a web page (HTML)"))
    return ""


def check_upload(file: File, *, allowed: tuple[str, ...] = OFFICE_AND_IMAGES, max_bytes: int | None = None) -> str:
    """The kind of an upload whose content is one of ``allowed`` and matches its name, or a
    ``ValidationError`` saying why not (nothing is stored: call it before saving)."""
    size = file.size or 0
    if max_bytes is not None and size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; files up to %(max)s can be uploaded."),
            code="file_size",
            params={"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
        )
    allowed_labels = ", ".join(KINDS[code].label for code in allowed)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    kind = sniff(file)
    if kind == "macro":
        raise ValidationError(
            _("The file contains macros, which cannot be uploaded: save it without macros (docx, xlsx, pptx)."),
            code="file_macros",
        )
    if kind not in allowed:
        what = _describe(_head(file))
        if what:
            message = _("The file's content is %(what)s, not an allowed document. Allowed: %(allowed)s.")
        else:
            message = _("The file's content is not an allowed document type. Allowed: %(allowed)s.")
        raise ValidationError(message, code="file_type", params={"what": what, "allowed": allowed_labels})
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    if extension not in KINDS[kind].extensions:
        raise ValidationError(
            _("The file is named “.%(extension)s” but its content is %(kind)s: rename it or upload the right file."),
            code="file_name",
            params={"extension": extension or "?", "kind": KINDS[kind].label},
        )
    return kind
