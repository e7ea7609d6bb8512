from django.urls import path

from training.views import catalogue, certificates, editing, links, transfer
from training.views import path as participant_path

app_name = "training"
urlpatterns = [
    path("", catalogue.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/new/", editing.ProgrammeEditView.as_view(), name="programme-create"),
    path("programmes/<int:pk>/", catalogue.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("programmes/<int:pk>/edit/", editing.ProgrammeEditView.as_view(), name="programme-edit"),
    path("sessions/", catalogue.SessionListView.as_view(), name="session-list"),
    path("sessions/new/", editing.SessionEditView.as_view(), name="session-create"),
    path("sessions/tutor-picker/", editing.TutorPickerView.as_view(), name="tutor-picker"),
    path("sessions/<int:pk>/", catalogue.SessionDetailView.as_view(), name="session-detail"),
    path("sessions/<int:pk>/edit/", editing.SessionEditView.as_view(), name="session-edit"),
    path("sessions/<int:pk>/nominate/", participant_path.NominateView.as_view(), name="nominate"),
    path("participants/", catalogue.ParticipantListView.as_view(), name="participant-list"),
    path("participants/<int:pk>/", participant_path.ParticipantDetailView.as_view(), name="participant-detail"),
    path(
        "participants/<int:pk>/move/<str:move>/",
        participant_path.ParticipantMoveView.as_view(),
        name="participant-move",
    ),
    path("participants/<int:pk>/reviewers/", participant_path.ReviewerGiveView.as_view(), name="reviewer-give"),
    path("mine/", participant_path.MyTrainingView.as_view(), name="mine"),
    path("certificates/<int:pk>/pdf/", certificates.CertificatePdfView.as_view(), name="certificate-pdf"),
    path("certificates/<int:pk>/revoke/", certificates.CertificateRevokeView.as_view(), name="certificate-revoke"),
    path("verify/", certificates.VerifyView.as_view(), name="verify"),
    path("verify/<str:code>/", certificates.VerifyView.as_view(), name="verify-code"),
    path("feedback/<str:token>/", links.FeedbackAnswerView.as_view(), name="feedback-answer"),
    path("review/<str:token>/", links.ReviewAnswerView.as_view(), name="review-answer"),
    path("import/", transfer.ImportView.as_view(), name="import"),
]
