"""The page of an integrity assessment mission links to the assessment it follows and the action plan it led
to, for those who may see them only; a read from outside the administration is logged."""

import pytest

from integrity import services
from integrity.models import IntegrityRead
from tests import factories as base
from tests.integrity import factories as f
from tests.missions.factories import MissionRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked():
    thai = f.member_of("TH", username="th-links")
    mission = MissionRequestFactory(
        administration=thai.administration, kind="integrity_assessment", title="Integrity assessment mission"
    )
    assessment = f.submitted(thai, title="Arusha baseline", mission=mission)
    plan = services.plan_create(
        administration=thai.administration, title="Plan after the mission", by=thai, mission=mission
    )
    return thai, mission, assessment, plan


def _page(client, mission):
    return client.get(mission.get_absolute_url()).content.decode()


def test_the_administration_reads_both_links_and_its_own_reads_are_not_logged(client_as, linked):
    thai, mission, assessment, plan = linked
    page = _page(client_as(thai), mission)
    assert 'id="integrity-links"' in page
    assert f'href="{assessment.get_absolute_url()}"' in page
    assert f'href="{plan.get_absolute_url()}"' in page
    assert not IntegrityRead.objects.exists()


def test_the_secretariat_reads_them_and_the_read_is_logged(client_as, secretariat, linked):
    _thai, mission, _assessment, _plan = linked
    page = _page(client_as(secretariat), mission)
    assert "Arusha baseline" in page
    assert "Plan after the mission" in page
    log = set(IntegrityRead.objects.values_list("record_label", "door", "path"))
    assert log == {
        ("Arusha baseline", "page", mission.get_absolute_url()),
        ("Plan after the mission", "page", mission.get_absolute_url()),
    }


def test_the_rocb_sees_the_mission_but_no_integrity_record_until_the_assessment_is_shared(
    client_as, rocb_officer, linked
):
    thai, mission, assessment, _plan = linked
    client = client_as(rocb_officer)
    page = _page(client, mission)
    assert "Integrity assessment mission" in page  # the mission itself is the region's
    assert 'id="integrity-links"' not in page
    assert "Arusha baseline" not in page
    services.assessment_share(assessment=assessment, by=thai, shared=True)
    page = _page(client, mission)
    assert "Arusha baseline" in page
    assert "Plan after the mission" not in page  # plans are never shared


def test_other_missions_show_no_integrity_section(client_as, secretariat):
    mission = MissionRequestFactory(administration=base.member("TH"), kind="diagnostic")
    html = _page(client_as(secretariat), mission)
    assert 'id="integrity-links"' not in html
