"""Factories of the missions app. Expert factories come from tests/experts/factories.py."""

import datetime

import factory
from factory.django import DjangoModelFactory

from experts.choices import ExpertKind, Stage
from experts.models import Accreditation, Expert, ExpertiseArea, ExpertLanguage
from experts.services.commitment import refresh_commitment
from missions.choices import DeliveryMode, MissionKind, Origin
from missions.models import MissionRequest
from tests import factories as base
from wcocb.models import FundingSource, Language

START = datetime.date(2027, 3, 1)


class MissionRequestFactory(DjangoModelFactory):
    class Meta:
        model = MissionRequest

    administration = factory.LazyFunction(lambda: base.member("TH"))
    kind = MissionKind.DIAGNOSTIC
    title = factory.Sequence(lambda n: f"Diagnostic mission {n}")
    objectives = factory.Faker("paragraph")
    preferred_start = START
    preferred_end = START + datetime.timedelta(days=4)
    duration_days = 5
    language = factory.LazyFunction(lambda: Language.objects.get(code="en"))
    delivery_mode = DeliveryMode.IN_COUNTRY
    origin = Origin.AD_HOC
    funding = factory.LazyFunction(lambda: FundingSource.objects.get(code="WCO"))
    created_by = factory.SubFactory(base.SecretariatFactory)


# --- experts (minimal; built on the experts models directly) ----------------------------------------
ACCREDITED_ON = datetime.date(2026, 1, 5)


class ExpertFactory(DjangoModelFactory):
    class Meta:
        model = Expert

    person = factory.SubFactory(base.PersonFactory, administration=factory.LazyFunction(lambda: base.member("JP")))
    kind = ExpertKind.ACCREDITED
    external_justification = factory.LazyAttribute(
        lambda o: "Former official, unique expertise" if o.kind == ExpertKind.EXTERNAL else ""
    )


def area(code: str) -> ExpertiseArea:
    return ExpertiseArea.objects.get(code=code)


def accredit(expert: Expert, code: str, *, stage: str = Stage.FULLY_ACCREDITED, on=ACCREDITED_ON) -> Accreditation:
    """Give ``expert`` an accreditation in area ``code`` at ``stage`` (1st step or fully accredited)."""
    values = {
        "expert": expert,
        "area": area(code),
        "stage": stage,
        "pre_assessed_on": on - datetime.timedelta(days=200),
        "workshop_passed_on": on - datetime.timedelta(days=100),
    }
    if stage == Stage.FULLY_ACCREDITED:
        values.update(evaluator=ExpertFactory(), evaluated_on=on, accredited_on=on)
    accreditation = Accreditation.objects.create(**values)
    refresh_commitment(expert)
    return accreditation


def make_expert(
    *,
    administration: str = "JP",
    kind: str = ExpertKind.ACCREDITED,
    full: tuple[str, ...] = ("DF",),
    first_step: tuple[str, ...] = (),
    languages: tuple[str, ...] = ("en",),
    user=None,
    on=ACCREDITED_ON,
) -> Expert:
    expert = ExpertFactory(person__administration=base.member(administration), person__user=user, kind=kind)
    for code in full:
        accredit(expert, code, on=on)
    for code in first_step:
        accredit(expert, code, stage=Stage.FIRST_STEP, on=on)
    for code in languages:
        ExpertLanguage.objects.create(expert=expert, language=Language.objects.get(code=code), level="fluent")
    return expert


def home_member(expert: Expert):
    """A member user of the expert's home administration."""
    administration = expert.person.administration
    return base.MemberUserFactory(username=f"member-{administration.iso_code.lower()}", administration=administration)
