"""Documents for print: HTML + a print stylesheet rendered to PDF by WeasyPrint.

Every PDF the platform produces (the release letter, the mission report ...) is a Django template laid out by
one stylesheet (``print.css``: A4, fixed margins, tables of fixed layout, long words broken anywhere), so that
no text can leave the page whatever its length or language. The DejaVu fonts shipped in ``fonts/`` (free
licence, see LICENSE-DejaVu.txt) cover Latin, Greek and Cyrillic names and do not depend on the machine's
fonts. ``PAGE_MARGINS_MM`` is the contract the tests check text positions against.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

HERE = Path(__file__).resolve().parent
FONTS = HERE / "fonts"
#: A4, in millimetres; the page box of every printed document.
PAGE_SIZE_MM = (210, 297)
#: top, right, bottom, left margins of the page's content (the footer sits in the bottom margin).
PAGE_MARGINS_MM = (20, 20, 22, 20)

for _noisy in ("fontTools", "weasyprint", "weasyprint.progress"):
    logging.getLogger(_noisy).setLevel(logging.ERROR)  # font subsetting and CSS notes are chatty


@cache
def _stylesheet():
    from weasyprint import CSS

    top, right, bottom, left = PAGE_MARGINS_MM
    css = (HERE / "print.css").read_text(encoding="utf-8")
    css = css.replace("__MARGINS__", f"{top}mm {right}mm {bottom}mm {left}mm")
    return CSS(string=css, base_url=f"{FONTS.as_uri()}/")


def render_pdf(template: str, context: dict, *, language: str = "en", title: str = "", author: str = "") -> bytes:
    """Render ``template`` (an HTML page extending ``printing/base.html``) in ``language`` to PDF bytes."""
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, {**context, "document_language": language, "document_title": title})
    document = HTML(string=html, base_url=f"{FONTS.as_uri()}/").render(stylesheets=[_stylesheet()])
    document.metadata.title = title
    document.metadata.authors = [author] if author else []
    return document.write_pdf()
