"""Gap analysis: counts per region and area as of a date, the 3-to-5 threshold, need sources,
a constant number of queries, the page and the API per role, needs-survey entries."""

import datetime

import pytest
from django.urls import reverse

from experts import selectors, services
from experts.choices import Stage
from experts.hooks import need_sources
from experts.models import Accreditation, Deployment, NeedsSurveyEntry
from experts.selectors.commitment import CAP_DAYS
from experts.services.commitment import refresh_commitment
from tests import factories as base
from tests.experts import factories as ef
from wcocb.errors import DomainError

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2012, 3, 31)


@pytest.fixture
def evaluator():
    return ef.ExpertFactory(person=base.PersonFactory(administration=None))


def accredit(evaluator, *, country="TH", code="DF", stage=Stage.FULLY_ACCREDITED, serving=True, **dates):
    """An accreditation written directly (the selector is under test, not the pipeline)."""
    expert = ef.ExpertFactory(is_serving=serving, person=base.PersonFactory(administration=base.member(country)))
    values = {"pre_assessed_on": datetime.date(2009, 1, 5), "workshop_passed_on": datetime.date(2009, 3, 6)}
    if stage in (Stage.FULLY_ACCREDITED, Stage.WITHDRAWN, Stage.LAPSED):
        values |= {"evaluator": evaluator, "evaluated_on": datetime.date(2010, 6, 1)}
        values |= {"accredited_on": datetime.date(2010, 6, 1)}
    values |= dates
    return Accreditation.objects.create(expert=expert, area=ef.area(code), stage=stage, **values)


def test_counts_fully_accredited_and_first_step_per_region_and_area_as_of_a_date(evaluator):
    for _ in range(3):
        accredit(evaluator, country="TH")  # A/P, DF
    accredit(evaluator, country="JP", accredited_on=datetime.date(2012, 4, 2), evaluated_on=datetime.date(2012, 4, 2))
    accredit(evaluator, country="JP", stage=Stage.FIRST_STEP)
    accredit(evaluator, country="TH", serving=False)  # not serving: not available
    accredit(evaluator, country="TH", stage=Stage.WITHDRAWN, withdrawn_on=datetime.date(2011, 1, 3))
    accredit(evaluator, country="TH", stage=Stage.LAPSED, withdrawn_on=datetime.date(2013, 1, 7))  # lapsed later
    accredit(evaluator, country="FR", code="ET-HS")

    matrix = selectors.gap_analysis(as_of=AS_OF)

    df, et_hs = ef.area("DF").pk, ef.area("ET-HS").pk
    ap = matrix.cell("AP", df)
    # 3 + the one lapsed after the date are full; JP's accreditation of April 2012 is still 1st step then.
    assert (ap.fully_accredited, ap.first_step) == (4, 2)
    assert (matrix.cell("EUR", et_hs).fully_accredited, matrix.cell("EUR", df).fully_accredited) == (1, 0)
    today = selectors.gap_analysis(as_of=datetime.date(2014, 1, 1)).cell("AP", df)
    assert (today.fully_accredited, today.first_step) == (4, 1)
    assert len(matrix.regions) == 6
    assert {area.code for area in matrix.areas} >= {"DF", "CMA", "ET-HS", "TOA-AEO"}
    assert not any(area.code.startswith("CAND-") for area in matrix.areas)


def test_an_expert_unavailable_on_the_date_is_not_counted(evaluator):
    away = accredit(evaluator).expert
    accredit(evaluator)
    ef.UnavailabilityFactory(expert=away, start_date=datetime.date(2012, 3, 26), end_date=AS_OF)
    ef.UnavailabilityFactory(
        expert=accredit(evaluator).expert, start_date=datetime.date(2012, 4, 2), end_date=datetime.date(2012, 4, 6)
    )  # fmt: skip  (later: still available)

    assert selectors.gap_analysis(as_of=AS_OF).cell("AP", ef.area("DF").pk).fully_accredited == 2
    assert selectors.gap_analysis(as_of=datetime.date(2012, 4, 1)).cell("AP", ef.area("DF").pk).fully_accredited == 3


def test_an_expert_whose_release_commitment_is_used_up_is_not_counted(evaluator):
    used_up = accredit(evaluator).expert  # accredited 2010-06-01: window until 2013-05-31
    accredit(evaluator)
    Deployment.objects.create(
        expert=used_up, start_date=datetime.date(2011, 1, 3), end_date=datetime.date(2011, 3, 25)
    )
    refresh_commitment(used_up)
    assert used_up.commitment_used_days >= CAP_DAYS

    assert selectors.gap_analysis(as_of=AS_OF).cell("AP", ef.area("DF").pk).fully_accredited == 1
    # Once the window has ended the cap no longer applies: available again.
    assert selectors.gap_analysis(as_of=datetime.date(2013, 6, 3)).cell("AP", ef.area("DF").pk).fully_accredited == 2


def test_an_expert_in_several_areas_counts_in_each(evaluator):
    accreditation = accredit(evaluator, code="DF")
    Accreditation.objects.create(
        expert=accreditation.expert,
        area=ef.area("CMA"),
        stage=Stage.FIRST_STEP,
        pre_assessed_on=datetime.date(2010, 1, 4),
        workshop_passed_on=datetime.date(2010, 3, 5),
    )
    matrix = selectors.gap_analysis(as_of=AS_OF)
    assert matrix.cell("AP", ef.area("DF").pk).fully_accredited == 1
    assert matrix.cell("AP", ef.area("CMA").pk).first_step == 1


@pytest.mark.parametrize(
    ("full", "need", "status", "level"),
    [
        (0, 1, "gap", 0),
        (2, 3, "gap", 0),
        (2, 0, "gap", 1),
        (3, 0, "amber", 2),
        (4, 9, "amber", 2),
        (5, 0, "green", 3),
        (9, 0, "green", 3),
        (10, 2, "green", 4),
    ],
)
def test_threshold_three_to_five(full, need, status, level):
    cell = selectors.Cell(fully_accredited=full, first_step=7, need=need)
    assert (cell.status, cell.level) == (status, level)
    assert cell.shortfall == max(3 - full, 0)


def test_needs_survey_and_registered_sources_add_up(evaluator, monkeypatch, secretariat):
    df = ef.area("DF")
    services.needs_entry_add(by=secretariat, administration=base.member("TH"), area=df, year=2012)
    services.needs_entry_add(by=secretariat, administration=base.member("JP"), area=df, year=2011, priority="high")
    services.needs_entry_add(by=secretariat, administration=base.member("JP"), area=df, year=2009)  # too old
    calls = []

    def open_requests(*, as_of):
        calls.append(as_of)
        return {("AP", df.pk): 2, ("WCA", df.pk): 1}

    monkeypatch.setattr(need_sources, "items", [*need_sources.items])
    need_sources.add(open_requests)
    need_sources.add(open_requests)  # registering twice adds it once

    matrix = selectors.gap_analysis(as_of=AS_OF)

    assert calls == [AS_OF]
    assert matrix.cell("AP", df.pk).need == 4
    assert matrix.cell("WCA", df.pk).need == 1
    assert matrix.cell("WCA", df.pk).level == 0
    assert matrix.gap_count == len(matrix.regions) * len(matrix.areas)


def test_category_filter_keeps_only_its_areas():
    matrix = selectors.gap_analysis(as_of=AS_OF, category="ET")
    assert {area.code for area in matrix.areas} == {"ET-HS", "ET-VAL", "ET-ROO", "ET-PCA", "ET-RM", "ET-ENF"}


def test_constant_number_of_queries(evaluator, django_assert_num_queries):
    accredit(evaluator)
    queries = 3 + len(need_sources)  # areas, regions, the grouped count, one per need source
    with django_assert_num_queries(queries):
        small = selectors.gap_analysis(as_of=AS_OF).as_dict()
    for country in ("TH", "JP", "FR", "BR", "KE", "NG", "EG"):
        for code in ("DF", "CMA", "ET-HS", "TOA-AEO"):
            accredit(evaluator, country=country, code=code)
    with django_assert_num_queries(queries):
        large = selectors.gap_analysis(as_of=AS_OF).as_dict()
    assert len(small["cells"]) == len(large["cells"]) == 6 * 20


# --- needs-survey entries --------------------------------------------------------------------------
def test_rocb_records_needs_only_in_its_region(rocb_officer):
    entry = services.needs_entry_add(by=rocb_officer, administration=base.member("TH"), area=ef.area("DF"), year=2024)
    assert entry.created_by == rocb_officer
    with pytest.raises(DomainError):
        services.needs_entry_add(by=rocb_officer, administration=base.member("FR"), area=ef.area("DF"), year=2024)


def test_needs_entries_refuse_duplicates_bad_years_and_candidate_topics(secretariat, member_user):
    th, df = base.member("TH"), ef.area("DF")
    services.needs_entry_add(by=secretariat, administration=th, area=df, year=2024)
    with pytest.raises(Exception, match="already recorded"):
        services.needs_entry_add(by=secretariat, administration=th, area=df, year=2024)
    with pytest.raises(Exception, match="between 2000 and 2100"):
        services.needs_entry_add(by=secretariat, administration=th, area=df, year=1990)
    with pytest.raises(DomainError):
        services.needs_entry_add(by=secretariat, administration=th, area=ef.area("CAND-NII"), year=2024)
    with pytest.raises(DomainError):
        services.needs_entry_add(by=member_user, administration=th, area=df, year=2025)


def test_needs_entries_are_scoped(secretariat, rocb_officer, member_user, other_member_user):
    from wcocb.scoping import scope_queryset

    for iso in ("TH", "JP", "FR"):
        services.needs_entry_add(by=secretariat, administration=base.member(iso), area=ef.area("DF"), year=2024)

    def seen(user):
        return set(
            scope_queryset(NeedsSurveyEntry.objects.all(), user).values_list("administration__iso_code", flat=True)
        )

    assert seen(secretariat) == {"TH", "JP", "FR"}
    assert seen(rocb_officer) == {"TH", "JP"}
    assert seen(member_user) == {"TH"}
    assert seen(other_member_user) == {"JP"}


# --- page and API ----------------------------------------------------------------------------------
def test_api_returns_the_matrix(api_as, api_client_user, evaluator):
    for _ in range(3):
        accredit(evaluator)
    response = api_as(api_client_user).get("/api/v1/gap-analysis/", {"as_of": "2012-03-31", "category": "DF"})

    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == "2012-03-31"
    assert body["thresholds"] == {"gap_below": 3, "green_from": 5}
    assert [area["code"] for area in body["areas"]] == ["DF"]
    cell = next(cell for cell in body["cells"] if cell["region"] == "AP")
    assert cell == {
        "region": "AP", "area": "DF", "fully_accredited": 3, "first_step": 0, "need": 0, "status": "amber", "level": 2,
    }  # fmt: skip


def test_api_rejects_a_bad_date(api_as, secretariat):
    response = api_as(secretariat).get("/api/v1/gap-analysis/", {"as_of": "yesterday"})
    assert response.status_code == 400
    assert "as_of" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("fixture", "allowed"),
    [("secretariat", True), ("rocb_officer", True), ("api_client_user", True), ("member_user", False),
     ("expert_user", False)],
)  # fmt: skip
def test_who_may_see_the_gap_analysis(request, api_as, client_as, fixture, allowed):
    user = request.getfixturevalue(fixture)
    assert api_as(user).get("/api/v1/gap-analysis/").status_code == (200 if allowed else 403)
    if fixture != "api_client_user":
        expected = 200 if allowed else 403
        assert client_as(user).get(reverse("experts:gap-analysis")).status_code == expected


def test_page_draws_the_heatmap_and_highlights_the_rocb_region(client_as, rocb_officer, evaluator):
    for _ in range(5):
        accredit(evaluator)
    response = client_as(rocb_officer).get(reverse("experts:gap-analysis"), {"as_of": "2012-03-31", "category": "DF"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-region="AP"' in content
    assert 'class="table-active fw-bold" data-region="AP"' in content
    assert 'class="heat-3 position-relative" data-status="green"' in content
    assert content.count('data-status="gap"') == 5


def test_page_query_count_is_constant(client_as, secretariat, evaluator, django_assert_max_num_queries):
    client = client_as(secretariat)
    accredit(evaluator)
    with django_assert_max_num_queries(10):
        client.get(reverse("experts:gap-analysis"))
    for country in ("JP", "FR", "BR"):
        accredit(evaluator, country=country, code="TOA-AEO")
    with django_assert_max_num_queries(10):
        client.get(reverse("experts:gap-analysis"))


def test_each_cell_links_to_exactly_the_experts_it_counts(client_as, secretariat, evaluator):
    counted = [accredit(evaluator, country="TH").expert for _ in range(2)]
    first = accredit(evaluator, country="JP", stage=Stage.FIRST_STEP).expert
    accredit(evaluator, country="TH", serving=False)  # not counted, not listed
    accredit(evaluator, country="KE")  # another region
    page = client_as(secretariat).get(reverse("experts:gap-analysis"), {"as_of": AS_OF.isoformat()}).content.decode()
    link = f"/experts/gap-analysis/experts/?region=AP&amp;area=DF&amp;as_of={AS_OF.isoformat()}"
    assert link in page
    cell = client_as(secretariat).get(link.replace("&amp;", "&"))
    assert cell.status_code == 200
    assert {e.pk for e in cell.context["full"]} == {e.pk for e in counted}
    assert [e.pk for e in cell.context["first"]] == [first.pk]
    matrix = selectors.gap_analysis(as_of=AS_OF)
    df = ef.area("DF")
    assert (matrix.cell("AP", df.pk).fully_accredited, matrix.cell("AP", df.pk).first_step) == (2, 1)
    for region in ("AP", "ESA", "EUR"):  # every cell's list has its count
        listed = client_as(secretariat).get(
            reverse("experts:gap-cell"), {"region": region, "area": "DF", "as_of": AS_OF.isoformat()}
        )
        cell_counts = matrix.cell(region, df.pk)
        assert (len(listed.context["full"]), len(listed.context["first"])) == (
            cell_counts.fully_accredited,
            cell_counts.first_step,
        )


def test_a_cell_list_with_a_bad_region_or_area_is_404(client_as, secretariat, member_user):
    client = client_as(secretariat)
    assert client.get(reverse("experts:gap-cell"), {"region": "XX", "area": "DF"}).status_code == 404
    assert client.get(reverse("experts:gap-cell"), {"region": "AP", "area": "NOPE"}).status_code == 404
    assert client_as(member_user).get(reverse("experts:gap-cell"), {"region": "AP", "area": "DF"}).status_code == 403


def test_the_demo_needs_survey_shows_gaps_with_a_need(db):
    from django.utils import timezone

    from experts import demo

    demo._needs(base.SecretariatFactory(username="needs-demo"))
    assert NeedsSurveyEntry.objects.count() == len(demo.DEMO_NEEDS)
    demo._needs(base.SecretariatFactory(username="needs-demo-2"))
    assert NeedsSurveyEntry.objects.count() == len(demo.DEMO_NEEDS)  # idempotent
    matrix = selectors.gap_analysis(as_of=timezone.localdate())
    assert any(cell.level == 0 and cell.need for _region, cells in matrix.rows for _area, cell in cells)
