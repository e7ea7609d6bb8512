"""Reading generated PDFs back: their text, and where each character is drawn (pdfminer.six)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTPage

from wcocb.printing import PAGE_MARGINS_MM

MM = 72 / 25.4  # PDF points per millimetre


@dataclass(frozen=True)
class Glyph:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    page_width: float
    page_height: float


def _chars(item):
    if isinstance(item, LTChar):
        yield item
        return
    for child in getattr(item, "_objs", ()):
        yield from _chars(child)


def glyphs(content: bytes) -> list[Glyph]:
    out = []
    for number, page in enumerate(extract_pages(io.BytesIO(content)), start=1):
        assert isinstance(page, LTPage)
        for char in _chars(page):
            if char.get_text().strip():
                out.append(Glyph(number, char.get_text(), *char.bbox, page.width, page.height))
    return out


def outside_margins(content: bytes, *, tolerance_mm: float = 0.5) -> list[Glyph]:
    """The characters drawn beyond the content margins left and right, or in the outer 10 mm top and bottom
    (the footer lives in the bottom margin)."""
    _top, right, _bottom, left = PAGE_MARGINS_MM
    slack = tolerance_mm * MM
    bad = []
    for glyph in glyphs(content):
        if (
            glyph.x0 < left * MM - slack
            or glyph.x1 > glyph.page_width - right * MM + slack
            or glyph.y0 < 10 * MM
            or glyph.y1 > glyph.page_height - 10 * MM
        ):
            bad.append(glyph)
    return bad


def page_count(content: bytes) -> int:
    return len(list(extract_pages(io.BytesIO(content))))


def keep(content: bytes, name: str) -> None:
    """With ``KEEP_PDFS=<folder>``, write the PDF there to render and look at (``pdftoppm -png``)."""
    import os
    from pathlib import Path

    folder = os.environ.get("KEEP_PDFS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}.pdf").write_bytes(content)


@dataclass(frozen=True)
class DrawnChar:
    """One character as the PDF draws it: its text (from the font's ToUnicode map), the font's name and the glyph
    (CID) used; glyph 0 is the font's .notdef, the empty box a font draws for a character it does not have."""

    text: str
    fontname: str
    cid: int


def drawn_chars(content: bytes) -> list[DrawnChar]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    drawn: list[DrawnChar] = []

    class Recorder(PDFPageAggregator):
        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            advance = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
            text = self.cur_item._objs[-1].get_text()
            drawn.append(DrawnChar(text, font.fontname, cid))
            return advance

    manager = PDFResourceManager()
    device = Recorder(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    for page in PDFPage.get_pages(io.BytesIO(content)):
        interpreter.process_page(page)
    return drawn
