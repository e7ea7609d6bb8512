"""Names and free texts refuse control characters (ESC, form feed, NUL...) through the API and the forms;
multi-line texts keep tab and line breaks."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories
from wcocb.forms import Form
from wcocb.models import Person
from wcocb.validators import no_control_characters, no_control_characters_multiline

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("character", ["\x1b", "\x0c", "\x00", "\x08", "\x7f", "\x85", "\t", "\n"])
def test_a_single_line_text_refuses_every_control_character(character):
    with pytest.raises(ValidationError):
        no_control_characters(f"Garcia{character}")


def test_a_multi_line_text_keeps_tab_and_line_breaks_only():
    no_control_characters_multiline("line one\r\n\tline two")
    no_control_characters("Zaïnab Mwangi, O'Brien 中文")
    with pytest.raises(ValidationError):
        no_control_characters_multiline("bell\x07")


def test_the_api_refuses_a_control_character_in_a_name_with_a_field_error(api_as, secretariat):
    person = factories.PersonFactory(first_name="Ana")

    response = api_as(secretariat).patch(
        f"/api/v1/people/{person.pk}/", {"first_name": "Ana\x1b[31m", "current_post": "Chi\x0cef"}, format="json"
    )

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"first_name", "current_post"}
    person.refresh_from_db()
    assert person.first_name == "Ana"


def test_the_api_still_accepts_ordinary_text(api_as, secretariat):
    person = factories.PersonFactory()
    response = api_as(secretariat).patch(
        f"/api/v1/people/{person.pk}/", {"first_name": "Zaïnab", "current_post": "Deputy Director"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert Person.objects.get(pk=person.pk).first_name == "Zaïnab"


def test_a_reference_form_refuses_a_control_character_with_a_field_error(client_as, secretariat):
    member = factories.member("TH")
    url = reverse("member-edit", args=[member.pk])
    data = {
        "name_en": "Thai\x1bland",
        "name_fr": member.name_fr,
        "name_es": member.name_es,
        "region": member.region_id,
    }

    response = client_as(secretariat).post(url, {**data, "is_active": "on"})

    assert response.status_code == 200
    assert "name_en" in response.context["form"].errors
    member.refresh_from_db()
    assert "\x1b" not in member.name_en


def test_the_form_base_keeps_line_breaks_in_a_textarea():
    class Example(Form):
        name = forms.CharField()
        notes = forms.CharField(widget=forms.Textarea)

    form = Example({"name": "B\x0co", "notes": "one\n\ttwo\x1b"})
    assert not form.is_valid()
    assert set(form.errors) == {"name", "notes"}
    assert Example({"name": "Bo", "notes": "one\r\n\ttwo"}).is_valid()
