"""The missions admin: workflow rows are read-only; cost rows are saved through the same service as the
pages and the API, so the admin cannot store what the service refuses."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from missions.models import (
    Assignment,
    MissionDocument,
    MissionReport,
    MissionRequest,
    PerDiemRate,
    ReleaseLetter,
    ReleaseReminder,
)
from tests import factories as base
from tests.missions.factories import MissionRequestFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def superuser(db):
    return base.SecretariatFactory(username="admin-user", is_superuser=True, is_staff=True)


@pytest.mark.parametrize(
    "model", [MissionRequest, Assignment, ReleaseLetter, MissionDocument, MissionReport, ReleaseReminder]
)
def test_the_workflow_admin_refuses_every_change(superuser, model):
    request = RequestFactory().get("/")
    request.user = superuser
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)


def test_a_mission_request_cannot_be_changed_through_the_admin(client_as, superuser):
    mission = MissionRequestFactory(title="Original title")
    client = client_as(superuser)
    url = reverse("admin:missions_missionrequest_change", args=[mission.pk])
    assert client.get(url).status_code == 200  # readable
    response = client.post(url, {"title": "Changed in the admin"})
    assert response.status_code == 403
    mission.refresh_from_db()
    assert mission.title == "Original title"
    assert client.post(reverse("admin:missions_missionrequest_add"), {}).status_code == 403
    assert (
        client.post(reverse("admin:missions_missionrequest_delete", args=[mission.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert MissionRequest.objects.filter(pk=mission.pk).exists()


def _per_diem(client, **values):
    data = {"country": base.member("TH").pk, "daily_amount": "190.00", "currency": "USD", "valid_from": "2027-06-30"}
    return client.post(reverse("admin:missions_perdiemrate_add"), {**data, **values})


def test_a_per_diem_rate_saved_in_the_admin_goes_through_the_service(client_as, superuser):
    client = client_as(superuser)
    response = _per_diem(client, valid_from="2027-01-01", valid_to="2027-06-30", daily_amount="180.00")
    assert response.status_code == 302
    saved = PerDiemRate.objects.get()
    assert (saved.daily_amount, saved.valid_from, saved.valid_to) == (Decimal("180.00"), D(2027, 1, 1), D(2027, 6, 30))


def test_an_overlapping_per_diem_rate_is_refused_in_the_admin(client_as, superuser):
    client = client_as(superuser)
    assert _per_diem(client, valid_from="2027-01-01", valid_to="2027-06-30", daily_amount="180.00").status_code == 302
    response = _per_diem(client)  # from 30 June: overlaps the rate above
    assert response.status_code == 200
    assert "overlaps these dates" in response.content.decode()
    assert PerDiemRate.objects.count() == 1


def test_the_admin_service_refuses_a_staff_user_who_is_not_the_secretariat(superuser, rf):
    from missions import services
    from wcocb.errors import ForbiddenError

    member = base.MemberUserFactory(username="member-staff", is_staff=True)
    row = PerDiemRate(country=base.member("TH"), daily_amount=Decimal("100"), valid_from=D(2027, 1, 1))
    request = rf.post("/")
    request.user = member
    with pytest.raises(ForbiddenError):
        admin.site._registry[PerDiemRate].save_model(request, row, form=None, change=False)
    assert not PerDiemRate.objects.exists()
    services.cost_row_save(instance=row, by=superuser)
    assert PerDiemRate.objects.count() == 1
