"""Open mission requests are a need in the experts gap analysis."""

import datetime

import pytest
from django.utils import timezone

from experts import selectors
from experts.hooks import need_sources
from missions.choices import Status
from missions.contrib.experts import open_request_needs
from tests import factories as base
from tests.experts import factories as ef
from tests.missions.factories import MissionRequestFactory

pytestmark = pytest.mark.django_db


def _today() -> datetime.date:
    """Read at each test (a module constant goes stale when a run crosses midnight)."""
    return timezone.localdate()


def _request(country, *codes, status=Status.RECEIVED):
    request = MissionRequestFactory(administration=base.member(country), status=status)
    request.areas.set([ef.area(code) for code in codes])
    return request


def test_the_source_is_registered_by_the_missions_app():
    assert open_request_needs in need_sources


def test_open_requests_count_per_region_and_area():
    df, cma = ef.area("DF"), ef.area("CMA")
    _request("TH", "DF", "CMA")
    _request("JP", "DF", status=Status.EXPERT_SEARCH)
    _request("KE", "DF", status=Status.ON_HOLD)
    assert open_request_needs(as_of=_today()) == {("AP", df.pk): 2, ("AP", cma.pk): 1, ("ESA", df.pk): 1}


def test_cancelled_completed_and_closed_requests_are_no_need():
    for status in (Status.CANCELLED, Status.COMPLETED, Status.CLOSED):
        _request("TH", "DF", status=status)
    assert open_request_needs(as_of=_today()) == {}


def test_requests_submitted_after_the_date_do_not_count():
    _request("TH", "DF")
    assert open_request_needs(as_of=_today() - datetime.timedelta(days=1)) == {}


def test_an_open_request_raises_the_need_on_the_gap_page_and_api(client_as, api_as, secretariat):
    df = ef.area("DF")
    _request("TH", "DF")
    _request("TH", "DF", status=Status.CANCELLED)
    assert selectors.gap_analysis(as_of=_today()).cell("AP", df.pk).need == 1
    body = api_as(secretariat).get("/api/v1/gap-analysis/").json()
    [cell] = [c for c in body["cells"] if c["region"] == "AP" and c["area"] == "DF"]
    assert cell["need"] == 1
