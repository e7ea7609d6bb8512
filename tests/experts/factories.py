"""Factories of the experts app. Build pipelines through the services (``fully_accredited``) so
tests exercise the same rules as the application."""

import datetime

import factory
from factory.django import DjangoModelFactory

from experts import services
from experts.choices import ExpertKind, WorkshopKind
from experts.models import AccreditationWorkshop, Expert, ExpertiseArea, Unavailability
from tests import factories as base


def area(code: str) -> ExpertiseArea:
    return ExpertiseArea.objects.get(code=code)


class ExpertFactory(DjangoModelFactory):
    class Meta:
        model = Expert
        skip_postgeneration_save = True

    person = factory.SubFactory(base.PersonFactory)
    kind = ExpertKind.ACCREDITED
    is_serving = True
    biography = factory.Faker("sentence", nb_words=12)

    @factory.post_generation
    def search(obj, create, extracted, **kwargs):
        if create:
            services.expert_refresh_search([obj.pk])
            obj.refresh_from_db(fields=["search_vector", "search_name", "search_tags"])


class WorkshopFactory(DjangoModelFactory):
    class Meta:
        model = AccreditationWorkshop

    kind = WorkshopKind.ACCREDITATION
    category = "DF"
    start_date = datetime.date(2020, 3, 2)
    end_date = datetime.date(2020, 3, 6)
    venue = "Bangkok"
    region = factory.LazyFunction(lambda: base.region("AP"))


class UnavailabilityFactory(DjangoModelFactory):
    class Meta:
        model = Unavailability

    expert = factory.SubFactory(ExpertFactory)
    start_date = datetime.date(2027, 1, 4)
    end_date = datetime.date(2027, 1, 8)
    reason = "Leave"


def pre_assessed(expert, code="DF", *, by=None, on=datetime.date(2020, 1, 6)):
    by = by or base.SecretariatFactory(username="pipeline-clerk")
    return services.accreditation_pre_assess(expert=expert, area=area(code), on=on, by=by)


def first_step(expert, code="DF", *, by=None, on=datetime.date(2020, 1, 6)):
    by = by or base.SecretariatFactory(username="pipeline-clerk")
    accreditation = pre_assessed(expert, code, by=by, on=on)
    workshop = WorkshopFactory(category=area(code).category, area=area(code) if "-" in code else None)
    return services.accreditation_pass_workshop(accreditation=accreditation, workshop=workshop, by=by)


_founders: dict[str, Expert] = {}


def founder(category: str) -> Expert:
    """A fully accredited expert to evaluate others, created directly (someone had to be first)."""
    from experts.choices import Stage
    from experts.models import Accreditation

    code = {"ET": "ET-HS", "TOA": "TOA-AEO"}.get(category, category)
    expert = ExpertFactory()
    workshop = WorkshopFactory(category=category)
    Accreditation.objects.create(
        expert=expert,
        area=area(code),
        stage=Stage.FULLY_ACCREDITED,
        pre_assessed_on=datetime.date(2010, 1, 4),
        workshop=workshop,
        workshop_passed_on=datetime.date(2010, 3, 1),
        evaluator=ExpertFactory(),
        evaluated_on=datetime.date(2010, 6, 1),
        accredited_on=datetime.date(2010, 6, 1),
    )
    return expert


def fully_accredited(expert, code="DF", *, accredited_on=datetime.date(2020, 6, 1), evaluator=None, by=None):
    by = by or base.SecretariatFactory(username="pipeline-clerk")
    accreditation = first_step(expert, code, by=by)
    evaluator = evaluator or founder(area(code).category)
    return services.accreditation_complete_field_evaluation(
        accreditation=accreditation, evaluator=evaluator, evaluated_on=accredited_on, by=by
    )
