"""Deployments: idempotent on their source key, dates checked."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from experts import services
from experts.models import Deployment
from tests.experts import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def clerk(secretariat):
    return secretariat


def test_deployment_record_is_idempotent_on_source_key(clerk):
    expert = f.ExpertFactory()
    f.fully_accredited(expert, "DF", accredited_on=D(2024, 1, 1), by=clerk)
    for _ in range(2):
        services.deployment_record(
            expert=expert, start_date=D(2024, 3, 4), end_date=D(2024, 3, 8), source_key="assignment:42", by=clerk
        )
    assert Deployment.objects.filter(source_key="assignment:42").count() == 1
    expert.refresh_from_db()
    assert expert.commitment_used_days == 5
    services.deployment_record(
        expert=expert, start_date=D(2024, 3, 4), end_date=D(2024, 3, 15), source_key="assignment:42", by=clerk
    )
    expert.refresh_from_db()
    assert expert.commitment_used_days == 10
    assert services.deployment_remove(source_key="assignment:42", by=clerk) is True
    assert services.deployment_remove(source_key="assignment:42", by=clerk) is False
    expert.refresh_from_db()
    assert expert.commitment_used_days == 0


def test_deployment_with_end_before_start_is_refused(clerk):
    with pytest.raises(ValidationError):
        services.deployment_record(
            expert=f.ExpertFactory(), start_date=D(2024, 3, 8), end_date=D(2024, 3, 4), by=clerk
        )
