"""Pages of the project package: :mod:`.pages` (home, account, history, member administrations,
health check, error pages) and :mod:`.reference` (the reference-data tables)."""

from wcocb.views.pages import (
    AccountView,
    HistoryView,
    HomeView,
    MemberListView,
    MemberUpdateView,
    error_400,
    error_403,
    error_404,
    error_500,
    healthz,
)
from wcocb.views.reference import ReferenceEditView, ReferenceIndexView, ReferenceListView

__all__ = [
    "AccountView",
    "HistoryView",
    "HomeView",
    "MemberListView",
    "MemberUpdateView",
    "ReferenceEditView",
    "ReferenceIndexView",
    "ReferenceListView",
    "error_400",
    "error_403",
    "error_404",
    "error_500",
    "healthz",
]
