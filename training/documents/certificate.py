"""The certificate as PDF: HTML laid out for print (A4 landscape, one page) rendered by WeasyPrint, with the
holder's name in any script (the system's fonts through fontconfig: DejaVu for Latin, Cyrillic, Greek and
Arabic; Noto Sans CJK, Debian's ``fonts-noto-cjk`` that ``make`` installs, for Chinese, Japanese and Korean, in the
forms of the name's language: :func:`name_language`), honours shown, and a QR code to the public verification page.

Nothing can leave the page: the page box has fixed margins, every block wraps (``overflow-wrap: anywhere``),
the name's size steps down with its length, and :func:`render` checks that the PDF has exactly one page."""

from __future__ import annotations

import re

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


#: The language of a name written in Han characters, from the holder's administration: Han characters are drawn in
#: the forms that language uses (the same character differs between Japanese, Simplified and Traditional Chinese).
HAN_LANGUAGE_BY_ADMINISTRATION = {
    "JP": "ja",
    "KR": "ko",
    "KP": "ko",
    "CN": "zh-CN",
    "SG": "zh-CN",
    "HK": "zh-HK",
    "MO": "zh-HK",
    "TW": "zh-TW",
}
KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff]")
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def name_language(name: str, administration_code: str = "") -> str:
    """The language tag the name is set in (``lang``), which picks the CJK font's forms: kana say Japanese,
    hangul Korean; otherwise the holder's administration says which Han forms (empty: the default font)."""
    if KANA.search(name):
        return "ja"
    if HANGUL.search(name):
        return "ko"
    return HAN_LANGUAGE_BY_ADMINISTRATION.get(administration_code, "")


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
            "name_language": name_language(certificate.holder_name, participant.administration.iso_code),
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
