"""The Secretariat keeps the reference data from its pages; every role can read it; changes are audited."""

import pytest

from tests import factories
from wcocb.audit import history_for
from wcocb.models import RTC, Donor, FundingSource, Language, Region
from wcocb.views.reference import TABLES

pytestmark = pytest.mark.django_db


def test_the_index_lists_every_table_with_its_size(client_as, secretariat):
    page = client_as(secretariat).get("/reference/").content.decode()
    assert "/reference/members/" in page
    for key in TABLES:
        assert f"/reference/{key}/" in page
    assert f">{Region.objects.count()}<" in page


@pytest.mark.parametrize("extra_donors", [0, 25])
@pytest.mark.parametrize("key", list(TABLES))
def test_every_table_lists_its_rows_in_a_bounded_number_of_queries(
    client_as, secretariat, key, extra_donors, django_assert_max_num_queries
):
    for index in range(extra_donors):  # more rows in the table whose rows follow a relation
        Donor.objects.create(code=f"EXTRA-{index}", name=f"Donor {index}", country=factories.member("JP"))
    client = client_as(secretariat)
    with django_assert_max_num_queries(8):
        response = client.get(f"/reference/{key}/")
    assert response.status_code == 200
    assert response.content.decode().count("/edit/") == TABLES[key].model.objects.count()


def test_secretariat_adds_a_donor_and_the_change_is_in_its_history(client_as, secretariat):
    response = client_as(secretariat).post(
        "/reference/donors/new/", {"code": "KOICA", "name": "Korea International Cooperation Agency"}
    )
    assert response.status_code == 302
    donor = Donor.objects.get(code="KOICA")
    events = list(history_for(donor))
    assert events
    assert events[0].pgh_context["user"] == secretariat.pk


def test_secretariat_edits_the_areas_of_an_rtc(client_as, secretariat):
    rtc = RTC.objects.filter(host__iso_code="JP").first()
    response = client_as(secretariat).post(
        f"/reference/rtcs/{rtc.pk}/edit/",
        {"name": rtc.name, "host": rtc.host_id, "city": "Kashiwa", "areas_of_excellence": "AEO, IPR , ,"},
    )
    assert response.status_code == 302
    rtc.refresh_from_db()
    assert rtc.areas_of_excellence == ["AEO", "IPR"]
    assert rtc.city == "Kashiwa"


def test_a_rule_broken_in_the_form_is_explained_and_nothing_is_saved(client_as, secretariat):
    before = FundingSource.objects.count()
    response = client_as(secretariat).post(
        "/reference/funding-sources/new/", {"code": "NEW-DONOR", "name": "A donor project", "kind": "donor"}
    )
    assert response.status_code == 400
    assert "must name its donor" in response.content.decode()
    assert FundingSource.objects.count() == before


def test_a_duplicate_code_is_refused(client_as, secretariat):
    response = client_as(secretariat).post(
        "/reference/languages/new/", {"code": "en", "name_en": "English again", "is_official": "on"}
    )
    assert response.status_code == 400
    assert Language.objects.filter(code="en").count() == 1


@pytest.mark.parametrize("fixture", ["rocb_officer", "member_user", "expert_user", "api_client_user"])
def test_other_roles_read_but_cannot_change(request, client_as, fixture):
    client = client_as(request.getfixturevalue(fixture))
    assert client.get("/reference/languages/").status_code == 200
    assert "/reference/languages/new/" not in client.get("/reference/languages/").content.decode()
    assert client.get("/reference/languages/new/").status_code == 403
    response = client.post("/reference/donors/new/", {"code": "X", "name": "X"})
    assert response.status_code == 403
    assert not Donor.objects.filter(code="X").exists()


def test_the_service_refuses_others_whatever_the_door(rocb_officer, secretariat):
    from django.core.exceptions import ValidationError

    from wcocb import services
    from wcocb.errors import DomainError

    with pytest.raises(DomainError):
        services.reference_record_save(record=Donor(code="ROGUE", name="Rogue"), by=rocb_officer)
    with pytest.raises(ValidationError):
        services.reference_record_save(record=Donor(code="lower case", name="Bad"), by=secretariat)
    assert not Donor.objects.filter(code__in=["ROGUE", "lower case"]).exists()


def test_an_unknown_table_is_404(client_as, secretariat):
    assert client_as(secretariat).get("/reference/planets/").status_code == 404


def test_the_menu_links_the_reference_data_for_the_secretariat_only(client_as, secretariat, member_user):
    assert 'href="/reference/"' in client_as(secretariat).get("/").content.decode()
    assert 'href="/reference/"' not in client_as(member_user).get("/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    factories.SecretariatFactory()  # a database with users: the redirect does not depend on an empty one
    response = client.get("/reference/rocbs/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
