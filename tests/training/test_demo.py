"""The demo data: the figures the domain gives (VCOA 63 / 50 / 51 / 7, Fellowship 43), reviews in progress,
and seeding twice writes nothing."""

import pytest

from training import demo, selectors
from training.models import ImpactReview, Session
from wcocb import demo as users

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_domain_figures_and_is_idempotent():
    users.seed()
    assert demo.seed() > 0
    vcoa = selectors.session_statistics(Session.objects.filter(programme__code="VCOA"))
    assert (vcoa.participants, vcoa.administrations, vcoa.certified, vcoa.honours) == (63, 50, 51, 7)
    assert Session.objects.filter(programme__code="VCOA").count() == 2
    fellowship = Session.objects.filter(programme__code="FELLOWSHIP")
    assert sorted(fellowship.values_list("language__code", flat=True)) == ["en", "es", "fr"]
    assert selectors.session_statistics(fellowship).participants == 43
    lmd = selectors.impact_summary(Session.objects.filter(programme__code="LMD"))
    assert lmd.requested == 96
    assert 0 < lmd.answered < lmd.requested
    count = ImpactReview.objects.count()
    assert demo.seed() == 0
    assert ImpactReview.objects.count() == count
