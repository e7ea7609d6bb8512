"""The repair job recomputes the stored commitment columns, through a real Celery worker."""

import datetime

import pytest

from experts.models import Deployment, Expert
from experts.tasks import refresh_all_commitments
from tests.experts.factories import ExpertFactory, fully_accredited


@pytest.mark.worker
def test_refresh_all_commitments_repairs_columns_written_behind_the_services_back(celery_worker):
    expert = ExpertFactory()
    fully_accredited(expert, accredited_on=datetime.date(2024, 1, 8))
    # A raw write that bypasses the services: two working weeks the stored column does not know of.
    Deployment.objects.bulk_create(
        [Deployment(expert=expert, start_date=datetime.date(2024, 2, 5), end_date=datetime.date(2024, 2, 16))]
    )
    assert Expert.objects.get(pk=expert.pk).commitment_used_days == 0

    refreshed = refresh_all_commitments.delay().get(timeout=60)

    assert refreshed == Expert.objects.count()
    assert Expert.objects.get(pk=expert.pk).commitment_used_days == 10
