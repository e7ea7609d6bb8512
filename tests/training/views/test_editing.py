"""The Secretariat's catalogue pages: programmes and sessions created and edited through forms (field errors for
bad input, bounded dates and numbers, the capacity rule), the tutors and experts picked from the experts
database, every change in the audit log; reachable from the catalogue and the session page, for the Secretariat
only."""

import pytest
from django.utils.html import escape

from tests.experts.factories import ExpertFactory
from tests.factories import PersonFactory, member
from tests.training.factories import SessionFactory, enrolled, programme
from training.models import Programme, Session
from wcocb.audit import history_for
from wcocb.models import RTC, FundingSource, Language

pytestmark = pytest.mark.django_db


def field_errors(response) -> dict[str, list[str]]:
    form = response.context["form"]
    return {name: [str(error) for error in errors] for name, errors in form.errors.items()}


PROGRAMME = {
    "code": "PM-WS",
    "kind": "project_management",
    "title": "Project Management workshop",
    "topic": "Project management",
    "description": "Five days.",
    "duration_weeks": "1",
    "hours": "",
    "is_active": "on",
}


def session_data(**changes):
    data = {
        "programme": programme("FELLOWSHIP").pk,
        "title": "Fellowship (French) 2027",
        "start_date": "2027-03-01",
        "end_date": "2027-04-09",
        "language": Language.objects.get(code="fr").pk,
        "mode": "in_person",
        "venue": "WCO, Brussels",
        "rtc": "",
        "host": member("BE").pk,
        "capacity": "15",
        "funding": "",
        "accreditation_workshop": "",
    }
    return {**data, **changes}


def test_the_secretariat_creates_and_edits_a_programme(client_as, secretariat):
    client = client_as(secretariat)
    assert client.get("/training/programmes/new/").status_code == 200
    languages = [Language.objects.get(code=code).pk for code in ("en", "fr")]
    response = client.post("/training/programmes/new/", {**PROGRAMME, "languages": languages})
    created = Programme.objects.get(code="PM-WS")
    assert response.status_code == 302
    assert response.url == created.get_absolute_url()
    assert sorted(created.languages.values_list("code", flat=True)) == ["en", "fr"]

    edit = f"/training/programmes/{created.pk}/edit/"
    assert 'value="PM-WS"' in client.get(edit).content.decode()
    assert client.post(edit, {**PROGRAMME, "title": "Project Management (5 days)"}).status_code == 302
    created.refresh_from_db()
    assert created.title == "Project Management (5 days)"
    assert not created.languages.exists()
    change = history_for(created).filter(pgh_label="update").first()
    assert change.pgh_context["user"] == secretariat.pk


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"duration_weeks": "0"}, "duration_weeks"),
        ({"duration_weeks": "105"}, "duration_weeks"),
        ({"hours": "2001"}, "hours"),
        ({"kind": "elearning", "hours": ""}, "hours"),
        ({"code": "VCOA"}, "code"),
        ({"code": "has spaces"}, "code"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_programme_input_is_a_field_error_and_saves_nothing(client_as, secretariat, changes, field):
    before = Programme.objects.count()
    response = client_as(secretariat).post("/training/programmes/new/", {**PROGRAMME, **changes})
    assert response.status_code == 200
    assert field in field_errors(response)
    assert 'class="invalid-feedback' in response.content.decode() or "is-invalid" in response.content.decode()
    assert Programme.objects.count() == before


def test_the_secretariat_creates_a_session_with_its_tutors_and_edits_it(client_as, secretariat):
    trainer, facilitator = ExpertFactory(), ExpertFactory()
    funding = FundingSource.objects.first()
    rtc = RTC.objects.first()
    client = client_as(secretariat)
    page = client.get(f"/training/sessions/new/?programme={programme('FELLOWSHIP').pk}").content.decode()
    assert 'id="id_tutors-choices"' in page
    response = client.post(
        "/training/sessions/new/",
        session_data(tutors=[trainer.pk], funding=funding.pk if funding else "", rtc=rtc.pk if rtc else ""),
    )
    assert response.status_code == 302, field_errors(response)
    session = Session.objects.get(title="Fellowship (French) 2027")
    assert response.url == session.get_absolute_url()
    assert list(session.tutors.all()) == [trainer]
    assert session.host.iso_code == "BE"
    assert session.capacity == 15

    edit = f"/training/sessions/{session.pk}/edit/"
    form = client.get(edit).content.decode()
    assert f'value="{trainer.pk}" checked' in form  # the chosen tutor, ticked
    assert escape(trainer.person.full_name) in form
    response = client.post(edit, session_data(tutors=[facilitator.pk], mode="hybrid", capacity="20"))
    assert response.status_code == 302, field_errors(response)
    session.refresh_from_db()
    assert list(session.tutors.all()) == [facilitator]
    assert (session.mode, session.capacity) == ("hybrid", 20)
    assert history_for(session).filter(pgh_label="update").first().pgh_context["user"] == secretariat.pk
    detail = client.get(session.get_absolute_url()).content.decode()
    assert escape(facilitator.person.full_name) in detail


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start_date": "2200-01-01", "end_date": "2200-01-05"}, "start_date"),
        ({"start_date": "1980-01-01"}, "start_date"),
        ({"start_date": "not a date"}, "start_date"),
        ({"end_date": "2027-02-01"}, "end_date"),
        ({"capacity": "0"}, "capacity"),
        ({"capacity": "1001"}, "capacity"),
        ({"capacity": "-3"}, "capacity"),
        ({"venue": "", "rtc": ""}, "venue"),
        ({"language": ""}, "language"),
        ({"tutors": ["999999"]}, "tutors"),
        ({"tutors": ["abc"]}, "tutors"),
    ],
)
def test_bad_session_input_is_a_field_error_and_saves_nothing(client_as, secretariat, changes, field):
    response = client_as(secretariat).post("/training/sessions/new/", session_data(**changes))
    assert response.status_code == 200
    assert field in field_errors(response), field_errors(response)
    assert not Session.objects.filter(title="Fellowship (French) 2027").exists()


def test_a_capacity_below_the_places_held_is_refused_on_the_capacity_field(client_as, secretariat):
    session = SessionFactory(capacity=3, title="VCOA 7th session")
    enrolled(session, by=secretariat)
    enrolled(session, by=secretariat)
    data = session_data(
        programme=session.programme_id,
        title=session.title,
        start_date=session.start_date.isoformat(),
        end_date=session.end_date.isoformat(),
        language=session.language_id,
        mode="remote",
        venue="",
        capacity="1",
    )
    response = client_as(secretariat).post(f"/training/sessions/{session.pk}/edit/", data)
    assert response.status_code == 200
    assert field_errors(response) == {"capacity": ["2 participants hold a place: the capacity cannot be less than 2."]}
    session.refresh_from_db()
    assert session.capacity == 3
    assert (
        client_as(secretariat).post(f"/training/sessions/{session.pk}/edit/", {**data, "capacity": "2"}).status_code
        == 302
    )


def test_the_tutor_search_keeps_the_ticked_experts_and_offers_matches(client_as, secretariat):
    ticked = ExpertFactory(person=PersonFactory(first_name="Kenji", last_name="Watanabe"))
    found = ExpertFactory(person=PersonFactory(first_name="Amina", last_name="Watanabe"))
    ExpertFactory(person=PersonFactory(first_name="Pierre", last_name="Dubois"))
    client = client_as(secretariat)
    body = client.get("/training/sessions/tutor-picker/", {"tutor_q": "Watanabe", "tutors": [ticked.pk]})
    html = body.content.decode()
    assert f'value="{ticked.pk}" checked' in html
    assert f'value="{found.pk}">' in html
    assert "Dubois" not in html
    assert "Type two letters" in client.get("/training/sessions/tutor-picker/", {"tutor_q": "W"}).content.decode()


def test_only_the_secretariat_edits_the_catalogue_and_sees_the_links(
    client_as, secretariat, member_user, rocb_officer
):
    session = SessionFactory()
    urls = [
        "/training/programmes/new/",
        f"/training/programmes/{session.programme_id}/edit/",
        "/training/sessions/new/",
        f"/training/sessions/{session.pk}/edit/",
        "/training/sessions/tutor-picker/",
    ]
    for user in (member_user, rocb_officer):
        client = client_as(user)
        for url in urls:
            assert client.get(url).status_code == 403, url
        assert client.post(f"/training/sessions/{session.pk}/edit/", session_data()).status_code == 403
        assert 'id="session-edit"' not in client.get(session.get_absolute_url()).content.decode()
        assert 'id="programme-create"' not in client.get("/training/").content.decode()
    client = client_as(secretariat)
    assert 'id="programme-create"' in client.get("/training/").content.decode()
    assert 'id="session-create"' in client.get("/training/sessions/").content.decode()
    assert 'id="session-edit"' in client.get(session.get_absolute_url()).content.decode()
    programme_page = client.get(f"/training/programmes/{session.programme_id}/").content.decode()
    assert 'id="programme-edit"' in programme_page
    assert f"/training/sessions/new/?programme={session.programme_id}" in programme_page
