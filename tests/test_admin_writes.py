"""The admin is one more door to the same rules, generated over every registered admin of our apps.

For each model admin of ``wcocb`` and of every app in ``settings.DOMAIN_APPS``, as a superuser: what
it lets one add or change must be saved by a ``save_model`` of ours (which calls the app's service),
what it lets one delete must be deleted by our ``delete_model`` *and* ``delete_queryset`` (the
"delete selected" action), and an inline that lets one edit rows needs our ``save_formset``. A new
admin falls under this by itself; one that cannot must be listed here with its reason.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin, ModelAdmin
from django.test import RequestFactory

from tests import factories

pytestmark = pytest.mark.django_db

#: Admins that write through Django's own machinery, and why that is right.
NOT_THROUGH_SERVICES = {
    "wcocb.User": "Django's user admin (accounts, passwords, roles); a password change or a deactivation "
    "revokes the user's API tokens by signal (tests/wcocb/test_tokens.py)",
}

OUR_APPS = {"wcocb", *settings.DOMAIN_APPS}


def _ours(cls: type, name: str) -> bool:
    """Whether ``name`` is defined by a class of ours in ``cls``'s hierarchy, not by Django's."""
    return any(name in klass.__dict__ for klass in cls.__mro__ if klass.__module__.split(".")[0] in OUR_APPS)


def _admins() -> list:
    return [
        pytest.param(model_admin, id=model._meta.label)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OUR_APPS and model._meta.label not in NOT_THROUGH_SERVICES
    ]


def _editable(inline: InlineModelAdmin, request) -> bool:
    if inline.has_add_permission(request, None) or (inline.can_delete and inline.has_delete_permission(request)):
        return True
    if not inline.has_change_permission(request):
        return False
    fields = set(inline.get_fields(request)) - set(inline.get_readonly_fields(request))
    return bool(fields)


@pytest.fixture
def superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = factories.SecretariatFactory(username="root", is_superuser=True, is_staff=True)
    return request


@pytest.mark.parametrize("model_admin", _admins())
def test_every_admin_door_goes_through_a_service(model_admin: ModelAdmin, superuser_request):
    cls = type(model_admin)
    request = superuser_request
    missing = []
    saves = model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
    if saves and not _ours(cls, "save_model"):
        missing.append("adds or changes rows without a save_model of ours")
    if model_admin.has_delete_permission(request):
        missing += [
            f"deletes rows without a {name} of ours"
            for name in ("delete_model", "delete_queryset")
            if not _ours(cls, name)
        ]
    # Inlines are saved only with their parent (a read-only parent refuses every POST).
    for inline in model_admin.get_inline_instances(request) if saves else []:
        if _editable(inline, request) and not _ours(cls, "save_formset"):
            missing.append(f"edits {inline.model._meta.label} inline without a save_formset of ours")
    assert not missing, f"{model_admin.model._meta.label}: " + "; ".join(missing)


def test_the_listed_exceptions_are_registered():
    registered = {model._meta.label for model in admin.site._registry}
    assert set(NOT_THROUGH_SERVICES) <= registered
