"""``/api/v1/training/...``: the catalogue, the participant path (its moves as actions), certificates,
feedback, 360° impact reviews and e-learning completions. Each action runs input serializer → service →
output serializer; a refusal answers 400/403/409 with ``{"error": {...}}`` and the reason (the services
check the caller; ``write_roles``/``action_roles`` only pre-check the role)."""

from training.api.views.catalogue import ProgrammeViewSet, SessionViewSet
from training.api.views.participants import ParticipantViewSet
from training.api.views.records import (
    CertificateViewSet,
    CompletionViewSet,
    FeedbackViewSet,
    ImpactReviewViewSet,
)

__all__ = [
    "CertificateViewSet",
    "CompletionViewSet",
    "FeedbackViewSet",
    "ImpactReviewViewSet",
    "ParticipantViewSet",
    "ProgrammeViewSet",
    "SessionViewSet",
]
