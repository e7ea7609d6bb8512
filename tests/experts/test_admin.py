"""The experts admin saves through the services: a change that breaks a rule is a form error (not a
500) and is not saved; a valid change goes through the service and is audited."""

import datetime

import pytest
from django.contrib.auth.models import Permission

from experts.models import AccreditationWorkshop, Unavailability
from tests import factories as base
from tests.experts import factories as f
from wcocb.audit import history_for

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def superuser():
    return base.SecretariatFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def staff_member():
    """Staff with every experts permission, a member of Japan: the services refuse them for Thai experts."""
    user = base.MemberUserFactory(username="staff-jp", administration=base.member("JP"), is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="experts"))
    return user


@pytest.fixture
def thai():
    return f.ExpertFactory(person=base.PersonFactory(administration=base.member("TH")))


def _errors(response) -> str:
    return str(response.context["adminform"].form.errors)


WORKSHOP = {
    "kind": "accreditation",
    "category": "DF",
    "title": "Admin workshop",
    "venue": "Brussels",
    "participations-TOTAL_FORMS": "0",
    "participations-INITIAL_FORMS": "0",
}


def test_a_valid_workshop_goes_through_the_service_and_is_audited(client_as, superuser):
    data = {**WORKSHOP, "start_date": "2024-03-04", "end_date": "2024-03-08"}
    response = client_as(superuser).post("/admin/experts/accreditationworkshop/add/", data)
    assert response.status_code == 302, _errors(response)
    workshop = AccreditationWorkshop.objects.get(title="Admin workshop")
    assert next(iter(history_for(workshop))).pgh_context["user"] == superuser.pk


def test_a_workshop_breaking_a_rule_is_a_form_error_and_not_saved(client_as, superuser):
    data = {**WORKSHOP, "start_date": "2024-03-08", "end_date": "2024-03-04"}
    response = client_as(superuser).post("/admin/experts/accreditationworkshop/add/", data)
    assert response.status_code == 200
    assert "The end cannot be before the start." in _errors(response)
    assert not AccreditationWorkshop.objects.filter(title="Admin workshop").exists()


def test_a_workshop_change_by_someone_the_service_refuses_is_a_form_error(client_as, staff_member):
    workshop = f.WorkshopFactory()
    data = {**WORKSHOP, "start_date": "2020-03-02", "end_date": "2020-03-06", "venue": "Elsewhere"}
    response = client_as(staff_member).post(f"/admin/experts/accreditationworkshop/{workshop.pk}/change/", data)
    assert response.status_code == 200
    assert "Only the Secretariat keeps the accreditation workshops." in _errors(response)
    workshop.refresh_from_db()
    assert workshop.venue == "Bangkok"


def test_unavailability_added_in_the_admin_follows_the_service(client_as, superuser, staff_member, thai):
    data = {"expert": thai.pk, "start_date": "2027-01-04", "end_date": "2027-01-08", "reason": "Leave"}
    refused = client_as(staff_member).post("/admin/experts/unavailability/add/", data)
    assert refused.status_code == 200
    assert "home administration" in _errors(refused)
    assert not Unavailability.objects.filter(expert=thai).exists()
    response = client_as(superuser).post("/admin/experts/unavailability/add/", data)
    assert response.status_code == 302, _errors(response)
    period = Unavailability.objects.get(expert=thai)
    assert next(iter(history_for(period))).pgh_context["user"] == superuser.pk


def test_an_unavailability_change_breaking_a_rule_is_a_form_error(client_as, superuser, thai):
    period = f.UnavailabilityFactory(expert=thai)
    data = {"start_date": "2027-01-08", "end_date": "2027-01-04", "reason": "Leave"}
    response = client_as(superuser).post(f"/admin/experts/unavailability/{period.pk}/change/", data)
    assert response.status_code == 200
    assert "The end cannot be before the start." in _errors(response)
    period.refresh_from_db()
    assert period.start_date == D(2027, 1, 4)


def test_an_unavailability_deleted_in_the_admin_goes_through_the_service(client_as, superuser, thai):
    period = f.UnavailabilityFactory(expert=thai)
    response = client_as(superuser).post(f"/admin/experts/unavailability/{period.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Unavailability.objects.filter(pk=period.pk).exists()


def _expert_data(expert, **changes):
    data = {
        "external_id": expert.external_id,
        "kind": expert.kind,
        "is_serving": "on" if expert.is_serving else "",
        "biography": expert.biography,
        "external_justification": expert.external_justification,
        "language_skills-TOTAL_FORMS": "0",
        "language_skills-INITIAL_FORMS": "0",
        "accreditations-TOTAL_FORMS": "0",
        "accreditations-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_an_expert_change_goes_through_the_service_refreshes_search_and_is_audited(client_as, superuser, thai):
    data = _expert_data(thai, biography="Rules of origin and valuation")
    response = client_as(superuser).post(f"/admin/experts/expert/{thai.pk}/change/", data)
    assert response.status_code == 302, _errors(response)
    thai.refresh_from_db()
    assert thai.biography == "Rules of origin and valuation"
    assert "valuation" in str(thai.search_vector)  # expert_update refreshed the search columns
    assert next(iter(history_for(thai))).pgh_context["user"] == superuser.pk


def test_an_expert_change_breaking_a_rule_is_a_form_error_and_not_saved(client_as, superuser, thai):
    data = _expert_data(thai, kind="external", external_justification="")
    response = client_as(superuser).post(f"/admin/experts/expert/{thai.pk}/change/", data)
    assert response.status_code == 200
    assert "External Expert must carry the reason" in _errors(response)
    thai.refresh_from_db()
    assert thai.kind == "accredited"


def test_experts_are_not_added_or_deleted_in_the_admin(client_as, superuser, thai):
    assert client_as(superuser).get("/admin/experts/expert/add/").status_code == 403
    assert client_as(superuser).post(f"/admin/experts/expert/{thai.pk}/delete/", {"post": "yes"}).status_code == 403
