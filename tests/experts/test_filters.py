"""Expert search: one test per filter parameter, facet counts, ranking, and query counts that do
not grow with the page size (the page and the API share ExpertFilterSet)."""

import datetime

import pytest
from django.urls import reverse

from experts import services
from experts.choices import ExpertKind, Stage
from experts.filters import ExpertFilterSet
from experts.models import Expert
from experts.selectors import expert_list, facet_counts
from tests import factories as base
from tests.experts import factories as f
from wcocb.models import Language
from wcocb.services import person_update

pytestmark = pytest.mark.django_db
D = datetime.date
POOL = {"Okafor", "Tanaka", "Somchai", "Dupont", "Valuation"}


def search(user, **params):
    filterset = ExpertFilterSet(data={k: str(v) for k, v in params.items()}, queryset=expert_list(user))
    assert filterset.is_valid(), filterset.errors
    return (
        set(filterset.qs.values_list("person__last_name", flat=True)) & POOL
    )  # ignore the evaluators made on the way


def named(last_name, **kwargs):
    person = kwargs.pop("person", None) or base.PersonFactory(
        last_name=last_name, administration=kwargs.pop("administration", base.member("TH"))
    )
    return f.ExpertFactory(person=person, **kwargs)


@pytest.fixture
def pool(secretariat):
    okafor = named("Okafor", administration=base.member("NG"), biography="Customs valuation trainer")
    f.fully_accredited(okafor, "ET-VAL", accredited_on=D(2024, 1, 8), by=secretariat)
    tanaka = named("Tanaka", administration=base.member("JP"), biography="AEO programme manager")
    f.first_step(tanaka, "TOA-AEO", by=secretariat)
    somchai = named("Somchai", kind=ExpertKind.RECOGNIZED, biography="Risk management analyst")
    dupont = named("Dupont", administration=base.member("FR"), kind=ExpertKind.EXTERNAL, is_serving=False,
                   external_justification="No accredited expert speaks Lao")  # fmt: skip
    services.expert_update(
        expert=somchai, by=secretariat, languages=[services.LanguageSkill(Language.objects.get(code="fr"), "fluent")]
    )
    return {"okafor": okafor, "tanaka": tanaka, "somchai": somchai, "dupont": dupont}


def test_no_filters_returns_everyone(secretariat, pool):
    assert search(secretariat) >= {"Okafor", "Tanaka", "Somchai", "Dupont"}


def test_filter_category(secretariat, pool):
    assert search(secretariat, category="ET") == {"Okafor"}


def test_filter_subcategory(secretariat, pool):
    assert search(secretariat, subcategory="TOA-AEO") == {"Tanaka"}


def test_filter_stage(secretariat, pool):
    assert "Tanaka" in search(secretariat, stage=Stage.FIRST_STEP)
    assert "Okafor" not in search(secretariat, stage=Stage.FIRST_STEP)


def test_category_and_stage_apply_to_the_same_accreditation(secretariat, pool):
    assert search(secretariat, category="TOA", stage=Stage.FULLY_ACCREDITED) & {"Tanaka"} == set()
    assert "Tanaka" in search(secretariat, category="TOA", stage=Stage.FIRST_STEP)


def test_filter_kind(secretariat, pool):
    assert search(secretariat, kind=ExpertKind.RECOGNIZED) == {"Somchai"}


def test_filter_region(secretariat, pool):
    found = search(secretariat, region="AP")
    assert {"Tanaka", "Somchai"} <= found
    assert not {"Okafor", "Dupont"} & found


def test_filter_administration(secretariat, pool):
    assert search(secretariat, administration="JP") == {"Tanaka"}


def test_filter_language(secretariat, pool):
    assert search(secretariat, language="fr") == {"Somchai"}


def test_filter_available_from_and_to(secretariat, pool):
    services.unavailability_add(
        expert=pool["tanaka"], start_date=D(2027, 5, 3), end_date=D(2027, 5, 7), by=secretariat
    )
    services.deployment_record(
        expert=pool["somchai"], start_date=D(2027, 5, 6), end_date=D(2027, 5, 12), by=secretariat
    )
    found = search(secretariat, available_from="2027-05-01", available_to="2027-05-06")
    assert "Okafor" in found
    assert not {"Tanaka", "Somchai"} & found
    assert "Tanaka" in search(secretariat, available_from="2027-05-08", available_to="2027-05-20") - {"Somchai"}


def test_filter_min_remaining_days(secretariat, pool):
    services.deployment_record(
        expert=pool["okafor"], start_date=D(2024, 2, 5), end_date=D(2024, 4, 26), by=secretariat
    )
    assert Expert.objects.get(pk=pool["okafor"].pk).commitment_used_days == 60
    found = search(secretariat, min_remaining_days=5)
    assert "Okafor" not in found
    assert "Tanaka" in found  # no binding commitment: no cap
    services.deployment_remove(deployment=pool["okafor"].deployments.get(), by=secretariat)
    assert "Okafor" in search(secretariat, min_remaining_days=60)


def test_filter_region_matches_the_candidate_region(secretariat, pool):
    named("Dupont", administration=base.member("FR"), kind=ExpertKind.CANDIDATE, candidate_region=base.region("AP"))
    assert "Dupont" in search(secretariat, region="AP")
    assert "Dupont" in search(secretariat, region="EUR")  # the home region as well


def test_filters_follow_changes_of_languages_and_accreditations(secretariat, pool):
    """Category, region and language match on ``search_tags``, which the services keep."""
    assert set(Expert.objects.get(pk=pool["okafor"].pk).search_tags) >= {"category:ET", "region:WCA"}
    french = [services.LanguageSkill(Language.objects.get(code="fr"), "working")]
    services.expert_update(expert=pool["tanaka"], by=secretariat, languages=french)
    assert search(secretariat, language="fr") == {"Somchai", "Tanaka"}
    services.expert_update(expert=pool["tanaka"], by=secretariat, languages=[])
    assert search(secretariat, language="fr") == {"Somchai"}
    assert search(secretariat, category="ET", region="WCA") == {"Okafor"}
    services.accreditation_withdraw(
        accreditation=pool["okafor"].accreditations.get(), on=D(2025, 1, 6), reason="Left customs", by=secretariat
    )
    assert search(secretariat, category="ET") == set()
    assert search(secretariat, category="ET", stage=Stage.WITHDRAWN) == {"Okafor"}


def test_filter_serving(secretariat, pool):
    assert "Dupont" in search(secretariat, serving="false")
    assert "Dupont" not in search(secretariat, serving="true")


def test_filter_q_full_text_over_biography_and_areas(secretariat, pool):
    assert search(secretariat, q="valuation") == {"Okafor"}
    assert search(secretariat, q="TOA-AEO") == {"Tanaka"}


def test_filter_q_finds_a_misspelled_name(secretariat, pool):
    assert search(secretariat, q="Okafr") == {"Okafor"}


@pytest.fixture
def namesakes(secretariat):
    """People whose names are one or two letters from the queries, and others sharing half their name."""
    people = {
        "Maria Garcia": ("Maria", "Garcia"),
        "Zainab Mwangi": ("Zainab", "Mwangi"),
        "Zainab Otieno": ("Zainab", "Otieno"),
        "Amina Mwangi": ("Amina", "Mwangi"),
        "Grace Wanjiru": ("Grace", "Wanjiru"),
    }
    return {
        name: f.ExpertFactory(person=base.PersonFactory(first_name=first, last_name=last), biography="Customs trainer")
        for name, (first, last) in people.items()
    }


def found(user, text) -> list[str]:
    filterset = ExpertFilterSet(data={"q": text}, queryset=expert_list(user))
    assert filterset.is_valid(), filterset.errors
    return [expert.search_name for expert in filterset.qs]


@pytest.mark.parametrize(
    ("text", "first", "also"),
    [
        ("Garsia", "Maria Garcia", set()),
        ("Zaynab", None, {"Zainab Mwangi", "Zainab Otieno"}),
        ("Zaynab Mwangy", "Zainab Mwangi", set()),
        ("Zainab Mwangy", "Zainab Mwangi", set()),
        ("Zaynab Mwangi", "Zainab Mwangi", set()),
        ("Wanjuro", "Grace Wanjiru", set()),  # two letters off
        ("Garsia customs", "Maria Garcia", set()),  # with a word of the biography
    ],
)
def test_q_single_name_misspellings_find_the_person_first(secretariat, namesakes, text, first, also):
    results = found(secretariat, text)
    if first:
        assert results[0] == first, results
    assert also <= set(results)


def test_q_a_misspelling_matches_only_names_one_or_two_letters_away(secretariat, namesakes):
    assert found(secretariat, "Gxrxxa") == []  # four letters off
    assert "Zainab Otieno" not in found(secretariat, "Zaynab Mwangy")  # the rest does not match
    assert found(secretariat, "Grace") == ["Grace Wanjiru"]  # a correct name is not "corrected"


def test_a_renamed_person_is_found_by_a_misspelling_of_the_new_name(secretariat, namesakes):
    person = namesakes["Grace Wanjiru"].person
    person_update(person=person, by=secretariat, last_name="Kamau")
    assert found(secretariat, "Kamao") == ["Grace Kamau"]


def test_typo_search_through_the_api_and_the_page(api_as, client_as, secretariat, namesakes):
    rows = api_as(secretariat).get("/api/v1/experts/", {"q": "Zaynab Mwangy"}).json()["results"]
    assert rows[0]["id"] == namesakes["Zainab Mwangi"].pk
    page = client_as(secretariat).get(reverse("experts:search"), {"q": "Garsia"})
    assert [expert.pk for expert in page.context["object_list"]][:1] == [namesakes["Maria Garcia"].pk]


def test_q_results_are_ranked(secretariat, pool):
    named("Valuation", biography="Nothing relevant")
    filterset = ExpertFilterSet(data={"q": "valuation"}, queryset=expert_list(secretariat))
    assert next(e.person.last_name for e in filterset.qs) == "Valuation"


def test_ordering(secretariat, pool):
    filterset = ExpertFilterSet(data={"ordering": "-name"}, queryset=expert_list(secretariat))
    names = [e.search_name for e in filterset.qs]
    assert names == sorted(names, reverse=True)


def test_invalid_parameter_is_rejected(secretariat):
    filterset = ExpertFilterSet(data={"subcategory": "NOPE"}, queryset=expert_list(secretariat))
    assert not filterset.is_valid()


def test_facet_counts(secretariat, pool):
    counts = facet_counts(expert_list(secretariat).filter(pk__in=[e.pk for e in pool.values()]))  # not the evaluators
    as_dict = {name: {value: count for value, _label, count in rows} for name, rows in counts.items()}
    assert as_dict["category"]["ET"] == 1
    assert as_dict["category"]["TOA"] == 1
    assert as_dict["stage"][Stage.FIRST_STEP] == 1
    assert as_dict["stage"][Stage.FULLY_ACCREDITED] == 1
    assert as_dict["kind"][ExpertKind.ACCREDITED] == 2
    assert as_dict["kind"][ExpertKind.RECOGNIZED] == 1
    assert as_dict["region"]["AP"] == 2
    assert as_dict["language"] == {"fr": 1}
    assert as_dict["serving"] == {"true": 3, "false": 1}


@pytest.mark.parametrize("extra", [0, 20])
def test_facet_counts_take_a_constant_number_of_queries(secretariat, pool, extra, django_assert_max_num_queries):
    for index in range(extra):
        f.pre_assessed(
            named("Valuation", administration=base.member("JP" if index % 2 else "TH")), "DF", by=secretariat
        )
    with django_assert_max_num_queries(7):  # experts, tags, pipeline, sub-categories, administrations, names
        counts = facet_counts(expert_list(secretariat))
    assert sum(count for _value, _label, count in counts["kind"]) >= 4 + extra


def test_filter_min_remaining_days_ignores_an_ended_commitment_window(secretariat):
    """Accredited 2020-06-01: the window ran until 2023-05-31, so its used-up days no longer cap."""
    ended = named("Valuation")
    f.fully_accredited(ended, "DF", accredited_on=D(2020, 6, 1), by=secretariat)
    services.deployment_record(expert=ended, start_date=D(2021, 1, 4), end_date=D(2021, 3, 26), by=secretariat)
    ended.refresh_from_db()
    assert ended.commitment_used_days == 60
    assert ended.commitment_window_end == D(2023, 5, 31)

    assert "Valuation" in search(secretariat, min_remaining_days=60)


# --- search columns stay fresh when shared records change elsewhere ----------------------------------
def test_moving_an_administration_to_another_region_refreshes_its_experts_region(client_as, secretariat):
    expert = named("Okafor", administration=base.member("TH"))
    assert search(secretariat, region="AP") == {"Okafor"}
    thailand = base.member("TH")

    response = client_as(secretariat).post(
        reverse("member-edit", args=[thailand.pk]),
        {"name_en": thailand.name_en, "name_fr": thailand.name_fr, "name_es": thailand.name_es,
         "region": base.region("EUR").pk, "is_active": "on"},
    )  # fmt: skip

    assert response.status_code == 302
    assert search(secretariat, region="EUR") == {"Okafor"}
    assert search(secretariat, region="AP") == set()
    expert.refresh_from_db()
    assert "region:EUR" in expert.search_tags


def test_moving_an_administration_through_the_api_refreshes_its_experts_region(api_as, secretariat):
    named("Okafor", administration=base.member("JP"))

    response = api_as(secretariat).patch(
        f"/api/v1/member-administrations/{base.member('JP').pk}/", {"region": base.region("AMS").pk}
    )

    assert response.status_code == 200, response.json()
    assert search(secretariat, region="AMS") == {"Okafor"}


def test_renaming_a_person_through_the_api_refreshes_the_name_search(api_as, secretariat):
    expert = named("Tanaka")

    response = api_as(secretariat).patch(f"/api/v1/people/{expert.person_id}/", {"last_name": "Dupont"})

    assert response.status_code == 200, response.json()
    assert search(secretariat, q="Dupont") == {"Dupont"}
    expert.refresh_from_db()
    assert expert.search_name.endswith("Dupont")


def test_a_person_edit_that_breaks_an_expert_rule_is_refused(api_as, secretariat):
    expert = named("Somchai", kind=ExpertKind.RECOGNIZED)

    response = api_as(secretariat).patch(f"/api/v1/people/{expert.person_id}/", {"administration": None})

    assert response.status_code == 400
    assert "administration" in response.json()["error"]["fields"]
    expert.person.refresh_from_db()
    assert expert.person.administration is not None


def test_person_service_refreshes_the_expert_search_name(secretariat):
    expert = named("Tanaka")

    person_update(person=expert.person, by=secretariat, first_name="Kenji", last_name="Okafor")

    assert search(secretariat, q="Okafor") == {"Okafor"}
    expert.refresh_from_db()
    assert expert.search_name == "Kenji Okafor"


def test_editing_a_person_in_the_admin_refreshes_the_name_search(client_as):
    admin_user = base.SecretariatFactory(username="admin-user", is_superuser=True, is_staff=True)
    expert = named("Tanaka")
    person = expert.person

    response = client_as(admin_user).post(
        reverse("admin:wcocb_person_change", args=[person.pk]),
        {"first_name": person.first_name, "last_name": "Valuation", "gender": person.gender,
         "nationality": person.nationality, "administration": person.administration_id,
         "current_post": "", "email": person.email, "phone": "", "user": ""},
    )  # fmt: skip

    assert response.status_code == 302, response.content.decode()[:2000]
    assert search(admin_user, q="Valuation") == {"Valuation"}


def _counts(queryset, filters=None):
    counts = facet_counts(queryset, filters)
    return {name: {value: count for value, _label, count in rows} for name, rows in counts.items()}


def test_facet_counts_of_a_filtered_search_agree_with_the_filters(secretariat, pool):
    """Given a candidate from France on the A/P candidate list, when the search is filtered by
    region AP, then the region facet counts them under AP (as the filter does) and under EUR
    (their home region, which the filter would match too), and each count is what the click finds."""
    named("Dupont", administration=base.member("FR"), kind=ExpertKind.CANDIDATE, candidate_region=base.region("AP"))
    filterset = ExpertFilterSet(data={"region": "AP"}, queryset=expert_list(secretariat).filter(
        person__last_name__in=POOL))  # fmt: skip
    assert filterset.is_valid()
    counts = _counts(filterset.qs, filterset.form.cleaned_data)
    assert counts["region"]["AP"] == 3  # Tanaka (JP), Somchai (TH), the candidate
    assert counts["region"]["EUR"] == 1
    assert counts["region"]["WCA"] == 0
    assert counts["administration"] == {"JP": 1, "TH": 1, "FR": 1}
    assert counts["subcategory"] == {"TOA-AEO": 1}
    assert counts["kind"][ExpertKind.CANDIDATE] == 1
    for region, expected in counts["region"].items():
        assert len(search(secretariat, region="AP") & search(secretariat, region=region)) == expected


def test_facet_counts_of_category_stage_and_subcategory_count_the_same_accreditation(secretariat, pool):
    """Given Tanaka 1st step in TOA-AEO and fully accredited in DF, when the search is filtered to
    TOA, then the stage facet counts only TOA accreditations, as ``category=TOA&stage=…`` would."""
    f.fully_accredited(pool["tanaka"], "DF", by=secretariat)
    queryset = expert_list(secretariat).filter(person__last_name__in=POOL)
    filterset = ExpertFilterSet(data={"category": "TOA"}, queryset=queryset)
    assert filterset.is_valid()
    counts = _counts(filterset.qs, filterset.form.cleaned_data)
    assert counts["stage"][Stage.FIRST_STEP] == 1
    assert counts["stage"][Stage.FULLY_ACCREDITED] == 0
    assert search(secretariat, category="TOA", stage=Stage.FULLY_ACCREDITED) == set()
    filterset = ExpertFilterSet(data={"stage": Stage.FULLY_ACCREDITED}, queryset=queryset)
    assert filterset.is_valid()
    counts = _counts(filterset.qs, filterset.form.cleaned_data)
    assert counts["category"]["DF"] == 1
    assert counts["category"]["TOA"] == 0  # Tanaka is fully accredited, but not in TOA
    assert counts["category"]["ET"] == 1  # Okafor
    assert counts["subcategory"] == {"ET-VAL": 1}


def test_an_admin_person_edit_that_breaks_an_expert_rule_is_a_form_error(client_as):
    admin_user = base.SecretariatFactory(username="admin-user", is_superuser=True, is_staff=True)
    expert = named("Somchai", kind=ExpertKind.RECOGNIZED)
    person = expert.person

    response = client_as(admin_user).post(
        reverse("admin:wcocb_person_change", args=[person.pk]),
        {"first_name": person.first_name, "last_name": "Renamed", "gender": person.gender,
         "nationality": person.nationality, "administration": "",
         "current_post": "", "email": person.email, "phone": "", "user": ""},
    )  # fmt: skip

    assert response.status_code == 200  # the form again, with the reason
    assert "administration" in response.content.decode().lower()
    assert response.context["adminform"].form.non_field_errors()
    person.refresh_from_db()
    assert person.administration is not None
    assert person.last_name == "Somchai"


def test_search_dates_are_date_inputs_read_as_iso_dates(client_as, secretariat, pool):
    """The browser's date input shows the user's format and sends 2027-04-12: never a day/month guess."""
    page = client_as(secretariat).get(reverse("experts:search"), {"available_from": "2027-04-12"})
    html = page.content.decode()
    assert 'type="date" name="available_from" value="2027-04-12"' in html
    assert 'type="date" name="available_to"' in html
    form = page.context["filter"].form
    assert form.is_valid()
    assert form.cleaned_data["available_from"] == D(2027, 4, 12)
    assert ExpertFilterSet({"available_to": "2027-04-16"}, queryset=expert_list(secretariat)).is_valid()
