"""Pages per role: search (htmx partial, facets, query counts), detail, forms, my profile,
pipeline buttons, workshops and candidate lists."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from PIL import Image

from experts import services
from experts.choices import ExpertKind, NominationStatus, Stage
from experts.models import CandidateListEntry, Expert
from tests import factories as base
from tests.experts import factories as f
from wcocb.models import Language

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def thai():
    return f.ExpertFactory(person=base.PersonFactory(last_name="Thaiexpert", administration=base.member("TH")))


@pytest.fixture
def japanese():
    return f.ExpertFactory(person=base.PersonFactory(last_name="Japaneseexpert", administration=base.member("JP")))


def test_search_page_with_facets_and_htmx_partial(client_as, secretariat, thai, japanese):
    client = client_as(secretariat)
    response = client.get("/experts/", {"administration": "JP"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Japaneseexpert" in html
    assert "Thaiexpert" not in html
    assert 'id="facets"' in html
    response = client.get("/experts/", {"q": "Thaiexpert"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "Thaiexpert" in html
    assert 'hx-swap-oob="true"' in html


def test_a_facet_clicked_through_htmx_swaps_the_results_the_facets_and_the_forms_facet_inputs(
    client_as, secretariat, thai, japanese
):
    client = client_as(secretariat)
    page = client.get("/experts/").content.decode()
    link = re.search(r'<a href="(\?region=AP)" hx-get="\1" hx-target="#results" hx-push-url="true"', page)
    assert link, "a facet link fetches the results through htmx"
    html = client.get("/experts/", {"region": "AP"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    inputs = re.search(r'<div id="facet-inputs" hx-swap-oob="true">(.*)</div>\s*$', html, re.S)
    assert inputs, html[-800:]
    assert '<input type="hidden" name="region" value="AP">' in inputs.group(1)  # kept when q changes next
    assert 'name="administration"' in inputs.group(1)  # the form's own control of a facet, in step
    assert 'name="q"' not in inputs.group(1)  # the search box is not replaced while someone types


def test_member_search_shows_only_own_experts_and_detail_of_others_is_404(client_as, member_user, thai, japanese):
    client = client_as(member_user)
    html = client.get("/experts/").content.decode()
    assert "Thaiexpert" in html
    assert "Japaneseexpert" not in html
    assert client.get(f"/experts/{japanese.pk}/").status_code == 404
    assert client.get(f"/experts/{thai.pk}/").status_code == 200


def test_expert_role_cannot_search_but_sees_own_detail(client_as, expert_user, thai):
    own = f.ExpertFactory(person=base.PersonFactory(user=expert_user))
    client = client_as(expert_user)
    assert client.get("/experts/").status_code == 403
    assert client.get(f"/experts/{own.pk}/").status_code == 200
    assert client.get(f"/experts/{thai.pk}/").status_code == 404


@pytest.mark.parametrize("page_size", [5, 25])
def test_search_page_query_count_does_not_grow(client_as, secretariat, page_size, django_assert_max_num_queries):
    for index in range(30):
        expert = f.ExpertFactory()
        if index % 2:
            f.pre_assessed(expert, "CMA", by=secretariat)
    client = client_as(secretariat)
    with django_assert_max_num_queries(18):  # session, user, filter-form choices, facets, count, page, prefetches
        response = client.get("/experts/", {"page_size": page_size, "category": "CMA"})
    assert response.status_code == 200
    assert len(response.context["object_list"]) == min(page_size, 15)


def test_detail_shows_timeline_commitment_and_history_link(client_as, secretariat, thai):
    f.fully_accredited(thai, "DF", accredited_on=D(2024, 3, 11), by=secretariat)
    html = client_as(secretariat).get(f"/experts/{thai.pk}/").content.decode()
    assert 'id="commitment"' in html
    assert "2027-03-10" in html or "March 10, 2027" in html
    assert f"/history/experts.expert/{thai.pk}/" in html
    assert html.count("bi-arrow-right-short") == 3


def test_secretariat_creates_and_edits_expert(client_as, secretariat):
    client = client_as(secretariat)
    response = client.post(
        "/experts/new/",
        {"first_name": "Mei", "last_name": "Lin", "kind": "accredited", "is_serving": "on", "languages": "en:fluent"},
    )
    expert = Expert.objects.get(person__last_name="Lin")
    assert response.status_code == 302
    response = client.post(
        f"/experts/{expert.pk}/edit/",
        {"first_name": "Mei", "last_name": "Lin", "kind": "recognized", "languages": ""},
    )  # not serving → refused with the message
    assert response.status_code == 200
    assert "serving" in response.content.decode()


def test_member_cannot_use_secretariat_forms(client_as, member_user, thai):
    client = client_as(member_user)
    assert client.get("/experts/new/").status_code == 403
    assert client.get(f"/experts/{thai.pk}/edit/").status_code == 403
    assert (
        client.post(f"/experts/{thai.pk}/pre-assess/", {"area": f.area("DF").pk, "on": "2021-01-04"}).status_code
        == 403
    )


def test_my_profile_edits_only_allowed_fields(client_as, expert_user):
    own = f.ExpertFactory(person=base.PersonFactory(user=expert_user), kind=ExpertKind.ACCREDITED)
    client = client_as(expert_user)
    assert client.get("/experts/me/").status_code == 200
    response = client.post(
        "/experts/me/", {"phone": "+66 9", "biography": "Bio", "languages": "fr:working", "kind": "recognized"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.person.phone == "+66 9"
    assert own.kind == ExpertKind.ACCREDITED
    assert list(own.language_skills.values_list("language__code", flat=True)) == ["fr"]


@pytest.mark.parametrize("fixture", ["expert_user", "superuser"])
def test_my_profile_without_an_expert_record_is_a_friendly_page(request, client_as, fixture):
    user = (
        request.getfixturevalue(fixture)
        if fixture == "expert_user"
        else base.SecretariatFactory(username="admin", is_superuser=True, is_staff=True)
    )
    client = client_as(user)
    for response in (client.get("/experts/me/"), client.post("/experts/me/", {"phone": "+1"})):
        assert response.status_code == 200
        assert 'id="no-expert-profile"' in response.content.decode()


def test_pipeline_buttons_run_the_services(client_as, secretariat, thai):
    client = client_as(secretariat)
    client.post(f"/experts/{thai.pk}/pre-assess/", {"area": f.area("DF").pk, "on": "2021-01-04"})
    accreditation = thai.accreditations.get()
    response = client.post(
        f"/experts/accreditations/{accreditation.pk}/complete-field-evaluation/",
        {"evaluator": f.founder("DF").pk, "evaluated_on": "2021-06-01"},
        follow=True,
    )
    assert "cannot be skipped" in response.content.decode()
    workshop = f.WorkshopFactory(start_date=D(2021, 3, 1), end_date=D(2021, 3, 5))
    client.post(f"/experts/accreditations/{accreditation.pk}/pass-workshop/", {"workshop": workshop.pk})
    accreditation.refresh_from_db()
    assert accreditation.stage == Stage.FIRST_STEP


def test_workshop_pages(client_as, secretariat, rocb_officer, thai):
    f.pre_assessed(thai, "DF", by=secretariat)
    client = client_as(secretariat)
    form = {"kind": "accreditation", "category": "DF", "start_date": "2021-03-01", "end_date": "2021-03-05"}
    response = client.post("/experts/workshops/new/", form)
    assert response.status_code == 302
    url = response["Location"]
    client.post(url, {"expert": thai.pk, "result": "passed"})
    assert thai.accreditations.get().stage == Stage.FIRST_STEP
    assert "Thaiexpert" in client.get(url).content.decode()
    assert client_as(rocb_officer).get("/experts/workshops/").status_code == 200
    assert client_as(rocb_officer).post(url, {"expert": thai.pk, "result": "failed"}).status_code == 403


def test_candidate_list_nominate_and_decide(client, member_user, rocb_officer):
    candidate = f.ExpertFactory(kind=ExpertKind.CANDIDATE, candidate_topic=f.area("CAND-INT"), candidate_english=True,
                                candidate_topic_expertise=True, candidate_capacity_building=True,
                                candidate_wco_instruments=True)  # fmt: skip
    client.force_login(member_user)
    assert client.post("/experts/candidates/", {"expert": candidate.pk}).status_code == 302
    entry = CandidateListEntry.objects.get()
    assert client.post(f"/experts/candidates/{entry.pk}/accept/").status_code == 403
    client.force_login(rocb_officer)
    html = client.get("/experts/candidates/").content.decode()
    assert str(candidate) in html
    client.post(f"/experts/candidates/{entry.pk}/accept/")
    entry.refresh_from_db()
    assert entry.status == NominationStatus.ACCEPTED


def test_inbox_entries(client_as, secretariat, thai):
    f.first_step(thai, "DF", by=secretariat)
    html = client_as(secretariat).get("/").content.decode()
    assert "awaiting a field evaluation" in html


def test_rocb_officer_searches_experts_of_every_region(client_as, rocb_officer, thai, japanese):
    nigerian = f.ExpertFactory(person=base.PersonFactory(last_name="Nigerianexpert", administration=base.member("NG")))
    response = client_as(rocb_officer).get("/experts/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Thaiexpert", "Japaneseexpert", "Nigerianexpert"):
        assert name in html
    assert client_as(rocb_officer).get(f"/experts/{nigerian.pk}/").status_code == 200


def test_search_page_query_count_is_the_same_at_10_and_50_rows(client_as, secretariat):
    """Given 60 experts each with an accreditation and a language, the page of 50 rows takes
    exactly as many queries as the page of 10."""
    french = [services.LanguageSkill(Language.objects.get(code="fr"), "working")]
    for _index in range(60):
        expert = f.ExpertFactory()
        services.expert_update(expert=expert, by=secretariat, languages=french)
        f.pre_assessed(expert, "CMA", by=secretariat)
    client = client_as(secretariat)
    counts = {}
    for page_size in (10, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/experts/", {"page_size": page_size, "category": "CMA", "language": "fr"})
        assert len(response.context["object_list"]) == page_size
        counts[page_size] = len(queries)
    assert counts[10] == counts[50]


def test_search_page_facets_are_links_that_toggle_the_filter(client_as, secretariat, thai, japanese):
    f.first_step(japanese, "TOA-AEO", by=secretariat)
    response = client_as(secretariat).get("/experts/", {"q": "expert", "category": "TOA", "page": "1"})
    facets = {facet.name: facet for facet in response.context["facets"]}
    assert {facet.name for facet in facets.values()} >= {"subcategory", "administration", "region", "category"}
    japan = next(item for item in facets["administration"].values if item.value == "JP")
    assert japan.count == 1
    assert not japan.active
    assert QueryDict(japan.url[1:]) == QueryDict("q=expert&category=TOA&administration=JP")
    toa = next(item for item in facets["category"].values if item.value == "TOA")
    assert toa.active
    assert QueryDict(toa.url[1:]) == QueryDict("q=expert")  # clicking the chosen value clears it
    assert [item.value for item in facets["subcategory"].values] == ["TOA-AEO"]
    html = response.content.decode()
    assert f'href="{japan.url.replace("&", "&amp;")}"' in html
    assert '<input type="hidden" name="category" value="TOA">' in html


def test_search_page_export_links_carry_the_filters(client_as, secretariat, thai):
    html = client_as(secretariat).get("/experts/", {"administration": "TH", "page": "1", "page_size": "5"}).content
    html = html.decode()
    assert 'href="/experts/export.csv?administration=TH"' in html
    assert 'href="/experts/export.xlsx?administration=TH"' in html


@pytest.mark.parametrize(
    ("user_fixture", "sees"),
    [("secretariat", True), ("rocb_officer", True), ("member_user", False), ("expert_user", False)],
)
def test_menu_links_to_gap_analysis_and_import_per_role(request, client, user_fixture, sees):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    html = client.get("/").content.decode()
    assert ('href="/experts/gap-analysis/"' in html) is sees
    assert ('href="/experts/import/"' in html) is (user_fixture == "secretariat")


def _image(fmt: str = "PNG", size: tuple[int, int] = (40, 40), name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


EXPERT_FORM = {"first_name": "Mei", "last_name": "Lin", "kind": "accredited", "is_serving": "on", "languages": ""}


def test_secretariat_uploads_a_photo_shown_on_the_detail_page(client_as, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_as(secretariat)
    response = client.post("/experts/new/", {**EXPERT_FORM, "photo": _image()})
    assert response.status_code == 302
    expert = Expert.objects.get(person__last_name="Lin")
    assert expert.photo.name.endswith(".png")
    html = client.get(f"/experts/{expert.pk}/").content.decode()
    assert f'src="/experts/{expert.pk}/photo/"' in html
    photo = client.get(f"/experts/{expert.pk}/photo/")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content).startswith(b"\x89PNG")  # read to the end: the client closes it
    client.post(f"/experts/{expert.pk}/edit/", {**EXPERT_FORM, "biography": "Kept"})  # no new file: photo kept
    expert.refresh_from_db()
    assert expert.photo
    client.post(f"/experts/{expert.pk}/edit/", {**EXPERT_FORM, "photo-clear": "on"})
    expert.refresh_from_db()
    assert not expert.photo


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: _image("GIF", name="photo.gif"), "JPEG, PNG or WebP"),
        (lambda: _image("BMP", size=(1000, 800), name="photo.bmp"), "at most 2 MB"),
        (lambda: SimpleUploadedFile("photo.png", b"not an image", content_type="image/png"), "valid image"),
    ],
)
def test_photo_of_the_wrong_type_or_size_is_refused_with_a_clear_message(
    client_as, secretariat, settings, tmp_path, upload, message
):
    settings.MEDIA_ROOT = tmp_path
    response = client_as(secretariat).post("/experts/new/", {**EXPERT_FORM, "photo": upload()})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Expert.objects.filter(person__last_name="Lin").exists()


def test_expert_form_sets_the_candidate_region_for_candidates_only(client_as, secretariat):
    client = client_as(secretariat)
    form = {**EXPERT_FORM, "administration": base.member("FR").pk, "candidate_region": base.region("AP").pk}
    response = client.post("/experts/new/", form)
    assert response.status_code == 200
    assert "Only a regional candidate has a candidate region." in response.content.decode()
    response = client.post("/experts/new/", {**form, "kind": "candidate"})
    assert response.status_code == 302
    expert = Expert.objects.get(person__last_name="Lin")
    assert expert.candidate_region == base.region("AP")
    assert "region:AP" in expert.search_tags  # the region filter finds them
    assert client.get(f"/experts/{expert.pk}/edit/").context["form"].initial["candidate_region"] == base.region("AP")


def test_secretariat_removes_an_unavailability_with_htmx(client_as, secretariat, thai):
    period = f.UnavailabilityFactory(expert=thai, reason="Home leave")
    client = client_as(secretariat)
    html = client.get(f"/experts/{thai.pk}/").content.decode()
    assert f'hx-post="/experts/unavailabilities/{period.pk}/delete/"' in html
    assert "hx-confirm=" in html
    response = client.post(f"/experts/unavailabilities/{period.pk}/delete/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="unavailability"' in html
    assert "Home leave" not in html
    assert not thai.unavailabilities.exists()


def test_expert_removes_their_own_unavailability(client_as, expert_user):
    own = f.ExpertFactory(person=base.PersonFactory(user=expert_user))
    period = f.UnavailabilityFactory(expert=own)
    response = client_as(expert_user).post(f"/experts/unavailabilities/{period.pk}/delete/")
    assert response.status_code == 302
    assert not own.unavailabilities.exists()


def test_the_home_administration_removes_its_experts_unavailability(client_as, member_user, thai):
    period = f.UnavailabilityFactory(expert=thai)
    client = client_as(member_user)
    assert f"/experts/unavailabilities/{period.pk}/delete/" in client.get(f"/experts/{thai.pk}/").content.decode()
    assert client.post(f"/experts/unavailabilities/{period.pk}/delete/").status_code == 302
    assert not thai.unavailabilities.exists()


@pytest.mark.parametrize(
    ("user_fixture", "status"), [("other_member_user", 404), ("rocb_officer", 403), ("expert_user", 404)]
)
def test_others_cannot_remove_an_unavailability(request, client, thai, user_fixture, status):
    period = f.UnavailabilityFactory(expert=thai)
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    assert client.post(f"/experts/unavailabilities/{period.pk}/delete/").status_code == status
    assert thai.unavailabilities.exists()


def test_the_unavailability_rule_holds_in_the_service_whatever_the_door(rocb_officer, other_member_user, thai):
    from experts import services
    from experts.services import ForbiddenError

    period = f.UnavailabilityFactory(expert=thai)
    for user in (rocb_officer, other_member_user):
        with pytest.raises(ForbiddenError):
            services.unavailability_remove(unavailability=period, by=user)
        with pytest.raises(ForbiddenError):
            services.unavailability_add(
                expert=thai, start_date=datetime.date(2027, 1, 4), end_date=datetime.date(2027, 1, 8), by=user
            )
    assert list(thai.unavailabilities.all()) == [period]


def test_pipeline_forms_offer_only_qualified_evaluators_and_covering_workshops(client_as, secretariat, thai):
    first = f.first_step(thai, "CMA", by=secretariat)
    pending = f.pre_assessed(f.ExpertFactory(), "TOA-AEO", by=secretariat)
    cma_founder, df_founder = f.founder("CMA"), f.founder("DF")
    context = client_as(secretariat).get(f"/experts/{thai.pk}/").context
    accreditation = next(a for a in context["expert"].accreditations.all() if a.pk == first.pk)
    evaluators = set(accreditation.evaluation_form.fields["evaluator"].queryset)
    assert cma_founder in evaluators
    assert df_founder not in evaluators
    assert thai not in evaluators
    aeo = f.WorkshopFactory(category="TOA", area=f.area("TOA-AEO"))
    rkc = f.WorkshopFactory(category="TOA", area=f.area("TOA-RKC"))
    whole = f.WorkshopFactory(category="TOA")
    df = f.WorkshopFactory(category="DF")
    context = client_as(secretariat).get(f"/experts/{pending.expert_id}/").context
    (accreditation,) = context["expert"].accreditations.all()
    assert set(accreditation.pass_form.fields["workshop"].queryset) == {aeo, whole}
    assert rkc not in accreditation.pass_form.fields["workshop"].queryset
    assert df not in accreditation.pass_form.fields["workshop"].queryset
    response = client_as(secretariat).post(
        f"/experts/accreditations/{first.pk}/complete-field-evaluation/",
        {"evaluator": df_founder.pk, "evaluated_on": "2021-06-01"},
        follow=True,
    )
    assert "Select a valid choice" in response.content.decode()
    first.refresh_from_db()
    assert first.stage == Stage.FIRST_STEP


def test_workshop_result_form_lists_only_participants_and_covered_experts(client_as, secretariat, thai, japanese):
    f.pre_assessed(thai, "DF", by=secretariat)
    f.pre_assessed(japanese, "CMA", by=secretariat)
    registered = f.ExpertFactory()
    workshop = f.WorkshopFactory(category="DF")
    services.workshop_add_participant(workshop=workshop, expert=registered, by=secretariat)
    form = client_as(secretariat).get(workshop.get_absolute_url()).context["result_form"]
    assert set(form.fields["expert"].queryset) == {thai, registered}


def test_secretariat_edits_a_workshop_and_registers_participants(client_as, secretariat, thai):
    workshop = f.WorkshopFactory(category="DF", venue="Bangkok")
    client = client_as(secretariat)
    assert client.get(f"/experts/workshops/{workshop.pk}/edit/").status_code == 200
    form = {"kind": "accreditation", "category": "DF", "start_date": "2020-03-02", "end_date": "2020-03-06",
            "venue": "Tokyo", "region": base.region("AP").pk}  # fmt: skip
    assert client.post(f"/experts/workshops/{workshop.pk}/edit/", form).status_code == 302
    workshop.refresh_from_db()
    assert workshop.venue == "Tokyo"
    response = client.post(f"/experts/workshops/{workshop.pk}/edit/", {**form, "end_date": "2020-03-01"})
    assert response.status_code == 200
    assert "The end cannot be before the start." in response.content.decode()
    options = client.get("/experts/lookup/", {"expert": "Thaiexp"}).content.decode()
    assert f'<option value="{thai.external_id}">' in options
    response = client.post(f"/experts/workshops/{workshop.pk}/participants/", {"expert": thai.external_id})
    assert response.status_code == 302
    participation = workshop.participations.get()
    assert (participation.expert, participation.result) == (thai, "")
    html = client.get(workshop.get_absolute_url()).content.decode()
    assert "Thaiexpert" in html
    assert "registered" in html
    response = client.post(f"/experts/workshops/{workshop.pk}/participants/", {"expert": "ACE-NOPE"}, follow=True)
    assert "No expert has the identifier" in response.content.decode()
    assert workshop.participations.count() == 1


@pytest.mark.parametrize("user_fixture", ["rocb_officer", "member_user", "expert_user"])
def test_only_the_secretariat_edits_workshops_and_registers_participants(request, client, thai, user_fixture):
    workshop = f.WorkshopFactory()
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(f"/experts/workshops/{workshop.pk}/edit/").status_code == 403
    url = f"/experts/workshops/{workshop.pk}/participants/"
    assert client.post(url, {"expert": thai.external_id}).status_code == 403
    assert not workshop.participations.exists()


def test_lookup_is_scoped_to_the_user(client_as, member_user, thai, japanese):
    options = client_as(member_user).get("/experts/lookup/", {"q": "expert"}).content.decode()
    assert thai.external_id in options
    assert japanese.external_id not in options


CANDIDATE_FORM = {
    "first_name": "Anong", "last_name": "Candidate", "languages": "en:fluent", "candidate_topic_expertise": "on",
    "candidate_english": "on", "candidate_capacity_building": "on", "candidate_wco_instruments": "on",
}  # fmt: skip


def test_member_proposes_and_nominates_own_officer(client_as, member_user):
    client = client_as(member_user)
    assert client.get("/experts/candidates/new/").status_code == 200
    form = {
        **CANDIDATE_FORM,
        "candidate_topic": f.area("CAND-INT").pk,
        "nominate": "on",
        "motivation": "K9 lead",
        "administration": base.member("JP").pk,
        "kind": "accredited",
    }  # fmt: skip  (both ignored)
    response = client.post("/experts/candidates/new/", form)
    assert response.status_code == 302
    expert = Expert.objects.get(person__last_name="Candidate")
    assert expert.kind == ExpertKind.CANDIDATE
    assert expert.person.administration == member_user.administration
    entry = CandidateListEntry.objects.get(expert=expert)
    assert (entry.region, entry.nominated_by, entry.status) == (
        base.region("AP"),
        member_user.administration,
        "nominated",
    )


def test_member_proposal_with_an_incomplete_checklist_is_saved_but_not_nominated(client_as, member_user):
    form = {**CANDIDATE_FORM, "candidate_english": "", "candidate_topic": f.area("CAND-INT").pk, "nominate": "on"}
    response = client_as(member_user).post("/experts/candidates/new/", form, follow=True)
    assert "four requirements" in response.content.decode()
    assert Expert.objects.filter(person__last_name="Candidate", kind=ExpertKind.CANDIDATE).exists()
    assert not CandidateListEntry.objects.exists()


def test_member_cannot_nominate_another_administrations_officer(client_as, member_user):
    japanese = f.ExpertFactory(kind=ExpertKind.CANDIDATE, candidate_topic=f.area("CAND-INT"), candidate_english=True,
                               candidate_topic_expertise=True, candidate_capacity_building=True,
                               candidate_wco_instruments=True,
                               person=base.PersonFactory(administration=base.member("JP")))  # fmt: skip
    response = client_as(member_user).post("/experts/candidates/", {"expert": japanese.pk}, follow=True)
    assert "Select a valid choice" in response.content.decode()
    assert not CandidateListEntry.objects.exists()


@pytest.mark.parametrize("user_fixture", ["secretariat", "rocb_officer", "expert_user"])
def test_candidate_proposal_page_is_for_members(request, client, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get("/experts/candidates/new/").status_code == 403


def _status(client, url: str, **headers) -> int:
    response = client.get(url, **headers)
    if response.streaming:
        b"".join(response.streaming_content)  # read to the end: the test client then closes the file
    return response.status_code


def test_a_photo_is_served_only_to_those_who_see_the_expert(
    client_as, api, secretariat, member_user, other_member_user, settings, tmp_path
):
    from rest_framework.authtoken.models import Token

    settings.MEDIA_ROOT = tmp_path
    client_as(secretariat).post(
        "/experts/new/", {**EXPERT_FORM, "administration": base.member("TH").pk, "photo": _image()}
    )
    expert = Expert.objects.get(person__last_name="Lin")
    url = f"/experts/{expert.pk}/photo/"
    assert _status(client_as(member_user), url) == 200  # the home administration
    assert _status(client_as(other_member_user), url) == 404
    assert _status(client_as(secretariat), expert.photo.url) == 404  # no public media route
    # The API gives the same checked link; a REST client follows it with its token.
    api.force_authenticate(secretariat)
    link = api.get(f"/api/v1/experts/{expert.pk}/").json()["photo"]
    assert link.endswith(url)
    api.force_authenticate(None)
    other = Token.objects.create(user=other_member_user)
    own = Token.objects.create(user=member_user)
    assert _status(api, url, HTTP_AUTHORIZATION=f"Token {other.key}") == 404
    assert _status(api, url, HTTP_AUTHORIZATION=f"Token {own.key}") == 200


def test_the_bare_search_page_shows_the_facets_of_every_expert(client_as, secretariat, thai, japanese):
    response = client_as(secretariat).get("/experts/")
    facets = {facet.name: {value.value: value.count for value in facet.values} for facet in response.context["facets"]}
    assert facets["region"]["AP"] == 2
    assert facets["administration"] == {"TH": 1, "JP": 1}


def test_the_detail_page_gives_every_form_field_its_own_element_id(client_as, secretariat, thai):
    import re

    f.pre_assessed(thai, "DF", by=secretariat)
    f.first_step(thai, "CMA", by=secretariat)
    html = client_as(secretariat).get(f"/experts/{thai.pk}/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) > 20
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
