"""The Mercator admin: plans and their rows read-only; the TFA names saved through the reference service."""

import pytest
from django.urls import reverse

from mercator.models import TfaMeasure
from tests import factories as base
from tests.mercator import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = base.SecretariatFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def test_plans_are_read_only_in_the_admin(client, superuser):
    plan = f.make_plan(superuser)
    assert client.get(reverse("admin:mercator_plan_changelist")).status_code == 200
    assert client.get(reverse("admin:mercator_plan_change", args=[plan.pk])).status_code == 200
    assert client.post(reverse("admin:mercator_plan_change", args=[plan.pk]), {"title": "x"}).status_code == 403
    assert client.get(reverse("admin:mercator_plan_add")).status_code == 403


def test_tfa_names_are_edited_through_the_service(client, superuser):
    measure = TfaMeasure.objects.get(number="7.8")
    response = client.post(reverse("admin:mercator_tfameasure_change", args=[measure.pk]), {
        "article": measure.article_id, "number": "7.8", "position": measure.position, "name_en": "Expedited shipments",
        "name_fr": "Envois express", "name_es": "Envíos urgentes",
    })  # fmt: skip
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.name_fr == "Envois express"
