"""RankedPaginator: a page ordered by an annotation comes with its total in one query, and is the
very page Django's paginator would give."""

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import F, Prefetch
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext

from wcocb.models import MemberAdministration, Region
from wcocb.pagination import RankedPaginator, ranked

pytestmark = pytest.mark.django_db


def _by_name_length():
    """Every administration with its region, ordered by a value computed per row."""
    return (
        MemberAdministration.objects.select_related("region")
        .annotate(score=Length("name_en"))
        .order_by("-score", "iso_code")
    )


def test_only_a_queryset_ordered_by_an_annotation_is_ranked():
    assert ranked(_by_name_length())
    assert ranked(MemberAdministration.objects.annotate(score=Length("name_en")).order_by(F("score").desc()))
    assert not ranked(MemberAdministration.objects.order_by("name_en"))
    assert not ranked(MemberAdministration.objects.annotate(score=Length("name_en")).order_by("iso_code", "-score"))
    assert not ranked(_by_name_length().distinct())
    assert not ranked(list(_by_name_length()))


@pytest.mark.parametrize("per_page", [7, 50])
def test_every_page_is_the_page_django_gives(per_page):
    expected = Paginator(_by_name_length(), per_page)
    paginator = RankedPaginator(_by_name_length(), per_page)
    assert expected.count > 2 * 7  # the reference data: several pages
    for number in expected.page_range:
        page = paginator.page(number)
        reference = expected.page(number)
        assert [(row.iso_code, row.score) for row in page] == [(row.iso_code, row.score) for row in reference]
        assert (page.has_next(), page.has_previous()) == (reference.has_next(), reference.has_previous())
    assert paginator.count == expected.count
    assert paginator.num_pages == expected.num_pages


def test_a_ranked_page_takes_one_query_for_keys_and_total_and_one_for_the_rows(django_assert_num_queries):
    paginator = RankedPaginator(_by_name_length(), 7)
    with CaptureQueriesContext(connection) as captured:
        page = paginator.page(2)
        regions = [row.region.code for row in page]  # select_related kept: no query per row
        total = paginator.count  # known from the first query
    assert len(captured.captured_queries) == 2
    keys, rows = (query["sql"] for query in captured.captured_queries)
    assert "OVER ()" in keys
    assert "LIMIT 7 OFFSET 7" in keys
    assert "ORDER BY" not in rows  # rows by key: not sorted, filtered or ranked again
    assert "LENGTH" not in rows
    assert len(regions) == 7
    assert total == MemberAdministration.objects.count()


def test_prefetches_and_filters_of_the_list_are_kept(django_assert_num_queries):
    region = Region.objects.get(code="AP")
    queryset = (
        Region.objects.filter(code__in=["AP", "ESA"])
        .prefetch_related(Prefetch("members", to_attr="listed"))
        .annotate(score=Length("code"))
        .order_by("-score", "code")
    )
    with django_assert_num_queries(3):
        page = RankedPaginator(queryset, 10).page(1)
        listed = {row.code: len(row.listed) for row in page}
    assert listed == {"ESA": MemberAdministration.objects.filter(region__code="ESA").count(),
                      "AP": region.members.count()}  # fmt: skip


def test_empty_and_invalid_pages_answer_as_django_does(django_assert_num_queries):
    nothing = _by_name_length().filter(iso_code="--")
    with django_assert_num_queries(1):
        page = RankedPaginator(nothing, 10).page(1)
    assert list(page) == []
    assert page.paginator.count == 0
    paginator = RankedPaginator(_by_name_length(), 10)
    with pytest.raises(EmptyPage, match="no results"):
        paginator.page(paginator.num_pages + 1)
    with pytest.raises(EmptyPage, match="less than 1"):
        paginator.page(0)
    with pytest.raises(PageNotAnInteger):
        paginator.page("two")
    with pytest.raises(EmptyPage):
        RankedPaginator(nothing, 10, allow_empty_first_page=False).page(1)


def test_a_list_ordered_by_columns_pages_as_django_does():
    with CaptureQueriesContext(connection) as captured:
        page = RankedPaginator(MemberAdministration.objects.order_by("iso_code"), 10).page(2)
        list(page)
    assert [query["sql"].startswith('SELECT COUNT(*) AS "__count"') for query in captured.captured_queries] == [
        True,
        False,
    ]
    assert all("OVER ()" not in query["sql"] for query in captured.captured_queries)
