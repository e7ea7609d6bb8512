"""The Django admin of the reference data saves through the services: a change that breaks a rule
is a form error (not a 500) and is not saved; a valid change goes through the service and is audited."""

import pytest
from django.contrib.auth.models import Permission

from tests import factories
from wcocb.audit import history_for
from wcocb.models import Donor, MemberAdministration

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return factories.SecretariatFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def staff_rocb():
    """Staff with every admin permission but not the Secretariat: the services refuse them."""
    user = factories.RocbFactory(username="staff-rocb", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="wcocb"))
    return user


def test_a_valid_donor_goes_through_the_service_and_is_audited(client_as, superuser):
    response = client_as(superuser).post("/admin/wcocb/donor/add/", {"code": "KOICA", "name": "KOICA"})
    assert response.status_code == 302
    donor = Donor.objects.get(code="KOICA")
    assert next(iter(history_for(donor))).pgh_context["user"] == superuser.pk


def test_a_donor_breaking_a_model_rule_is_a_form_error(client_as, superuser):
    response = client_as(superuser).post("/admin/wcocb/donor/add/", {"code": "lower case", "name": "Bad"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Donor.objects.filter(name="Bad").exists()


def test_a_reference_change_by_someone_the_service_refuses_is_a_form_error(client_as, staff_rocb):
    response = client_as(staff_rocb).post("/admin/wcocb/donor/add/", {"code": "ROGUE", "name": "Rogue"})
    assert response.status_code == 200
    assert "Only the Secretariat keeps the reference data." in str(response.context["adminform"].form.errors)
    assert not Donor.objects.filter(code="ROGUE").exists()


def test_a_member_administration_change_goes_through_its_service(client_as, superuser):
    from tests.experts.factories import ExpertFactory

    expert = ExpertFactory(person=factories.PersonFactory(administration=factories.member("TH")))
    assert "region:AP" in expert.search_tags
    thailand = factories.member("TH")
    data = {
        "iso_code": thailand.iso_code,
        "name_en": thailand.name_en,
        "name_fr": thailand.name_fr,
        "name_es": thailand.name_es,
        "region": factories.region("EUR").pk,
        "is_active": "on",
    }
    response = client_as(superuser).post(f"/admin/wcocb/memberadministration/{thailand.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert MemberAdministration.objects.get(pk=thailand.pk).region.code == "EUR"
    expert.refresh_from_db()
    assert "region:EUR" in expert.search_tags  # the experts were told, as the service does
    assert next(iter(history_for(thailand))).pgh_context["user"] == superuser.pk
