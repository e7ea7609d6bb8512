"""Expert rules in the services: create, the kinds' rules (also in the database), the own profile."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from experts import services
from experts.choices import ExpertKind
from experts.models import Expert
from tests import factories as base
from tests.experts import factories as f
from wcocb.models import Language, Person

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def clerk(secretariat):
    return secretariat


def test_expert_create_makes_person_and_expert(clerk):
    english = Language.objects.get(code="en")
    expert = services.expert_create(
        by=clerk,
        first_name="Chinedu",
        last_name="Okafor",
        administration=base.member("TH"),
        kind=ExpertKind.ACCREDITED,
        biography="Valuation specialist",
        languages=[services.LanguageSkill(english, "fluent")],
    )
    expert.refresh_from_db()
    assert expert.person.full_name == "Chinedu Okafor"
    assert expert.search_name == "Chinedu Okafor"
    assert expert.search_vector
    assert list(expert.language_skills.values_list("language__code", "level")) == [("en", "fluent")]
    assert expert.external_id.startswith("ACE-")


def test_recognized_expert_must_be_serving(clerk):
    with pytest.raises(ValidationError) as error:
        services.expert_create(by=clerk, first_name="A", last_name="B", kind=ExpertKind.RECOGNIZED, is_serving=False)
    assert "serving" in str(error.value)


def test_recognized_expert_not_serving_is_refused_by_the_database():
    expert = f.ExpertFactory(kind=ExpertKind.RECOGNIZED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Expert.objects.filter(pk=expert.pk).update(is_serving=False)


def test_recognized_expert_without_a_home_administration_is_refused(clerk):
    with pytest.raises(ValidationError) as error:
        services.expert_create(by=clerk, first_name="A", last_name="B", kind=ExpertKind.RECOGNIZED, is_serving=True)
    assert "administration" in error.value.message_dict
    assert not Expert.objects.filter(person__first_name="A", person__last_name="B").exists()


def test_recognized_expert_losing_the_home_administration_is_refused(clerk):
    expert = f.ExpertFactory(kind=ExpertKind.RECOGNIZED)
    with pytest.raises(ValidationError) as error:
        services.expert_update(expert=expert, by=clerk, administration=None)
    assert "administration" in error.value.message_dict


def _write_and_check_deferred_constraints(write):
    """Run ``write`` in a savepoint and fire the deferred constraint triggers as a commit would."""
    with transaction.atomic():
        write()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_recognized_expert_without_a_home_administration_is_refused_by_the_database():
    expert = f.ExpertFactory(kind=ExpertKind.RECOGNIZED)
    no_home = base.PersonFactory(administration=None)
    with pytest.raises(IntegrityError, match="Recognized Expert"):
        _write_and_check_deferred_constraints(
            lambda: Person.objects.filter(pk=expert.person_id).update(administration=None)
        )
    with pytest.raises(IntegrityError, match="Recognized Expert"):
        _write_and_check_deferred_constraints(lambda: Expert.objects.filter(pk=expert.pk).update(person=no_home))


def test_changing_kind_and_administration_together_passes_the_database_check():
    expert = f.ExpertFactory(kind=ExpertKind.RECOGNIZED)

    def write():
        Person.objects.filter(pk=expert.person_id).update(administration=None)
        Expert.objects.filter(pk=expert.pk).update(kind=ExpertKind.CONSULTANT)

    _write_and_check_deferred_constraints(write)
    assert Expert.objects.get(pk=expert.pk).kind == ExpertKind.CONSULTANT


def test_external_expert_needs_a_justification(clerk):
    with pytest.raises(ValidationError) as error:
        services.expert_create(by=clerk, first_name="A", last_name="B", kind=ExpertKind.EXTERNAL, is_serving=False)
    assert "external_justification" in error.value.message_dict
    expert = services.expert_create(
        by=clerk,
        first_name="A",
        last_name="B",
        kind=ExpertKind.EXTERNAL,
        is_serving=False,
        external_justification="No accredited NII expert available in French",
    )
    assert expert.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Expert.objects.filter(pk=expert.pk).update(external_justification="  ")


def test_expert_edits_only_own_allowed_fields(expert_user):
    expert = f.ExpertFactory(person=base.PersonFactory(user=expert_user))
    services.expert_update_own_profile(expert=expert, by=expert_user, phone="+66 1", biography="New bio")
    expert.refresh_from_db()
    assert expert.person.phone == "+66 1"
    assert expert.biography == "New bio"
    with pytest.raises(services.ForbiddenError):
        services.expert_update_own_profile(expert=expert, by=expert_user, kind=ExpertKind.RECOGNIZED)
    other = f.ExpertFactory()
    with pytest.raises(services.ForbiddenError):
        services.expert_update_own_profile(expert=other, by=expert_user, phone="1")
