"""The missions section of the expert detail page (registered in experts.hooks.detail_sections)."""

import datetime

import pytest

from missions.models import Assignment
from tests import factories as base
from tests.experts import factories as ef
from tests.missions.factories import MissionRequestFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def japanese_on_two_missions():
    expert = ef.ExpertFactory(person=base.PersonFactory(administration=base.member("JP")))
    for administration, title in (("TH", "Thai risk diagnostic"), ("NG", "Nigerian valuation training")):
        Assignment.objects.create(
            request=MissionRequestFactory(administration=base.member(administration), title=title),
            expert=expert, role="lead", start_date=D(2026, 5, 4), end_date=D(2026, 5, 8), selected=True,
        )  # fmt: skip
    return expert


def test_secretariat_sees_every_mission_of_the_expert(client_as, secretariat, japanese_on_two_missions):
    html = client_as(secretariat).get(f"/experts/{japanese_on_two_missions.pk}/").content.decode()
    assert 'id="missions"' in html
    assert "Thai risk diagnostic" in html
    assert "Nigerian valuation training" in html
    assert "Team leader" in html


def test_the_missions_section_is_scoped_by_the_viewer(client_as, rocb_officer, japanese_on_two_missions):
    html = client_as(rocb_officer).get(f"/experts/{japanese_on_two_missions.pk}/").content.decode()
    assert "Thai risk diagnostic" in html  # an A/P request
    assert "Nigerian valuation training" not in html  # another region's request


def test_an_expert_without_missions_shows_an_empty_section(client_as, secretariat):
    expert = ef.ExpertFactory()
    html = client_as(secretariat).get(f"/experts/{expert.pk}/").content.decode()
    assert 'id="missions"' in html
    assert "No mission." in html
