from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

from wcocb.api.schema import CachedSchemaView
from wcocb.apps import discover
from wcocb.views import pages as views
from wcocb.views import reference as views_reference

handler400 = "wcocb.views.error_400"
handler403 = "wcocb.views.error_403"
handler404 = "wcocb.views.error_404"
handler500 = "wcocb.views.error_500"


urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("wcocb.api.urls")),
    path("api/schema/", CachedSchemaView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", views.HomeView.as_view(), name="home"),
    path("account/", views.AccountView.as_view(), name="account"),
    path("history/<str:model>/<str:pk>/", views.HistoryView.as_view(), name="history"),
    path("imports/", include("wcocb.importing.urls")),
    path("reference/members/", views.MemberListView.as_view(), name="member-list"),
    path("reference/members/<int:pk>/edit/", views.MemberUpdateView.as_view(), name="member-edit"),
    path("reference/", views_reference.ReferenceIndexView.as_view(), name="reference-index"),
    path("reference/<slug:table>/", views_reference.ReferenceListView.as_view(), name="reference-list"),
    path("reference/<slug:table>/new/", views_reference.ReferenceEditView.as_view(), name="reference-create"),
    path("reference/<slug:table>/<int:pk>/edit/", views_reference.ReferenceEditView.as_view(), name="reference-edit"),
]
# Each domain app's pages, from its urls.py, at /<app>/ (one namespace per app: its app_name).
urlpatterns += [path(f"{app}/", include(module)) for app, module in discover("urls")]
# Uploaded files (expert photos, mission documents, release letters) are never served from /media/:
# only through their permission-checked views, in development as in production.
