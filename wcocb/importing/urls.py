from django.urls import path

from wcocb.importing import views

app_name = "imports"
urlpatterns = [
    path("<int:pk>/", views.JobView.as_view(), name="job"),
    path("<int:pk>/progress/", views.JobProgressView.as_view(), name="progress"),
    path("<int:pk>/confirm/", views.JobConfirmView.as_view(), name="confirm"),
]
