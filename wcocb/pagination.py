"""The paginator of every list page and API list: Django's, plus one shortcut for ranked results.

A page ordered by a computed value (``ORDER BY rank DESC`` of a full-text search) makes
PostgreSQL compute and sort *every* match before it can cut the page. Django's paginator then
pays for the matching twice (``COUNT(*)``, then the page) and the page query joins the related
rows of every match before the sort. :class:`RankedPaginator` instead asks for the keys of the
page and the total in one query (``COUNT(*) OVER ()`` beside the keys: the sort happens anyway),
then loads the page's rows by key with the list's ``select_related`` and ``prefetch_related``.

Lists ordered by columns keep Django's two queries: there the page is an index scan cut after
a few rows, which a window count would turn into a read of every match.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, QuerySet, Window
from django.db.models.expressions import OrderBy

TOTAL = "_page_total"


def _first_ordering_name(queryset: QuerySet) -> str | None:
    ordering = queryset.query.order_by
    if not ordering:
        return None
    first = ordering[0]
    if isinstance(first, str):
        return first.removeprefix("-")
    if isinstance(first, OrderBy) and isinstance(first.expression, F):
        return first.expression.name
    return None


def ranked(queryset) -> bool:
    """Is ``queryset`` ordered first by one of its annotations (a value computed per row)?"""
    if not isinstance(queryset, QuerySet):
        return False
    query = queryset.query
    if query.distinct or query.combinator or query.is_sliced or query.group_by is not None:
        return False
    return _first_ordering_name(queryset) in query.annotation_select


def _select_related_paths(tree: dict, prefix: str = "") -> list[str]:
    paths = []
    for name, children in tree.items():
        path = f"{prefix}{name}"
        paths += _select_related_paths(children, f"{path}__") if children else [path]
    return paths


def rows_by_key(queryset: QuerySet, keys: list) -> QuerySet:
    """The rows of ``keys`` loaded as ``queryset`` loads its rows (related rows, prefetches,
    deferred fields), without its filters: the keys were chosen by them already, and repeating
    them lets the planner pick the filters' indexes over the primary key."""
    rows = queryset.model._base_manager.filter(pk__in=keys).order_by()
    related = queryset.query.select_related
    if related is True:
        rows = rows.select_related()
    elif related:
        rows = rows.select_related(*_select_related_paths(related))
    rows.query.deferred_loading = queryset.query.deferred_loading
    return rows.prefetch_related(*queryset._prefetch_related_lookups)


class RankedPaginator(Paginator):
    """Django's paginator; for a ranked queryset (see :func:`ranked`) the page's keys and the total
    come from one query and the rows by key (two queries in all, as before, but the matching and
    the sort run once and on the main table alone). The ordering's annotations (``rank``) are
    copied onto the rows."""

    def page(self, number) -> Page:
        if self.orphans or not ranked(self.object_list):
            return super().page(number)
        number = self._validate_number(number, float("inf"))
        bottom = (number - 1) * self.per_page
        names = list(self.object_list.query.annotation_select)
        keyed = self.object_list.annotate(**{TOTAL: Window(Count("pk"))}).values_list("pk", TOTAL, *names)
        found = list(keyed[bottom : bottom + self.per_page])
        if not found:
            if number == 1 and self.allow_empty_first_page:
                self.__dict__["count"] = 0
                return self._get_page([], number, self)
            return super().page(number)  # counts, then answers "no results" as Django does
        self.__dict__["count"] = found[0][1]  # Paginator.count is a cached_property
        rows = {row.pk: row for row in rows_by_key(self.object_list, [key for key, *_rest in found])}
        page = []
        for key, _total, *values in found:
            row = rows.get(key)
            if row is None:  # deleted between the two queries
                continue
            for name, value in zip(names, values, strict=True):
                setattr(row, name, value)
            page.append(row)
        return self._get_page(page, number, self)
