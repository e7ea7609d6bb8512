"""The read log: who outside the administration read its integrity records (the administration sees it)."""

from __future__ import annotations

from django_filters.views import FilterView

from integrity import selectors
from integrity.filters import IntegrityReadFilterSet
from integrity.views._common import OwnersPage


class ReadLogView(OwnersPage, FilterView):
    filterset_class = IntegrityReadFilterSet
    paginate_by = 50
    template_name = "integrity/read_log.html"

    def get_queryset(self):
        return selectors.read_log(user=self.request.user)
