"""The integrity app's part of the isolation world (``tests/world.py``).

Each tenant has: a draft assessment with an answer and an evidence file, kept to itself; a submitted
assessment it shares with its ROCB; an action plan with an action; a corruption risk; a read of its draft by
the Secretariat in its read log. The rules below come from the domain (issue 12, "Sensitive data"): integrity
data belongs to its administration; the Secretariat sees all; ROCB officers, other members, experts and the
read-only API client see none of it, except an assessment the administration shares with its ROCB, which
that ROCB (of the administration's region) sees.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tests import world as w

#: A word only in each tenant's confidential integrity records (never shared): a response to a role that
#: may not see them must not contain it. The shared assessment has its own word.
INTEGRITY_MARK = {"A": "Quillhaven", "B": "Marrowdeep"}
SHARED_MARK = {"A": "Tamberlyn", "B": "Ostrevane"}

#: Integrity records: the administration's own users and the Secretariat; nobody else.
INTEGRITY_OWN = w.Rule(rocb="none", member="own", expert="none", api_client=False)


@dataclass(frozen=True)
class SharedAssessmentRule(w.Rule):
    """An assessment: as :data:`INTEGRITY_OWN`, and also the ROCB of the administration's region while the
    administration shares it (the world marks each record's sharing when it builds it)."""

    def sees(self, role: str, record: w.Record) -> bool:
        if role == w.ROCB_OTHER and getattr(record.obj, "shared_region_id", None) is not None:
            return record.tenant == w.TENANT_OF[role]
        return INTEGRITY_OWN.sees(role, record)


ASSESSMENT_RULE = SharedAssessmentRule(rocb="none", member="own", expert="none", api_client=False)

w.VISIBILITY.update(
    {
        "integrity.Questionnaire": w.PUBLIC,
        "integrity.Assessment": ASSESSMENT_RULE,
        "integrity.Evidence": INTEGRITY_OWN,  # only on the draft that is not shared
        "integrity.ActionPlan": INTEGRITY_OWN,
        "integrity.PlanAction": INTEGRITY_OWN,
        "integrity.Risk": INTEGRITY_OWN,
        "integrity.IntegrityRead": INTEGRITY_OWN,
    }
)

w.PAGE_PK_MODELS.update(
    {
        "integrity/assessments/": "integrity.Assessment",
        "integrity/evidence/": "integrity.Evidence",
        "integrity/plans/": "integrity.ActionPlan",
        "integrity/actions/": "integrity.PlanAction",
        "integrity/risks/": "integrity.Risk",
        "integrity/templates/": "integrity.Questionnaire",
    }
)


def _marks(world: w.World, role: str) -> list[str]:
    marks = []
    for tenant in w.TENANTS:
        own = next(r for r in world.of("integrity.Risk") if r.tenant == tenant)
        if not own.visible_to(role):
            marks.append(INTEGRITY_MARK[tenant])
        shared = next(
            r for r in world.of("integrity.Assessment") if r.tenant == tenant and r.obj.shared_region_id is not None
        )
        if not shared.visible_to(role):
            marks.append(SHARED_MARK[tenant])
    return marks


w.MARKS.append(_marks)


@w.builder
def _integrity_records(tenant: str, clerk, copy: int = 0) -> list[w.Record]:
    from integrity import services
    from integrity.choices import ReadDoor
    from integrity.models import IntegrityRead
    from tests.integrity import factories as f

    iso, _region = w.TENANTS[tenant]
    suffix = f"-{copy}" if copy else ""
    officer = f.member_of(iso, username=f"world-integrity-{tenant.lower()}{suffix}")
    mark = INTEGRITY_MARK[tenant]
    draft = f.start(officer, title=f"{mark} self-assessment {copy}")
    first = draft.questionnaire.sections.first().questions.first()
    services.answer_save(assessment=draft, question=first, level=2, comment=f"{mark} comment", by=officer)
    evidence = services.evidence_add(assessment=draft, title=f"{mark} policy", file=f.pdf(), by=officer)
    shared = f.submitted(officer, level=4, title=f"{SHARED_MARK[tenant]} assessment {copy}")
    shared = services.assessment_share(assessment=shared, by=officer, shared=True)
    plan = services.plan_create(
        administration=officer.administration, title=f"{mark} action plan {copy}", by=officer, assessment=draft
    )
    action = services.action_add(
        plan=plan,
        title=f"{mark} code of conduct signed",
        owner=officer,
        due_date=datetime.date(2027, 6, 30),
        factor=first.section,
        by=officer,
    )
    risk = services.risk_create(
        administration=officer.administration,
        by=officer,
        process=f"{mark} valuation",
        risk="Under-valuation accepted for a bribe",
        likelihood=4,
        impact=5,
        owner="Valuation unit",
        review_date=datetime.date(2027, 1, 31),
    )
    services.log_reads(user=clerk, records=[draft], door=ReadDoor.PAGE)
    read = IntegrityRead.objects.filter(administration=officer.administration, record_id=draft.pk).latest("pk")
    records = [
        w.Record(draft, tenant),
        w.Record(evidence, tenant),
        w.Record(shared, tenant),
        w.Record(plan, tenant),
        w.Record(action, tenant),
        w.Record(risk, tenant),
        w.Record(read, tenant),
    ]
    if tenant == "A" and not copy:
        from tests.integrity.factories import arusha

        records.append(w.Record(arusha(), None))
    return records
