"""The cost pages: the import page, the rate tables for the Secretariat, the estimate on the mission page."""

import pytest
from django.urls import reverse

from missions.models import PerDiemRate
from tests import factories as base
from tests.missions.costs import PER_DIEM_CSV, D, assignment, fare, rate
from tests.missions.factories import MissionRequestFactory

pytestmark = pytest.mark.django_db


# --- pages -----------------------------------------------------------------------------------------
def test_import_page_previews_then_imports(client_as, secretariat):
    client = client_as(secretariat)
    url = reverse("missions:rates-import")
    preview = client.post(url, {"kind": "per_diem", "content": PER_DIEM_CSV, "dry_run": "on"})
    assert preview.status_code == 200
    assert b"3 to create" in preview.content
    assert not PerDiemRate.objects.exists()
    done = client.post(url, {"kind": "per_diem", "content": PER_DIEM_CSV})
    assert done.status_code == 302
    assert PerDiemRate.objects.count() == 3


def test_import_preview_shows_translated_row_actions(client_as, secretariat):
    preview = client_as(secretariat).post(
        reverse("missions:rates-import"), {"kind": "per_diem", "content": PER_DIEM_CSV, "dry_run": "on"}
    )
    rows = preview.context["result"].rows
    assert [row.action_label for row in rows] == ["create", "create", "create"]
    assert b"2 \xc2\xb7 create \xc2\xb7" in preview.content


def test_cost_labels_use_names_makemessages_extracts():
    """``makemessages`` only extracts the standard names (``_``, ``gettext_lazy`` ...), not aliases."""
    from pathlib import Path

    import missions.filters
    import missions.forms
    import missions.importing.rates
    import missions.selectors.estimates
    import missions.services.rates
    import missions.views.costs

    modules = (
        missions.filters,
        missions.forms,
        missions.importing.rates,
        missions.selectors.estimates,
        missions.services.rates,
        missions.views.costs,
    )
    for module in modules:
        source = Path(module.__file__).read_text()
        assert "_l(" not in source, module.__name__


def test_rate_pages_are_for_the_secretariat(client_as, secretariat, member_user):
    rate("TH", "180", D(2027, 1, 1))
    assert client_as(secretariat).get(reverse("missions:rates")).status_code == 200
    response = client_as(secretariat).post(
        reverse("missions:per-diem-create"),
        {"country": base.member("JP").pk, "daily_amount": "300", "currency": "USD", "valid_from": "2027-01-01"},
    )
    assert response.status_code == 302
    assert PerDiemRate.objects.filter(country__iso_code="JP").exists()
    client_as(member_user)
    assert client_as(member_user).get(reverse("missions:rates")).status_code == 403


def test_cost_partial_on_the_mission_page(client_as, secretariat, member_user, other_member_user):
    mission = MissionRequestFactory()
    rate("TH", "100", D(2027, 1, 1))
    fare("JP", "TH", "500")
    assignment(mission)
    url = reverse("missions:cost-estimate", kwargs={"pk": mission.pk})
    response = client_as(secretariat).get(url)
    assert response.status_code == 200
    assert b"1,200.00" in response.content or b"1200.00" in response.content  # 500 + 100 x 7
    assert client_as(member_user).get(url).status_code == 200  # the requesting member
    assert client_as(other_member_user).get(url).status_code == 404
    detail = client_as(secretariat).get(mission.get_absolute_url())
    assert url.encode() in detail.content  # included in the mission page


def test_estimate_without_rates_names_what_is_missing_instead_of_a_zero_total(client_as, secretariat):
    """Given an expert at home (no flight) and no per diem rate, the total is not "0.00 USD": the page says the
    total is not known and names the missing rate; the API lists it too."""
    mission = MissionRequestFactory()
    assignment(mission, home="TH")
    response = client_as(secretariat).get(reverse("missions:cost-estimate", kwargs={"pk": mission.pk}))
    html = response.content.decode()
    total = html.split('id="cost-total">', 1)[1].split("</th>", 1)[0]
    assert "0.00" not in total
    assert "not known" in total
    assert "No per diem rate for Thailand on 2027-03-01." in html.split('id="cost-missing"', 1)[1]
    body = client_as(secretariat).get(f"/api/v1/mission-requests/{mission.pk}/cost-estimate/").json()
    assert body["complete"] is False
    assert body["missing"] == ["No per diem rate for Thailand on 2027-03-01."]


def test_demo_rates_price_every_member_and_region_pair(db):
    from missions import demo
    from missions.selectors.estimates import flight_fare_on, per_diem_rate_on
    from wcocb.models import MemberAdministration

    created = demo.seed_rates()
    assert created == MemberAdministration.objects.count() + len(demo.REGION_FARES)
    assert demo.seed_rates() == 0  # idempotent
    day = D(2027, 3, 1)
    thailand, kenya, japan = (base.member(code) for code in ("TH", "KE", "JP"))
    assert per_diem_rate_on(thailand, day).daily_amount == 200
    assert 150 <= per_diem_rate_on(base.member("KH"), day).daily_amount <= 400
    assert flight_fare_on(kenya, thailand, day).fare == 1200  # the ESA-AP pair, either direction
    assert flight_fare_on(japan, thailand, day).fare == 650
