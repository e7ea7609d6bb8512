"""Missions delivered before the platform existed, loaded from a CSV/XLSX file through the shared import engine
(kind ``historic_missions``: a dry run first, then the import; ``/imports/`` and ``/api/v1/import-jobs/``), so
that earlier periods and their comparisons can be reported.

Columns (the header names; the order is free):

=================  ========  ===========================================================================
column             required  what
=================  ========  ===========================================================================
reference          yes       the mission's reference in the old records (the stable key: importing the same
                             file again changes nothing)
administration     yes       the beneficiary administration's ISO code (``TH``)
kind               yes       a mission kind (``diagnostic``, ``strategic_advisory``, ``training``, ...)
delivery_mode                ``in_country`` (default), ``remote`` or ``hybrid``
funding            yes       a funding source's code (``WCO``, ``CCF-JP``, ...)
start_date         yes       YYYY-MM-DD (the mission counts in the period in which it starts)
end_date           yes       YYYY-MM-DD, not before the start
status                       ``closed`` (default), ``completed`` or ``cancelled``
title                        a title (default: the kind and the reference)
experts                      the experts' external ids when known, separated by ``;``
=================  ========  ===========================================================================
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from experts.models import Expert
from missions.choices import DeliveryMode, MissionKind, Status
from reports import rules
from reports.services.history import HISTORIC_STATUSES, historic_mission_save
from wcocb.errors import DomainError
from wcocb.importing import Column, ImportSpec, Progress, RowError, RowResult
from wcocb.models import FundingSource, MemberAdministration

COLUMNS = (
    Column("reference", gettext_lazy("the mission's reference in the old records (the stable key)"), True),
    Column("administration", gettext_lazy("the beneficiary administration's ISO code"), True),
    Column("kind", gettext_lazy("the mission kind"), True),
    Column("delivery_mode", gettext_lazy("in_country (default), remote or hybrid")),
    Column("funding", gettext_lazy("the funding source's code"), True),
    Column("start_date", gettext_lazy("the start, YYYY-MM-DD"), True),
    Column("end_date", gettext_lazy("the end, YYYY-MM-DD"), True),
    Column("status", gettext_lazy("closed (default), completed or cancelled")),
    Column("title", gettext_lazy("a title")),
    Column("experts", gettext_lazy("the experts' external ids, separated by ;")),
)


@dataclass
class HistoricRow:
    number: int
    reference: str
    values: dict
    experts: list[Expert]


class HistoryRowHandler:
    def __init__(self, *, spec: ImportSpec, by) -> None:
        self.spec = spec
        self.by = by
        self.members = {member.iso_code: member for member in MemberAdministration.objects.all()}
        self.funding = {source.code.upper(): source for source in FundingSource.objects.all()}

    def _date(self, record, column, errors, number) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat((record.get(column) or "").strip())
        except ValueError:
            errors.append(RowError(number, column, _("Not a date (YYYY-MM-DD).")))
            return None

    def check(self, rows):
        checked, errors = [], []
        wanted = {
            external_id.strip()
            for _number, record in rows
            for external_id in (record.get("experts") or "").split(";")
            if external_id.strip()
        }
        experts = {expert.external_id: expert for expert in Expert.objects.filter(external_id__in=wanted)}
        for number, record in rows:
            before = len(errors)
            reference = (record.get("reference") or "").strip()
            if not reference or len(reference) > 80:
                errors.append(
                    RowError(number, "reference", _("Give the mission's reference (80 characters at most)."))
                )
            administration = self.members.get((record.get("administration") or "").strip().upper())
            if administration is None:
                errors.append(RowError(number, "administration", _("Unknown ISO code.")))
            kind = (record.get("kind") or "").strip()
            if kind not in MissionKind.values:
                errors.append(RowError(number, "kind", _("Unknown mission kind.")))
            mode = (record.get("delivery_mode") or DeliveryMode.IN_COUNTRY).strip()
            if mode not in DeliveryMode.values:
                errors.append(RowError(number, "delivery_mode", _("Unknown delivery mode.")))
            funding = self.funding.get((record.get("funding") or "").strip().upper())
            if funding is None:
                errors.append(RowError(number, "funding", _("Unknown funding source.")))
            status = (record.get("status") or Status.CLOSED).strip()
            if status not in HISTORIC_STATUSES:
                errors.append(RowError(number, "status", _("Use closed, completed or cancelled.")))
            start = self._date(record, "start_date", errors, number)
            end = self._date(record, "end_date", errors, number)
            found = []
            for external_id in (record.get("experts") or "").split(";"):
                if external_id.strip():
                    expert = experts.get(external_id.strip())
                    if expert is None:
                        errors.append(RowError(number, "experts", _("Unknown expert %(id)s.") % {"id": external_id}))
                    else:
                        found.append(expert)
            if len(errors) == before:
                values = {
                    "administration": administration, "kind": kind, "delivery_mode": mode, "funding": funding,
                    "start_date": start, "end_date": end, "status": status,
                    "title": (record.get("title") or "").strip()[:200],
                }  # fmt: skip
                checked.append(HistoricRow(number, reference, values, found))
        return checked, errors

    def apply(self, checked, *, skip: frozenset[int], report, progress: Progress) -> None:
        for row in checked:
            progress.advance()
            if row.number in skip:
                continue
            try:
                action = historic_mission_save(by=self.by, reference=row.reference, experts=row.experts, **row.values)
            except ValidationError as exc:
                report.errors.append(RowError(row.number, "", " ".join(exc.messages)))
                continue
            except DomainError as exc:
                report.errors.append(RowError(row.number, "", str(exc.message)))
                continue
            report.rows.append(RowResult(row.number, row.reference, actions={"mission": action}))


SPEC = ImportSpec(
    kind="historic_missions",
    label=gettext_lazy("historic missions"),
    columns=COLUMNS,
    key="reference",
    handler=HistoryRowHandler,
    entities=("mission",),
    may_import=rules.can_import_history,
    page="reports:history-import",
)
