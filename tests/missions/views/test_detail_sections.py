"""Other apps add sections to the mission page through ``missions.hooks.detail_sections`` (e.g. Mercator's
activity the mission serves): each provider is asked with the viewer, and ``None`` adds nothing."""

import pytest

from missions.hooks import DetailSection, detail_sections
from tests.missions.factories import MissionRequestFactory

pytestmark = pytest.mark.django_db


def test_a_registered_section_is_shown_with_what_the_provider_built_for_the_viewer(client_as, secretariat):
    mission = MissionRequestFactory(title="Post-clearance audit diagnostic")
    asked = []

    def served_plan(mission_, user):
        asked.append((mission_.pk, user.pk))
        return DetailSection("Served by plan X", "missions/_expert_assignments.html", {"assignments": []})

    def nothing_for_this_viewer(mission_, user):
        return None

    with detail_sections.replaced([served_plan, nothing_for_this_viewer]):
        html = client_as(secretariat).get(mission.get_absolute_url()).content.decode()
    assert asked == [(mission.pk, secretariat.pk)]
    assert "Served by plan X" in html
    assert html.count('id="missions"') == 1  # one section: the provider that returned None added none
