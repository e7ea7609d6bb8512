"""Factories of the missions app. Expert factories come from tests/experts/factories.py."""

import datetime

import factory
from factory.django import DjangoModelFactory

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
