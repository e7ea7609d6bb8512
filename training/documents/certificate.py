"""The certificate as PDF: HTML laid out for print (A4 landscape, one page) rendered by WeasyPrint, with the
holder's name in any script (the system's fonts through fontconfig: DejaVu for Latin, Cyrillic, Greek and
Arabic; Noto CJK where installed), honours shown, and a QR code to the public verification page.

Nothing can leave the page: the page box has fixed margins, every block wraps (``overflow-wrap: anywhere``),
the name's size steps down with its length, and :func:`render` checks that the PDF has exactly one page."""

from __future__ import annotations

import segno
from django.template.loader import render_to_string
from django.utils import translation

from training.models import Certificate
from wcocb.mail import site_url


def name_size(name: str) -> int:
    """The holder's name in points: long names get smaller so that they keep to two lines at most."""
    length = len(name)
    if length <= 24:
        return 34
    if length <= 40:
        return 28
    if length <= 70:
        return 22
    return 16


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=3, border=0, dark="#102a43")


def html(certificate: Certificate) -> str:
    participant = certificate.participant
    session = participant.session
    url = site_url(certificate.get_verification_url())
    return render_to_string(
        "training/documents/certificate.html",
        {
            "certificate": certificate,
            "session": session,
            "programme": session.programme,
            "administration": participant.administration,
            "verify_url": url,
            "qr": qr_svg(url),
            "name_size": name_size(certificate.holder_name),
        },
    )


class CertificateOverflow(Exception):
    """The layout ran onto a second page."""


def render(certificate: Certificate, *, language: str = "en") -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        document = HTML(string=html(certificate)).render()
    if len(document.pages) != 1:
        raise CertificateOverflow(f"The certificate took {len(document.pages)} pages")
    return document.write_pdf()
