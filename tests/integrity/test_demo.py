"""The demo data: Thailand's two assessments a year apart, its plan and risk map; Kenya's assessment that
Thailand's users never see; seeding twice changes nothing."""

import pytest

from integrity import demo, selectors
from integrity.models import ActionPlan, Assessment, Risk
from wcocb import demo as wcocb_demo
from wcocb.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_story_and_seeding_twice_changes_nothing():
    wcocb_demo.seed()
    assert demo.seed() == 3
    thai = User.objects.get(username="member-th")
    mine = selectors.assessment_list(user=thai)
    assert [a.assessed_on.year for a in mine] == [2026, 2025]
    first, second = mine[1], mine[0]
    changes = {c.code: c.change for c in selectors.compare(first, second)}
    assert changes["leadership"] > 0
    assert changes["automation"] > 0
    assert ActionPlan.objects.get(administration=thai.administration).actions.count() == 5
    assert Risk.objects.filter(administration=thai.administration).count() == 5
    assert Assessment.objects.filter(administration__iso_code="KE").count() == 1
    assert not mine.filter(administration__iso_code="KE").exists()
    rocb = User.objects.get(username="rocb-ap")
    assert list(selectors.assessment_list(user=rocb)) == [second]
    assert demo.seed() == 0
