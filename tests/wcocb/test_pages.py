"""The UI shell: home per role, navigation by role, friendly errors, reference pages, history."""

import pytest
from django.urls import reverse

from tests import factories
from wcocb.models import MemberAdministration

pytestmark = pytest.mark.django_db

ROLES = ["secretariat", "rocb_officer", "member_user", "expert_user", "api_client_user"]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("fixture", ROLES)
def test_home_greets_every_role_and_shows_what_waits(request, client_as, fixture):
    user = request.getfixturevalue(fixture)
    page = client_as(user).get(reverse("home")).content.decode()
    assert "Waiting for you" in page
    assert user.get_role_display() in page


def test_navigation_follows_the_role(client_as, secretariat, member_user):
    assert 'href="/reference/members/"' in client_as(secretariat).get(reverse("home")).content.decode()
    assert 'href="/reference/members/"' not in client_as(member_user).get(reverse("home")).content.decode()


def test_admin_link_only_for_superusers(client_as, secretariat):
    assert 'href="/admin/"' not in client_as(secretariat).get(reverse("home")).content.decode()
    secretariat.is_superuser = secretariat.is_staff = True
    secretariat.save()
    assert 'href="/admin/"' in client_as(secretariat).get(reverse("home")).content.decode()


def test_friendly_404_page(client_as, secretariat):
    response = client_as(secretariat).get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_friendly_403_page(client_as, member_user):
    thailand = factories.member("TH")
    response = client_as(member_user).get(reverse("member-edit", args=[thailand.pk]))
    assert response.status_code == 403
    assert "You cannot open this page" in response.content.decode()


def test_member_list_filters_and_paginates(client_as, secretariat):
    client = client_as(secretariat)
    page = client.get(reverse("member-list"), {"region": "AP"})
    assert page.context["paginator"].count == 35
    assert "Page 1 of 2" in page.content.decode()


def test_member_list_returns_a_partial_to_htmx(client_as, secretariat):
    response = client_as(secretariat).get(reverse("member-list"), {"q": "Thai"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "Thailand" in body


def test_secretariat_edits_a_member_and_the_change_is_in_its_history(client_as, secretariat):
    client = client_as(secretariat)
    thailand = factories.member("TH")
    response = client.post(
        reverse("member-edit", args=[thailand.pk]),
        {
            "name_en": "Thailand",
            "name_fr": "Thaïlande (Royaume de)",
            "name_es": "Tailandia",
            "region": thailand.region_id,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    history = client.get(reverse("history", args=["wcocb.memberadministration", thailand.pk]))
    page = history.content.decode()
    assert "Thaïlande (Royaume de)" in page
    assert str(secretariat) in page


def test_invalid_edit_shows_field_errors_and_saves_nothing(client_as, secretariat):
    thailand = factories.member("TH")
    response = client_as(secretariat).post(reverse("member-edit", args=[thailand.pk]), {"name_en": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert MemberAdministration.objects.get(pk=thailand.pk).name_en == "Thailand"


def test_history_of_a_record_the_user_cannot_see_is_404(client_as, member_user):
    other = factories.PersonFactory(administration=factories.member("JP"))
    assert client_as(member_user).get(reverse("history", args=["wcocb.person", other.pk])).status_code == 404
    own = factories.PersonFactory(administration=factories.member("TH"))
    assert client_as(member_user).get(reverse("history", args=["wcocb.person", own.pk])).status_code == 200


def test_history_of_unknown_model_is_404(client_as, secretariat):
    assert client_as(secretariat).get("/history/nope.nothing/1/").status_code == 404


def test_home_query_count_is_small(client_as, secretariat, django_assert_max_num_queries):
    client = client_as(secretariat)
    with django_assert_max_num_queries(15):
        client.get(reverse("home"))


def test_navigation_folds_each_apps_pages_into_one_dropdown(client_as, secretariat):
    from wcocb.navigation import MenuGroup, menu_groups_for

    menu = menu_groups_for(secretariat)
    groups = {entry.label: entry for entry in menu if isinstance(entry, MenuGroup)}
    assert {"Experts", "Missions"} <= {str(label) for label in groups}
    missions = next(entry for label, entry in groups.items() if str(label) == "Missions")
    assert {item.url_name for item in missions.items} >= {"missions:request-list", "missions:pipeline"}
    page = client_as(secretariat).get(reverse("home")).content.decode()
    assert page.count('class="nav-link dropdown-toggle"') >= 3  # Experts, Missions and the user menu


def test_a_single_page_app_menu_is_a_plain_link(client_as, expert_user):
    from wcocb.navigation import MenuGroup, MenuItem, menu_for, menu_groups_for

    # The expert has one page in each of the experts and missions apps: each is a plain link, not a
    # dropdown of one, and it keeps its place.
    single = [
        item.url_name for item in menu_for(expert_user) if item.url_name.split(":")[0] in {"experts", "missions"}
    ]
    assert single == ["experts:my-profile", "missions:my-missions"]
    entries = menu_groups_for(expert_user)
    groups = [entry for entry in entries if isinstance(entry, MenuGroup)]
    assert not [group for group in groups if len(group.items) < 2], "a dropdown of one entry"
    assert not [group for group in groups if {i.url_name.split(":")[0] for i in group.items} & {"experts", "missions"}]
    assert [entry.url_name for entry in entries if isinstance(entry, MenuItem)][1:3] == single
    page = client_as(expert_user).get(reverse("home")).content.decode()
    # One dropdown per app with two or more entries (Mercator, training), and the user menu.
    assert page.count('class="nav-link dropdown-toggle"') == len(groups) + 1
    assert reverse("missions:my-missions") in page


def test_history_with_a_malformed_key_is_404(client_as, secretariat):
    response = client_as(secretariat).get("/history/wcocb.region/abc/")
    assert response.status_code == 404


def test_history_names_each_kind_of_change_and_survives_the_deletion(client_as, secretariat, member_user):
    person = factories.PersonFactory(administration=factories.member("TH"), current_post="Officer")
    person.current_post = "Director"
    person.save()
    pk = person.pk
    person.delete()

    page = client_as(secretariat).get(reverse("history", args=["wcocb.person", pk])).content.decode()
    assert f"deleted record #{pk}" in page
    for label in ("created", "changed", "deleted", "first version", "the record was deleted"):
        assert label in page, label
    assert "Director" in page
    # Without the record there is no scope to check: only the Secretariat reads a deleted record's history.
    assert client_as(member_user).get(reverse("history", args=["wcocb.person", pk])).status_code == 404
    assert client_as(secretariat).get(reverse("history", args=["wcocb.person", pk + 1000])).status_code == 404
