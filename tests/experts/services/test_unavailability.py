"""Unavailability periods."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from experts import services
from tests.experts import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def clerk(secretariat):
    return secretariat


def test_unavailability_add(clerk):
    expert = f.ExpertFactory()
    unavailability = services.unavailability_add(
        expert=expert, start_date=D(2027, 1, 4), end_date=D(2027, 1, 8), reason="Leave", by=clerk
    )
    assert unavailability.pk
    with pytest.raises(ValidationError):
        services.unavailability_add(expert=expert, start_date=D(2027, 1, 8), end_date=D(2027, 1, 4), by=clerk)
