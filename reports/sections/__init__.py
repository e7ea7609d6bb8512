"""The sections of a report run, each a function ``section(context) -> dict | None`` in the
``wcocb.registry.report_sections`` store (see :mod:`reports.sections.base` for the shape of a section).

The reports app adds the sections of the apps installed below it (:func:`register`); an app may add its
own from its ``contrib/wcocb.py`` instead. Every count is one SQL aggregate (grouped ``values().annotate()``
or ``aggregate()`` with filters), never a loop over rows."""

from __future__ import annotations

from django.conf import settings

from wcocb.registry import report_sections


def register() -> None:
    """Add the sections of the installed apps (called by ``ReportsConfig.register``)."""
    from reports.sections import experts, missions, programmes

    installed = set(settings.DOMAIN_APPS)
    if "missions" in installed:
        report_sections.add(missions.missions_section)
        report_sections.add(missions.feedback_section)
    if "experts" in installed:
        report_sections.add(experts.experts_section)
        report_sections.add(experts.gap_section)
    for app, provider in (
        ("mercator", programmes.mercator_section),
        ("mercator", programmes.impact_section),
        ("training", programmes.training_section),
        ("integrity", programmes.integrity_section),
    ):
        if app in installed:
            report_sections.add(provider)
