"""Small genuine files of each kind an upload may be, and impostors, made in memory (test helper)."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _ooxml(part: str, extra: dict[str, bytes] | None = None) -> bytes:
    return _zip(
        {"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>", part: b"<x/>", **(extra or {})}
    )


def _odf(mimetype: str) -> bytes:
    return _zip({"mimetype": mimetype.encode(), "content.xml": b"<office:document-content/>"})


def _image(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def genuine() -> dict[str, bytes]:
    """A file of each accepted kind, by the name it is uploaded under."""
    return {
        "terms.pdf": PDF,
        "minutes.docx": _ooxml("word/document.xml"),
        "table.xlsx": _ooxml("xl/workbook.xml"),
        "slides.PPTX": _ooxml("ppt/presentation.xml"),
        "notes.odt": _odf("application/vnd.oasis.opendocument.text"),
        "photo.png": _image("PNG"),
        "photo.jpg": _image("JPEG"),
    }


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>document.location='http://evil.example/'</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"This program cannot be run"

#: name → (content, words the refusal must say)
IMPOSTORS = {
    "program.pdf": (EXE, "Windows program"),
    "page.pdf": (HTML, "web page"),
    "drawing.png": (SVG, "SVG"),
    "fake.png": (b"\x89PNG\r\n\x1a\n" + b"not really an image", "not an allowed document"),
    "macros.docx": (_ooxml("word/document.xml", {"word/vbaProject.bin": b"\x00"}), "macros"),
    "renamed.docx": (PDF, "its content is PDF"),
    "notes.txt": (b"Plain text notes", "not an allowed document"),
    "empty.pdf": (b"", "empty"),
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
