from django.urls import path

from missions import views

app_name = "missions"
urlpatterns = [
    path("", views.RequestListView.as_view(), name="request-list"),
    path("pipeline/", views.PipelineView.as_view(), name="pipeline"),
    path("new/", views.RequestCreateView.as_view(), name="request-create"),
    path("<int:pk>/", views.RequestDetailView.as_view(), name="request-detail"),
    path("<int:pk>/act/<str:action>/", views.RequestActionView.as_view(), name="request-action"),
    path("release-letters/", views.ReleaseLetterListView.as_view(), name="letter-list"),
    path("release-letters/<int:pk>/<str:answer>/", views.ReleaseLetterAnswerView.as_view(), name="letter-answer"),
    path("mine/", views.MyMissionsView.as_view(), name="my-missions"),
]
