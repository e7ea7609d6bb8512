"""Each role uses its own pages in headless Chromium: fills the forms, clicks, and sees the result.

The data a person would find already there (experts, accreditations, release letters) is built with
the factories and the real services; everything the person does goes through the pages."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from experts import services as expert_services
from experts.choices import ExpertKind
from experts.models import CandidateListEntry, Expert
from missions.choices import LetterAnswer
from missions.models import ReleaseLetter
from tests import factories
from tests.experts.factories import ExpertFactory, area, first_step, fully_accredited
from tests.missions import flow
from tests.missions.factories import make_expert
from wcocb.models import Donor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _QueuedTask:
    """Stands in for a Celery task's ``delay``: no worker runs here, and a task left on the shared
    broker would be picked up by someone else's worker against another database."""

    def __init__(self):
        self.calls = []

    def delay(self, *args):
        self.calls.append(args)


@pytest.fixture(autouse=True)
def _keep_notifications_off_the_broker(monkeypatch):
    for name in ("send_event_notifications", "send_report_notifications"):
        monkeypatch.setattr(f"missions.tasks.{name}", _QueuedTask())


def menu(page: Page, *labels: str) -> None:
    """Click through the main menu by the entries' accessible names (their icons are decorative):
    ``menu(page, "Experts", "Candidate lists")`` opens the dropdown first; ``menu(page, "API")``
    clicks a plain entry."""
    nav = page.locator("#mainnav")
    if len(labels) == 2:
        nav.get_by_role("button", name=labels[0], exact=True).click()
    nav.get_by_role("link", name=labels[-1], exact=True).click()


def sign_out(page: Page) -> None:
    page.click("#user-menu")
    page.click("#logout-button")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def _expert(first: str, last: str, iso: str = "TH", **fields) -> Expert:
    return ExpertFactory(
        person__first_name=first, person__last_name=last, person__administration=factories.member(iso), **fields
    )


def _candidate(first: str, last: str, iso: str) -> Expert:
    return _expert(
        first,
        last,
        iso,
        kind=ExpertKind.CANDIDATE,
        candidate_topic=area("CAND-INT"),
        candidate_topic_expertise=True,
        candidate_english=True,
        candidate_capacity_building=True,
        candidate_wco_instruments=True,
    )


# --- Secretariat -----------------------------------------------------------------------------------
def test_secretariat_finds_a_misspelled_expert_narrows_by_facet_records_a_deployment_and_adds_a_donor(
    live_server, login, page
):
    factories.SecretariatFactory(username="secretariat")
    accredited_on = timezone.localdate() - datetime.timedelta(days=365)
    ingrid = _expert("Ingrid", "Vanderbilt")
    fully_accredited(ingrid, "DF", accredited_on=accredited_on)
    first_step(_expert("Pieter", "Vanderbilt", "JP"), "CMA")
    _expert("Somchai", "Rattanakosin")

    login("secretariat")
    menu(page, "Experts", "Experts")
    expect(page.locator("h1")).to_have_text("Expert search")
    results = page.locator("#expert-results tbody")
    page.fill("#id_q", "Vanderbild")  # misspelled: only the trigram match on the name finds them
    expect(page.locator("#result-count")).to_have_text("2 experts")
    expect(results).to_contain_text("Ingrid Vanderbilt")
    expect(results).to_contain_text("Pieter Vanderbilt")
    expect(results).not_to_contain_text("Rattanakosin")
    expect(page).to_have_url(re.compile(r"q=Vanderbild"))

    category = page.locator("#facets a.facet[data-facet=category][data-value=DF]")
    expect(category).to_contain_text("1")
    page.evaluate("window.sameDocument = true")
    category.click()
    expect(page.locator("#result-count")).to_have_text("1 expert")
    expect(results).not_to_contain_text("Pieter")
    expect(page).to_have_url(re.compile(r"category=DF"))
    expect(page).to_have_url(re.compile(r"q=Vanderbild"))
    expect(page.locator("#facets a.facet.active[data-facet=category]")).to_have_attribute("data-value", "DF")
    assert page.evaluate("window.sameDocument === true")  # htmx swapped the results: no reload
    page.fill("#id_q", "Vanderbilt")  # the clicked facet stays chosen when the text changes
    expect(page).to_have_url(re.compile(r"q=Vanderbilt"))
    expect(page).to_have_url(re.compile(r"category=DF"))
    expect(page.locator("#result-count")).to_have_text("1 expert")

    results.get_by_role("link", name="Ingrid Vanderbilt").click()
    expect(page.locator("h1")).to_have_text("Ingrid Vanderbilt")
    accreditation = page.locator("#accreditations [id^=accreditation-]")
    expect(accreditation).to_have_count(1)
    expect(accreditation).to_contain_text("Fully accredited")
    timeline = accreditation.locator("ol.pipeline li")
    expect(timeline).to_have_count(3)
    expect(timeline.nth(0)).to_contain_text("Pre-assessed")
    expect(timeline.nth(1)).to_contain_text("1st step")
    expect(timeline.nth(2)).to_contain_text("Fully accredited")
    commitment = page.locator("#commitment")
    expect(commitment).to_contain_text("0 of 60 working days used, 60 remaining.")

    # A week of deployment (Monday to Friday) is five working days of the commitment.
    later = accredited_on + datetime.timedelta(days=28)
    monday = later - datetime.timedelta(days=later.weekday())
    deployment = page.locator("form[action$='/deployments/']")
    deployment.locator("input[name=start_date]").fill(monday.isoformat())
    deployment.locator("input[name=end_date]").fill((monday + datetime.timedelta(days=4)).isoformat())
    deployment.locator("input[name=description]").fill("Diagnostic in Bhutan")
    deployment.get_by_role("button", name="Add").click()
    expect(page.locator(".alert-success")).to_contain_text("Saved.")
    expect(page.locator("main")).to_contain_text("Diagnostic in Bhutan")
    expect(commitment).to_contain_text("5 of 60 working days used, 55 remaining.")

    menu(page, "Reference data")
    page.locator("#reference-tables").get_by_role("link", name=re.compile(r"^Donors")).click()
    expect(page.locator("h1")).to_have_text("Donors")
    page.click("#reference-add")
    page.fill("#id_code", "ccf th")  # refused: codes are capitals, digits, hyphens
    page.fill("#id_name", "Mekong Customs Partnership Fund")
    page.select_option("#id_country", label="Thailand")
    page.click("#reference-save")
    expect(page.locator(".invalid-feedback")).to_contain_text("Use capital letters")
    assert not Donor.objects.filter(name="Mekong Customs Partnership Fund").exists()
    page.fill("#id_code", "CCF-TH")
    page.click("#reference-save")
    expect(page).to_have_url(f"{live_server.url}/reference/donors/")
    row = page.locator("#reference-table tbody tr", has_text="CCF-TH")
    expect(row).to_contain_text("Mekong Customs Partnership Fund")
    expect(row.locator("td").nth(2)).to_have_text("Thailand")
    assert Donor.objects.get(code="CCF-TH").country.iso_code == "TH"


# --- ROCB officer ----------------------------------------------------------------------------------
def test_rocb_officer_searches_another_region_and_accepts_a_candidate_of_its_list(live_server, login, page):
    factories.RocbFactory(username="rocb-ap")
    _expert("Camille", "Dubois", "FR", person__current_post="Valuation officer")
    _expert("Kanya", "Srisuk", "TH", person__current_post="Valuation officer")
    thai = _candidate("Niran", "Wongsa", "TH")
    expert_services.candidate_nominate(expert=thai, by=factories.MemberUserFactory(username="member-th"))
    french = _candidate("Louis", "Marchand", "FR")
    expert_services.candidate_nominate(
        expert=french, by=factories.MemberUserFactory(username="member-fr", administration=factories.member("FR"))
    )

    login("rocb-ap")
    menu(page, "Experts", "Experts")
    results = page.locator("#expert-results tbody")
    expect(results).to_contain_text("Kanya Srisuk")
    expect(results).to_contain_text("Camille Dubois")  # every region's experts, not only Asia/Pacific's
    page.fill("#id_q", "valuation")  # full text on the post; the facets follow the results
    expect(page.locator("#result-count")).to_have_text("2 experts")
    region = page.locator("#facets a.facet[data-facet=region][data-value=EUR]")
    expect(region).to_contain_text("Europe")
    region.click()
    expect(page).to_have_url(re.compile(r"region=EUR"))
    expect(page.locator("#result-count")).to_have_text("1 expert")
    expect(results).to_contain_text("Camille Dubois")
    expect(results).to_contain_text("France")
    expect(results).not_to_contain_text("Kanya Srisuk")
    results.get_by_role("link", name="Camille Dubois").click()
    expect(page.locator("h1")).to_have_text("Camille Dubois")
    expect(page.locator("main")).to_contain_text("France · Valuation officer")

    menu(page, "Experts", "Candidate lists")
    expect(page.locator("h1")).to_have_text("Candidate list: Asia/Pacific")
    candidates = page.locator("#candidates tbody")
    expect(candidates.locator("tr")).to_have_count(1)  # not the Europe list's candidate
    row = candidates.locator("tr", has_text="Niran Wongsa")
    expect(row).to_contain_text("Nominated")
    expect(row).to_contain_text("Thailand")
    row.locator("input[name=comment]").fill("Strong integrity background")
    row.get_by_role("button", name="Accept").click()
    row = page.locator("#candidates tbody tr", has_text="Niran Wongsa")
    expect(row).to_contain_text("Accepted")
    expect(row).to_contain_text("Strong integrity background")
    expect(row.get_by_role("button", name="Accept")).to_have_count(0)
    assert CandidateListEntry.objects.get(expert=thai).status == "accepted"
    assert CandidateListEntry.objects.get(expert=french).status == "nominated"


# --- Member administration -------------------------------------------------------------------------
def test_member_sees_only_its_experts_nominates_a_candidate_and_approves_a_release(live_server, login, page):
    factories.MemberUserFactory(username="member-th")
    _expert("Kanya", "Srisuk", "TH")
    _expert("Haruto", "Tanaka", "JP")
    secretariat = factories.SecretariatFactory(username="secretariat")
    thai_team_member = make_expert(administration="TH")
    japanese_team_member = make_expert(administration="JP")
    mission, _assignments = flow.release_requested(
        secretariat,
        experts=[thai_team_member, japanese_team_member],
        administration=factories.member("KE"),
        title="Kenya post-clearance audit diagnostic",
    )

    login("member-th")
    menu(page, "Experts", "Experts")
    results = page.locator("#expert-results tbody")
    expect(results).to_contain_text("Kanya Srisuk")
    expect(results).not_to_contain_text("Haruto Tanaka")
    page.fill("#id_q", "Tanaka")
    expect(page.locator("#result-count")).to_have_text("0 experts")
    expect(results).to_contain_text("No expert matches these filters.")

    page.get_by_role("link", name="Nominate a candidate").click()
    form = page.locator("#candidate-form")
    form.locator("#id_first_name").fill("Malee")
    form.locator("#id_last_name").fill("Chaiyaporn")
    form.locator("#id_email").fill("malee.chaiyaporn@customs.example.org")
    form.locator("#id_candidate_topic").select_option(label=str(area("CAND-INT")))
    for name in ("topic_expertise", "english", "capacity_building", "wco_instruments"):
        form.locator(f"#id_candidate_{name}").check()
    form.locator("#id_nominate").check()
    form.locator("#id_motivation").fill("Leads the integrity unit in Bangkok")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Malee Chaiyaporn")
    expect(page.locator(".alert-success").first).to_contain_text("saved as a regional candidate")
    expect(page.locator(".alert-success").nth(1)).to_contain_text("The candidate was nominated.")
    expect(page.locator("#candidate-checklist .bi-check-circle")).to_have_count(4)
    expect(page.locator("main")).to_contain_text("AP: Nominated")

    menu(page, "Experts", "Candidate lists")
    row = page.locator("#candidates tbody tr", has_text="Malee Chaiyaporn")
    expect(row).to_contain_text("Nominated")
    expect(row).to_contain_text("Integrity")
    expect(row.get_by_role("button", name="Accept")).to_have_count(0)  # the ROCB decides, not the member

    menu(page, "Missions", "Release requests")
    expect(page).to_have_url(f"{live_server.url}/missions/release-letters/")
    letters = page.locator("#letter-list tbody tr")
    expect(letters).to_have_count(1)  # the Japanese expert's letter goes to Japan
    letter = letters.first
    expect(letter).to_contain_text(str(thai_team_member))
    expect(letter).to_contain_text(f"{mission.reference} · Kenya post-clearance audit diagnostic")
    expect(letter).to_contain_text("Pending")
    letter.locator("form[action$='/approve/'] input[name=comment]").fill("Released for the whole mission")
    letter.get_by_role("button", name="Approve").click()
    expect(page.locator(".alert-success")).to_contain_text("The release was approved.")
    letter = page.locator("#letter-list tbody tr", has_text=str(thai_team_member))
    expect(letter).to_contain_text("Approved")
    expect(letter.get_by_role("button", name="Approve")).to_have_count(0)
    assert ReleaseLetter.objects.get(assignment__expert=thai_team_member).answer == LetterAnswer.APPROVED
    assert ReleaseLetter.objects.get(assignment__expert=japanese_team_member).answer == LetterAnswer.PENDING


# --- Expert ----------------------------------------------------------------------------------------
def test_expert_edits_their_biography_and_finds_their_missions_calendar(live_server, login, page):
    user = factories.ExpertUserFactory(username="expert")
    expert = make_expert(administration="TH", user=user)
    expert.biography = "Customs officer."
    expert.save(update_fields=["biography"])
    mission, _assignments = flow.release_requested(
        factories.SecretariatFactory(username="secretariat"),
        experts=[expert],
        administration=factories.member("KE"),
        title="Kenya valuation diagnostic",
    )

    login("expert")
    menu(page, "My expert profile")
    expect(page.locator("h1")).to_have_text("My expert profile")
    biography = page.locator("#id_biography")
    expect(biography).to_have_value("Customs officer.")
    new_biography = "Valuation specialist, twelve years at the Thai Customs Department."
    biography.fill(new_biography)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success")).to_contain_text("Your profile was saved.")
    expect(page).to_have_url(f"{live_server.url}/experts/me/")
    expect(page.locator("#id_biography")).to_have_value(new_biography)
    page.get_by_role("link", name="See my full record").click()
    expect(page.locator("main")).to_contain_text(new_biography)
    expect(page.locator("#missions")).to_contain_text("Kenya valuation diagnostic")
    expert.refresh_from_db()
    assert expert.biography == new_biography

    menu(page, "My missions")
    expect(page.locator("#my-missions")).to_contain_text(f"{mission.reference} · Kenya valuation diagnostic")
    page.click("#ical-link")
    expect(page.locator("h1")).to_have_text("Mission calendar")
    # No address until the expert asks for one: a random key, shown once (see test_calendar_tokens.py).
    page.get_by_role("button", name="Make my calendar address").click()
    feed = page.locator("#ical-feed-url")
    expect(feed).to_have_value(re.compile(r"/missions/ical/[^/]+\.ics$"))
    download = page.get_by_role("link", name="Download the calendar (.ics)").get_attribute("href")
    response = page.request.get(f"{live_server.url}{download}")
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = response.text()
    assert "BEGIN:VCALENDAR" in calendar
    assert mission.reference in calendar


# --- Read-only API client --------------------------------------------------------------------------
def test_api_client_tries_the_api_in_its_docs_from_local_assets_and_cannot_open_secretariat_pages(
    live_server, login, page
):
    factories.ApiClientFactory(username="api-reader")
    _expert("Ingrid", "Vanderbilt")
    login("api-reader")
    origin = urlsplit(live_server.url).netloc
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    menu(page, "API")
    expect(page).to_have_url(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("WCO Capacity Building API")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator(".opblock-tag").first).to_contain_text("accreditation-workshops")

    # Swagger UI draws the operations as they scroll into view: a deep link (read when the page
    # loads, hence the reload after the same-page hash change) opens one at once.
    page.goto(f"{live_server.url}/api/docs/#/experts/experts_list")
    page.reload()
    operation = page.locator("#operations-experts-experts_list")
    expect(operation).to_be_visible()
    expect(operation.locator(".opblock-summary-path")).to_have_attribute("data-path", "/api/v1/experts/")
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    response = operation.locator(".live-responses-table .response")
    expect(response.locator(".response-col_status")).to_have_text("200")
    expect(response.locator(".response-col_description")).to_contain_text('"count": 1')
    expect(response.locator(".response-col_description")).to_contain_text("Vanderbilt")

    web = [urlsplit(url) for url in requested if url.startswith(("http:", "https:"))]
    foreign = [url.geturl() for url in web if url.netloc != origin]
    assert foreign == []
    assert any("/static/drf_spectacular_sidecar/swagger-ui-dist/" in url for url in requested)

    page.goto(f"{live_server.url}/")
    expect(page.locator("#mainnav")).not_to_contain_text("Reference data")
    expect(page.locator("#mainnav")).not_to_contain_text("Experts")
    response = page.goto(f"{live_server.url}/experts/new/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("You cannot open this page")
    response = page.goto(f"{live_server.url}/reference/donors/new/")
    assert response.status == 403
    expect(page.locator("#reference-save")).to_have_count(0)
