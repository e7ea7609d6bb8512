"""The Mercator demo: the 17 plans endorsed in 2016/17, with MPAs, content, reports and commitments; idempotent."""

import pytest

from experts import demo as experts_demo
from mercator import demo, selectors, services
from mercator.choices import Phase
from mercator.models import PeriodReport, Plan, TfaCommitment
from wcocb import demo as wcocb_demo

pytestmark = pytest.mark.django_db

COUNTRIES = {"AF", "BD", "BI", "CU", "DO", "ET", "GN", "LS", "MW", "NA", "RW", "SL", "ZA", "SD", "SZ", "UG", "ZW"}


def test_the_demo_has_the_17_plans_of_2016_17_and_seeding_twice_changes_nothing():
    wcocb_demo.seed()
    experts_demo.seed()
    assert demo.seed() == 18
    endorsed = Plan.objects.filter(endorsed_on__year__in=[2016, 2017])
    assert set(endorsed.values_list("administration__iso_code", flat=True)) == COUNTRIES
    assert endorsed.count() == 17
    for plan in Plan.objects.prefetch_related("mpas"):
        assert plan.mpas.exists()
        assert all(services.holds_current_mpa_accreditation(expert) for expert in plan.mpas.all())
    phases = set(Plan.objects.values_list("phase", flat=True))
    assert {Phase.MONITORING, Phase.PLANNING_DELIVERY, Phase.CLOSED, Phase.ON_HOLD} <= phases
    assert PeriodReport.objects.filter(status="approved").exists()
    assert PeriodReport.objects.filter(status="submitted").exists()
    assert TfaCommitment.objects.filter(administration__iso_code="TH").exists()
    counts = (Plan.objects.count(), PeriodReport.objects.count(), TfaCommitment.objects.count())
    assert demo.seed() == 0
    assert (Plan.objects.count(), PeriodReport.objects.count(), TfaCommitment.objects.count()) == counts
    afghanistan = selectors.plan_detail(user=Plan.objects.first().created_by).get(administration__iso_code="AF")
    figures = selectors.plan_progress(afghanistan)
    assert figures.rag in {"red", "amber", "green"}
