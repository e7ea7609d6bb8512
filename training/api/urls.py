"""API routes of the training app, under /api/v1/training/ (gathered by wcocb.api.urls)."""

from training.api.views import (
    CertificateViewSet,
    CompletionViewSet,
    FeedbackViewSet,
    ImpactReviewViewSet,
    ParticipantViewSet,
    ProgrammeViewSet,
    SessionViewSet,
)

urlpatterns: list = []
routes: list = [
    ("training/programmes", ProgrammeViewSet, "training-programme"),
    ("training/sessions", SessionViewSet, "training-session"),
    ("training/participants", ParticipantViewSet, "training-participant"),
    ("training/certificates", CertificateViewSet, "training-certificate"),
    ("training/feedback", FeedbackViewSet, "training-feedback"),
    ("training/impact-reviews", ImpactReviewViewSet, "training-impact-review"),
    ("training/elearning-completions", CompletionViewSet, "training-elearning-completion"),
]
