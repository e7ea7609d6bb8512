"""The demo data: Thailand's two assessments a year apart, its plan and risk map; Kenya's assessment that
Thailand's users never see; seeding twice changes nothing."""

import pytest

from integrity import demo, selectors
from integrity.models import ActionPlan, Assessment, Risk
from tests import factories as base
from tests.missions.factories import MissionRequestFactory
from wcocb import demo as wcocb_demo
from wcocb.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_story_and_seeding_twice_changes_nothing():
    wcocb_demo.seed()
    kenyan_mission = MissionRequestFactory(administration=base.member("KE"), kind="integrity_assessment")
    assert demo.seed() == 3
    thai = User.objects.get(username="member-th")
    mine = selectors.assessment_list(user=thai)
    assert [a.assessed_on.year for a in mine] == [2026, 2025]
    first, second = mine[1], mine[0]
    changes = {c.code: c.change for c in selectors.compare(first, second)}
    assert changes["leadership"] > 0
    assert changes["automation"] > 0
    plan = ActionPlan.objects.get(administration=thai.administration)
    assert plan.actions.count() == 5
    assert (plan.workshop_session.title, plan.workshop_session.host, plan.workshop) == (
        demo.BANGKOK_WORKSHOP,
        thai.administration,
        "",
    )  # the workshop is a training session Thailand hosted
    assert plan.workshop_session.programme.kind == "integrity"
    assert Assessment.objects.get(administration__iso_code="KE").mission == kenyan_mission
    assert Risk.objects.filter(administration=thai.administration).count() == 5
    assert Assessment.objects.filter(administration__iso_code="KE").count() == 1
    assert not mine.filter(administration__iso_code="KE").exists()
    rocb = User.objects.get(username="rocb-ap")
    assert list(selectors.assessment_list(user=rocb)) == [second]
    assert demo.seed() == 0
