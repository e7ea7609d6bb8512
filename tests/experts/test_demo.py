"""The demo data: the Asia/Pacific table of March 2012 reproduced exactly by a query, the
December 2021 proportions, and seeding twice changes nothing."""

import datetime

import pytest
from django.db.models import Count, Q
from pghistory.models import Events

from experts import demo
from experts.choices import ExpertKind
from experts.models import Accreditation, Expert
from wcocb import demo as wcocb_demo

pytestmark = pytest.mark.django_db

MARCH_2012 = {
    "DF": (49, 0),
    "CMA": (12, 11),
    "ET-HS": (9, 0),
    "ET-VAL": (12, 0),
    "ET-PCA": (2, 0),
    "ET-ROO": (2, 0),
    "TOA-AEO": (3, 7),
    "TOA-RKC": (4, 0),
    "TOA-IPR": (5, 0),
    "TOA-DM": (1, 1),
}


def table(region: str, as_of: datetime.date) -> dict[str, tuple[int, int]]:
    """Fully accredited / 1st step per area in a region as of a date (each accreditation counted)."""
    live = Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=as_of)
    full = Q(accredited_on__lte=as_of)
    first = Q(workshop_passed_on__lte=as_of) & (Q(accredited_on__isnull=True) | Q(accredited_on__gt=as_of))
    rows = (
        Accreditation.objects.filter(live, expert__person__administration__region__code=region)
        .values("area__code")
        .annotate(full=Count("pk", filter=full), first=Count("pk", filter=first))
        .order_by()
    )
    return {row["area__code"]: (row["full"], row["first"]) for row in rows if row["full"] or row["first"]}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            wcocb_demo.seed()
            demo.seed()
            yield
            transaction.set_rollback(True)


def test_asia_pacific_march_2012_is_reproduced_exactly(seeded):
    result = table("AP", datetime.date(2012, 3, 31))

    assert result == MARCH_2012
    assert sum(full for full, _first in result.values()) == 99
    assert sum(first for _full, first in result.values()) == 19
    assert sum(full + first for full, first in result.values()) == 118
    # experts hold several accreditations and are counted in each
    ap_experts = Expert.objects.filter(external_id__startswith="DEMO-AP12-").count()
    assert ap_experts < 118


def test_december_2021_proportions(seeded):
    as_of = datetime.date(2021, 12, 31)
    counts = dict(
        Accreditation.objects.filter(accredited_on__lte=as_of)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=as_of))
        .values_list("area__category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    total = sum(counts.values())
    reference_total = sum(demo.DEC_2021.values())
    assert 250 <= total <= 350
    for category, reference in demo.DEC_2021.items():
        assert abs(counts.get(category, 0) / total - reference / reference_total) < 0.02, category
    regions = set(
        Accreditation.objects.filter(accredited_on__year__gte=2013).values_list(
            "expert__person__administration__region__code", flat=True
        )
    )
    assert len(regions) == 6
    ten_toa = Accreditation.objects.filter(area__category="TOA", accredited_on__year__gte=2013)
    assert ten_toa.values("area").distinct().count() == 10


def test_other_kinds_deployments_unavailability_and_the_expert_login(seeded):
    kinds = set(Expert.objects.values_list("kind", flat=True))
    assert {ExpertKind.RECOGNIZED, ExpertKind.EXTERNAL, ExpertKind.CONSULTANT, ExpertKind.CANDIDATE} <= kinds
    assert Expert.objects.filter(deployments__isnull=False).distinct().count() >= 20
    assert Expert.objects.filter(unavailabilities__isnull=False).exists()
    profile = Expert.objects.get(person__user__username="expert")
    assert profile.accreditations.filter(stage="fully_accredited").exists()


def test_the_expert_login_bears_its_expert_records_name_and_search_finds_it(seeded):
    from experts.filters import ExpertFilterSet
    from experts.selectors import expert_list
    from wcocb.models import User

    login = User.objects.get(username="expert")
    profile = Expert.objects.select_related("person").get(person__user=login)
    assert login.get_full_name() == profile.person.full_name
    admin = User.objects.get(username="admin")
    found = ExpertFilterSet({"q": login.get_full_name()}, queryset=expert_list(admin)).qs
    assert found[0] == profile


def test_several_member_administrations_have_demo_logins(seeded):
    from wcocb.models import User

    members = User.objects.filter(role="member").values_list("administration__iso_code", flat=True)
    assert {"TH", "KE", "MY", "VN", "FR"} <= set(members)


def test_seeding_twice_changes_nothing(seeded):
    experts, accreditations, events = Expert.objects.count(), Accreditation.objects.count(), Events.objects.count()

    summary = demo.seed()

    assert summary["expert"]["created"] == summary["expert"]["updated"] == 0
    assert summary["accreditation"]["created"] == summary["accreditation"]["updated"] == 0
    assert (Expert.objects.count(), Accreditation.objects.count(), Events.objects.count()) == (
        experts,
        accreditations,
        events,
    )
