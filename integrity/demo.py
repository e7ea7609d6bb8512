"""Demo integrity data: two Arusha self-assessments of Thailand a year apart (the later one shared with the
A/P ROCB), its national integrity action plan and its corruption risk map; one assessment of Kenya that
Thailand's users never see. Idempotent: keyed on the titles."""

from __future__ import annotations

import datetime

from django.utils import timezone

from integrity import services
from integrity.choices import ActionStatus, PlanStatus
from integrity.models import ActionPlan, Assessment, Questionnaire, Section
from missions.choices import MissionKind
from missions.models import MissionRequest
from training import services as training_services
from training.choices import DeliveryMode
from training.models import Programme, Session
from wcocb.choices import Role
from wcocb.models import Language, MemberAdministration, User

#: Levels per Arusha factor, a year apart: progress on leadership, automation, code of conduct and HR.
LEVELS = {
    "2025": {
        "leadership": 2, "regulatory": 3, "transparency": 2, "automation": 2, "reform": 3,
        "audit": 2, "conduct": 2, "hr": 2, "morale": 2, "private-sector": 1,
    },
    "2026": {
        "leadership": 4, "regulatory": 3, "transparency": 3, "automation": 4, "reform": 3,
        "audit": 3, "conduct": 4, "hr": 3, "morale": 3, "private-sector": 2,
    },
}  # fmt: skip

RISKS = [
    ("Valuation", "Under-valuation accepted in exchange for a payment", 4, 5, "Valuation database, second review",
     "Risk-based post-clearance audit of low-value declarations", "Valuation Bureau"),
    ("Physical inspection", "Officer waives an inspection selected by the system", 3, 4, "Selectivity audit trail",
     "Random supervisor checks; rotation of inspectors", "Inspection and Control Division"),
    ("Recruitment", "Nepotism in the selection of new officers", 2, 4, "Written examination",
     "Independent panel and published results", "Human Resources Bureau"),
    ("Transit", "Seals not checked at the exit office", 3, 3, "Electronic seals on some routes",
     "Electronic seals on every transit route", "Transit Control Unit"),
    ("Refunds", "Duty refunds paid on forged documents", 2, 5, "Two signatures", "Automated cross-checks with exports",
     "Revenue Accounting"),
]  # fmt: skip

ACTIONS = [
    ("leadership", "Integrity policy signed and published by the Director General", 100, ActionStatus.DONE, -120),
    ("conduct", "Every officer signs the revised code of conduct", 60, ActionStatus.IN_PROGRESS, 60),
    ("automation", "Electronic payment of duties at every port", 40, ActionStatus.IN_PROGRESS, -15),
    ("hr", "Rotation of officers in sensitive posts every three years", 0, ActionStatus.PLANNED, 180),
    ("private-sector", "Memorandum of understanding with the Thai freight forwarders", 0, ActionStatus.PLANNED, 90),
]


def _assessment(officer, questionnaire, title, assessed_on, levels, mission=None) -> Assessment:
    from integrity.models import Question

    assessment = Assessment.objects.filter(title=title, administration=officer.administration).first()
    if assessment is not None:
        return assessment
    assessment = services.assessment_start(
        administration=officer.administration,
        questionnaire=questionnaire,
        title=title,
        assessed_on=assessed_on,
        mission=mission,
        by=officer,
    )
    for question in Question.objects.filter(section__questionnaire=questionnaire).select_related("section"):
        level = levels[question.section.code]
        services.answer_save(
            assessment=assessment,
            question=question,
            level=max(1, level - 1) if question.code.endswith("-2") and level > 3 else level,
            by=officer,
        )
    return services.assessment_submit(assessment=assessment, by=officer)


BANGKOK_WORKSHOP = "Integrity development workshop, Bangkok (May 2025)"


def _bangkok_workshop(thailand: MemberAdministration, secretariat: User) -> Session:
    """The national integrity development workshop Thailand hosted, which its action plan came out of (a
    training session of that kind, through the training services)."""
    session = Session.objects.filter(title=BANGKOK_WORKSHOP).first()
    return session or training_services.session_save(
        by=secretariat,
        programme=Programme.objects.get(code="INTEGRITY"),
        title=BANGKOK_WORKSHOP,
        start_date=datetime.date(2025, 5, 12),
        end_date=datetime.date(2025, 5, 16),
        language=Language.objects.get(code="en"),
        mode=DeliveryMode.IN_PERSON,
        venue="Customs Department, Bangkok",
        host=thailand,
        capacity=30,
    )


def _officer(iso: str, username: str) -> User | None:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    if iso == "TH":
        return None
    user = User.objects.create_user(
        username=username,
        role=Role.MEMBER,
        administration=MemberAdministration.objects.get(iso_code=iso),
        first_name="Amani",
        last_name="Wanjiru",
        email=f"{username}@demo.wcocb.org",
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


def seed(stdout=None) -> int:
    thai = _officer("TH", "member-th")
    secretariat = User.objects.filter(username="secretariat").first()
    if thai is None or secretariat is None:
        return 0
    arusha = Questionnaire.objects.get(code="arusha", version=1)
    created = Assessment.objects.count()
    first = _assessment(thai, arusha, "Arusha self-assessment 2025", datetime.date(2025, 3, 1), LEVELS["2025"])
    if first.status == "submitted":
        services.assessment_review(
            assessment=first,
            by=secretariat,
            comment="A candid baseline. Priorities: leadership, code of conduct, relationship with traders.",
        )
    second = _assessment(thai, arusha, "Arusha self-assessment 2026", datetime.date(2026, 3, 1), LEVELS["2026"])
    if not second.is_shared:
        services.assessment_share(assessment=second, by=thai, shared=True, comment="For the regional workshop.")
    if not ActionPlan.objects.filter(administration=thai.administration).exists():
        plan = services.plan_create(
            administration=thai.administration,
            title="National integrity action plan 2025-2027",
            assessment=first,
            workshop_session=_bangkok_workshop(thai.administration, secretariat),
            by=thai,
        )
        today = timezone.localdate()
        for code, title, progress, status, days in ACTIONS:
            action = services.action_add(
                plan=plan,
                title=title,
                owner=thai,
                due_date=today + datetime.timedelta(days=days),
                factor=Section.objects.get(questionnaire=arusha, code=code),
                by=thai,
            )
            if status != ActionStatus.PLANNED:
                services.action_update(
                    action=action, by=thai, status=status, progress=progress, comment="Demo progress report."
                )
        services.plan_move(plan=plan, to=PlanStatus.ADOPTED, by=thai, on=datetime.date(2025, 6, 1))
        for process, risk, likelihood, impact, controls, mitigation, owner in RISKS:
            services.risk_create(
                administration=thai.administration,
                by=thai,
                process=process,
                risk=risk,
                likelihood=likelihood,
                impact=impact,
                existing_controls=controls,
                mitigation=mitigation,
                owner=owner,
                review_date=datetime.date(2027, 3, 31),
            )
        services.mark_overdue()
    kenyan = _officer("KE", "member-ke-integrity")
    # The integrity assessment mission Kenya asked for follows this self-assessment (missions' demo).
    mission = MissionRequest.objects.filter(
        administration=kenyan.administration, kind=MissionKind.INTEGRITY_ASSESSMENT
    ).first()
    _assessment(
        kenyan, arusha, "Kenya integrity self-assessment 2026", datetime.date(2026, 2, 1), LEVELS["2026"], mission
    )
    return Assessment.objects.count() - created
