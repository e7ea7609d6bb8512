"""The project package's own services check their caller, whatever door the change came through."""

import pytest

from tests import factories
from wcocb import services
from wcocb.errors import ForbiddenError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["member_user", "rocb_officer", "expert_user", "api_client_user"])
def test_only_the_secretariat_changes_a_member_administration(request, who):
    japan = factories.member("JP")
    with pytest.raises(ForbiddenError):
        services.member_administration_update(administration=japan, by=request.getfixturevalue(who), name_en="X")
    japan.refresh_from_db()
    assert japan.name_en == "Japan"


def test_an_inactive_secretariat_account_is_nobody(secretariat):
    secretariat.is_active = False
    secretariat.save(update_fields=["is_active"])
    with pytest.raises(ForbiddenError):
        services.member_administration_update(administration=factories.member("JP"), by=secretariat, name_en="X")


def test_the_secretariat_changes_a_member_administration(secretariat):
    japan = services.member_administration_update(
        administration=factories.member("JP"), by=secretariat, name_en="Japan Customs"
    )
    japan.refresh_from_db()
    assert japan.name_en == "Japan Customs"


def test_the_registry_keeps_each_item_once_and_can_be_swapped():
    from wcocb.registry import Registry

    registry = Registry()
    store = registry.declare("things", "a store for the test")
    assert registry.declare("things") is store
    store.add(len)
    store.add(len)
    assert list(store) == [len]
    with store.replaced([abs]):
        assert list(store) == [abs]
    assert list(store) == [len]
    assert registry.names() == ["things"]
