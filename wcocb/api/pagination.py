from rest_framework.pagination import PageNumberPagination

from wcocb.pagination import RankedPaginator


class StandardPagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (at most 200); ranked results page in one query with their
    total (:class:`wcocb.pagination.RankedPaginator`)."""

    django_paginator_class = RankedPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
