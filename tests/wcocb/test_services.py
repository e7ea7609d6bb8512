"""The project package's own services check their caller, whatever door the change came through."""

import pytest

from tests import factories
from wcocb import services
from wcocb.errors import ConflictError, ForbiddenError
from wcocb.models import Donor, FundingSource, MemberAdministration, Region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["member_user", "rocb_officer", "expert_user", "api_client_user"])
def test_only_the_secretariat_changes_a_member_administration(request, who):
    japan = factories.member("JP")
    with pytest.raises(ForbiddenError):
        services.member_administration_update(administration=japan, by=request.getfixturevalue(who), name_en="X")
    japan.refresh_from_db()
    assert japan.name_en == "Japan"


def test_an_inactive_secretariat_account_is_nobody(secretariat):
    secretariat.is_active = False
    secretariat.save(update_fields=["is_active"])
    with pytest.raises(ForbiddenError):
        services.member_administration_update(administration=factories.member("JP"), by=secretariat, name_en="X")


def test_the_secretariat_changes_a_member_administration(secretariat):
    japan = services.member_administration_update(
        administration=factories.member("JP"), by=secretariat, name_en="Japan Customs"
    )
    japan.refresh_from_db()
    assert japan.name_en == "Japan Customs"


def test_the_registry_keeps_each_item_once_and_can_be_swapped():
    from wcocb.registry import Registry

    registry = Registry()
    store = registry.declare("things", "a store for the test")
    assert registry.declare("things") is store
    store.add(len)
    store.add(len)
    assert list(store) == [len]
    with store.replaced([abs]):
        assert list(store) == [abs]
    assert list(store) == [len]
    assert registry.names() == ["things"]


def test_only_the_secretariat_deletes_a_reference_record(member_user, secretariat):
    donor = Donor.objects.create(code="ZZ-TEST", name="Test donor")
    with pytest.raises(ForbiddenError):
        services.reference_record_delete(record=donor, by=member_user)
    assert Donor.objects.filter(pk=donor.pk).exists()
    services.reference_record_delete(record=donor, by=secretariat)
    assert not Donor.objects.filter(pk=donor.pk).exists()


def test_a_reference_record_in_use_is_refused_and_nothing_is_deleted(secretariat):
    region = factories.region("AP")
    with pytest.raises(ConflictError, match="still in use"):
        services.reference_record_delete(record=region, by=secretariat)
    assert Region.objects.filter(pk=region.pk).exists()
    assert MemberAdministration.objects.filter(region=region).count() > 0


def test_the_admin_bulk_delete_goes_through_the_service_row_by_row(client_as, secretariat):
    secretariat.is_superuser = secretariat.is_staff = True
    secretariat.save()
    donors = [Donor.objects.create(code=f"ZZ-{n}", name=f"Donor {n}") for n in range(2)]
    in_use = Donor.objects.create(code="ZZ-USED", name="Used donor")
    FundingSource.objects.create(code="ZZ-FUND", name="Fund", kind="donor", donor=in_use)
    client = client_as(secretariat)
    response = client.post(
        "/admin/wcocb/donor/",
        {"action": "delete_selected", "_selected_action": [d.pk for d in donors], "post": "yes"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not Donor.objects.filter(pk__in=[d.pk for d in donors]).exists()
    # A donor still funding something: the admin names what protects it and deletes nothing.
    response = client.post(
        "/admin/wcocb/donor/", {"action": "delete_selected", "_selected_action": [in_use.pk], "post": "yes"}
    )
    assert Donor.objects.filter(pk=in_use.pk).exists()
