"""The mission report on the standard template (purpose, participants' profile, main activities, initial
feedback and outcomes, future needs) as a PDF laid out for print by :mod:`wcocb.printing`.

Unlike the release letter, the report is read by the platform's own users: its headings follow the reader's
interface language (the UI catalogues); the sections are printed as the team leader wrote them.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from missions.models import MissionReport
from wcocb import printing


def report_context(report: MissionReport) -> dict:
    request = report.request
    team = request.assignments.team().select_related("expert__person").order_by("role", "pk")
    return {
        "report": report,
        "mission": request,
        "team": [(str(member.expert), member.get_role_display()) for member in team],
        "sections": [
            (MissionReport._meta.get_field(name).verbose_name, getattr(report, name))
            for name in MissionReport.TEMPLATE_FIELDS
        ],
    }


def render_mission_report(report: MissionReport, *, language: str | None = None) -> bytes:
    """The report as PDF bytes, headings in ``language`` (default: the active language)."""
    language = language or translation.get_language() or "en"
    with translation.override(language):
        title = _("Mission report: %(reference)s %(title)s") % {
            "reference": report.request.reference,
            "title": report.request.title,
        }
        author = _("World Customs Organization")
    return printing.render_pdf(
        "missions/documents/mission_report.html", report_context(report), language=language, title=title, author=author
    )
