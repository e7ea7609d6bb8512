"""The TFA matrix and each member's implementation rate; members keep their own TFA rows."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mercator import selectors, services
from mercator.choices import TFA_ENTRY_INTO_FORCE, Phase
from mercator.models import TfaArticle, TfaCommitment, TfaMeasure
from tests import factories as base
from tests.mercator import factories as f
from wcocb.errors import DomainError, ForbiddenError

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def commit(iso, number, category, *, status="not_started", definitive=None, on=None, by=None):
    return services.commitment_save(
        commitment=TfaCommitment(
            administration=base.member(iso), measure=f.measure(number), category=category,
            definitive_date=definitive, status=status, status_date=on,
        ),
        by=by or base.SecretariatFactory(),
    )  # fmt: skip


def test_the_tfa_is_seeded_in_three_languages():
    assert TfaArticle.objects.count() == 13
    single_window = TfaMeasure.objects.get(number="10.4")
    assert (single_window.name_en, single_window.name_fr, single_window.name_es) == (
        "Single window", "Guichet unique", "Ventanilla única",
    )  # fmt: skip
    assert single_window.article.number == "10"
    for number in ("7.1", "7.4", "7.5", "7.6", "7.7", "23.2"):
        assert TfaMeasure.objects.filter(number=number).exists()
    assert not TfaMeasure.objects.filter(name_fr="").exists()
    assert not TfaMeasure.objects.filter(name_es="").exists()


def test_implementation_rate_and_on_time_against_definitive_dates():
    commit("TH", "7.1", "A", status="implemented", on=TFA_ENTRY_INTO_FORCE)  # A: definitive = entry into force
    commit("TH", "7.4", "B", status="implemented", definitive=datetime.date(2020, 2, 22), on=datetime.date(2021, 1, 1))
    commit("TH", "7.5", "C", status="in_progress", definitive=datetime.date(2025, 2, 22))
    commit("TH", "10.4", "C", definitive=datetime.date(2030, 2, 22))  # not due yet
    rate = selectors.implementation_rate(TfaCommitment.objects.filter(administration__iso_code="TH"), today=TODAY)
    assert (rate.total, rate.implemented, rate.due, rate.on_time) == (4, 2, 3, 1)
    assert rate.implemented_share == Decimal("0.5")
    assert rate.on_time_share == Decimal("0.3333")
    assert TfaCommitment.objects.get(measure__number="7.1").definitive_date == TFA_ENTRY_INTO_FORCE


def test_no_commitments_has_no_rate():
    rate = selectors.implementation_rate([], today=TODAY)
    assert rate.implemented_share is None
    assert rate.on_time_share is None


def test_implemented_needs_its_date():
    with pytest.raises(ValidationError, match="date"):
        commit("TH", "7.1", "B", status="implemented")


def test_a_member_keeps_its_own_rows_only(member_user, other_member_user):
    row = commit("TH", "7.4", "B", by=member_user)
    row.status, row.status_date = "implemented", datetime.date(2026, 5, 1)
    services.commitment_save(commitment=row, by=member_user)
    with pytest.raises(ForbiddenError):
        services.commitment_save(commitment=row, by=other_member_user)
    with pytest.raises(ForbiddenError):
        commit("TH", "7.5", "B", by=other_member_user)
    row.administration = base.member("JP")
    with pytest.raises((DomainError, ForbiddenError)):
        services.commitment_save(commitment=row, by=base.SecretariatFactory())


def test_the_matrix_lists_the_regions_members_by_measure_with_what_serves_each_cell(django_assert_max_num_queries):
    clerk = base.SecretariatFactory()
    commit("TH", "7.4", "C", definitive=datetime.date(2024, 1, 1))
    plan = f.advance_to(f.make_plan(clerk), Phase.PLANNING_DELIVERY, clerk)
    recommendation = plan.recommendations.first() or f.add_recommendation(plan, clerk)
    recommendation = f.add_recommendation(plan, clerk, measures=("7.4", "10.4"))
    activity = f.add_activity(plan, clerk, recommendation=recommendation)
    ap = base.region("AP")
    with django_assert_max_num_queries(8):
        built = selectors.matrix(user=clerk, region=ap, today=TODAY)
    members = [row.administration.iso_code for row in built.rows]
    assert "TH" in members
    assert "KE" not in members
    row = next(row for row in built.rows if row.administration.iso_code == "TH")
    by_measure = dict(zip([m.number for m in built.measures], row.cells, strict=True))
    cell = by_measure["7.4"]
    assert cell.commitment.category == "C"
    assert recommendation in cell.recommendations
    assert activity in cell.activities
    assert "tfa-c" in cell.css
    assert by_measure["10.4"].commitment is None
    assert recommendation in by_measure["10.4"].recommendations
    assert row.rate.total == 1


def test_a_member_sees_its_own_row_only(member_user):
    commit("TH", "7.4", "B")
    commit("JP", "7.4", "B")
    built = selectors.matrix(user=member_user, region=base.region("AP"), today=TODAY)
    assert [row.administration.iso_code for row in built.rows] == ["TH"]
