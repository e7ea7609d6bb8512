"""Factories for the shared models (users of every role, people). App factories build on these."""

import factory
from factory.django import DjangoModelFactory

from wcocb.choices import Role
from wcocb.models import MemberAdministration, Person, Region, User

PASSWORD = "correct-horse-battery-9"


def region(code: str = "AP") -> Region:
    return Region.objects.get(code=code)


def member(iso_code: str = "TH") -> MemberAdministration:
    return MemberAdministration.objects.get(iso_code=iso_code)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.SECRETARIAT
    password = factory.django.Password(PASSWORD)


class SecretariatFactory(UserFactory):
    role = Role.SECRETARIAT


class RocbFactory(UserFactory):
    role = Role.ROCB
    region = factory.LazyFunction(lambda: region("AP"))


class MemberUserFactory(UserFactory):
    role = Role.MEMBER
    administration = factory.LazyFunction(lambda: member("TH"))


class ExpertUserFactory(UserFactory):
    role = Role.EXPERT


class ApiClientFactory(UserFactory):
    role = Role.API_CLIENT


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    gender = factory.Iterator(["F", "M"])
    nationality = "TH"
    administration = factory.LazyFunction(lambda: member("TH"))
    email = factory.LazyAttribute(lambda o: f"{o.first_name}.{o.last_name}@example.org".lower())
