"""The one place that decides who sees what."""

import pytest

from tests import factories
from wcocb.models import MemberAdministration, Person
from wcocb.scoping import ScopePolicy, can_view, scope_queryset

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    thai = factories.PersonFactory(administration=factories.member("TH"))
    japanese = factories.PersonFactory(administration=factories.member("JP"))
    return thai, japanese


def test_secretariat_sees_every_row(secretariat, people):
    assert set(scope_queryset(Person.objects.all(), secretariat)) == set(people)


def test_member_user_sees_only_its_administration(member_user, people):
    thai, japanese = people
    assert list(scope_queryset(Person.objects.all(), member_user)) == [thai]
    assert can_view(member_user, thai)
    assert not can_view(member_user, japanese)


def test_another_administration_never_sees_the_first(other_member_user, people):
    _thai, japanese = people
    assert list(scope_queryset(Person.objects.all(), other_member_user)) == [japanese]


def test_expert_sees_only_own_person_record(expert_user, people):
    thai, _ = people
    thai.user = expert_user
    thai.save(update_fields=["user"])
    assert list(scope_queryset(Person.objects.all(), expert_user)) == [thai]


def test_rocb_policy_region_restricts_to_region(rocb_officer):
    policy = ScopePolicy(region="region", rocb="region")
    condition = policy.condition_for(rocb_officer)
    members = MemberAdministration.objects.filter(condition)
    assert members.count() == 35  # the A/P region's members
    assert set(members.values_list("region__code", flat=True)) == {"AP"}


def test_rocb_policy_all_sees_everything(rocb_officer, people):
    assert set(scope_queryset(Person.objects.all(), rocb_officer)) == set(people)


def test_api_client_reads_everything_unless_the_policy_says_otherwise(api_client_user, people):
    assert scope_queryset(Person.objects.all(), api_client_user).count() == 2
    assert ScopePolicy(api_client=False).condition_for(api_client_user) is not None


def test_anonymous_and_inactive_users_see_nothing(member_user, people):
    from django.contrib.auth.models import AnonymousUser

    assert not scope_queryset(Person.objects.all(), AnonymousUser()).exists()
    member_user.is_active = False
    assert not scope_queryset(Person.objects.all(), member_user).exists()


def test_model_without_policy_is_secretariat_only(member_user, secretariat):
    from wcocb.models import User

    assert scope_queryset(User.objects.all(), member_user).count() == 0
    assert scope_queryset(User.objects.all(), secretariat).count() == 2


def test_reference_data_is_public_to_signed_in_users(member_user, expert_user):
    assert scope_queryset(MemberAdministration.objects.all(), member_user).count() == 186
    assert scope_queryset(MemberAdministration.objects.all(), expert_user).count() == 186


def test_a_login_created_without_a_role_sees_nothing(people):
    from wcocb.models import User

    user = User.objects.create_user(username="new-login", password="a-long-password-2026")
    assert list(scope_queryset(Person.objects.all(), user)) == []
    assert not user.is_secretariat
