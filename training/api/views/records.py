"""``certificates/`` (with ``revoke``), ``feedback/``, ``impact-reviews/``, ``elearning-completions/``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from training import selectors, services
from training.api import serializers as s
from training.api.views.common import REFUSALS
from training.filters import CertificateFilterSet, CompletionFilterSet
from training.models import Certificate, ELearningCompletion, FeedbackForm, ImpactReview


class CertificateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CertificateSerializer
    filterset_class = CertificateFilterSet
    queryset = Certificate.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Certificate.objects.none()
        return selectors.certificate_list(user=self.request.user).order_by("-issued_on", "pk")

    @extend_schema(
        summary="Revoke a certificate, with a reason (Secretariat)",
        request=s.CertificateRevokeInput,
        responses={200: s.CertificateSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        certificate = self.get_object()
        data = s.CertificateRevokeInput(data=request.data)
        data.is_valid(raise_exception=True)
        certificate = services.certificate_revoke(certificate=certificate, by=request.user, **data.validated_data)
        return Response(self.get_serializer(selectors.certificate_list(user=request.user).get(pk=certificate.pk)).data)


class FeedbackViewSet(viewsets.ReadOnlyModelViewSet):
    """Feedback forms (the Secretariat; a participant their own). Aggregates: ``sessions/{id}/figures/``."""

    serializer_class = s.FeedbackSerializer
    queryset = FeedbackForm.objects.none()
    filterset_fields = ["participant__session"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FeedbackForm.objects.none()
        return selectors.feedback_list(user=self.request.user).order_by("-created_at", "pk")


class ImpactReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """360° review requests; the answers are the Secretariat's (aggregates: ``sessions/{id}/figures/``)."""

    serializer_class = s.ImpactReviewSerializer
    queryset = ImpactReview.objects.none()
    filterset_fields = ["reviewer__participant__session", "reviewer__participant"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ImpactReview.objects.none()
        return selectors.impact_review_list(user=self.request.user).order_by("deadline", "pk")


class CompletionViewSet(viewsets.ReadOnlyModelViewSet):
    """E-learning completions (imported from the platform's CSV through ``/api/v1/import-jobs/``)."""

    serializer_class = s.CompletionSerializer
    filterset_class = CompletionFilterSet
    queryset = ELearningCompletion.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ELearningCompletion.objects.none()
        return selectors.completion_list(user=self.request.user).order_by("-completed_on", "pk")
