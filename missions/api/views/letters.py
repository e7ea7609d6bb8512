"""``/api/v1/release-letters/``: a member administration sees those addressed to it and answers them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from missions import selectors, services
from missions.api import serializers as s
from missions.api.views.requests import REFUSALS
from missions.filters import (
    ReleaseLetterFilterSet,
)
from wcocb.choices import Role


class ReleaseLetterViewSet(viewsets.ReadOnlyModelViewSet):
    """Release letters: a member administration sees those addressed to it and answers them."""

    serializer_class = s.ReleaseLetterSerializer
    filterset_class = ReleaseLetterFilterSet
    write_roles = {Role.SECRETARIAT, Role.MEMBER}

    def get_queryset(self):
        return selectors.letter_list(user=self.request.user)

    def _answered(self, letter) -> Response:
        letter = selectors.letter_list(user=self.request.user).get(pk=letter.pk)
        return Response(s.ReleaseLetterSerializer(letter, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Approve the release (the expert's home administration, or the Secretariat on its behalf)",
        request=s.ApproveInput,
        responses={200: s.ReleaseLetterSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        letter = self.get_object()
        data = s.ApproveInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.release_approve(
            letter=letter,
            by=request.user,
            comment=data.validated_data["comment"],
            override_reason=data.validated_data["override_reason"],
        )
        return self._answered(letter)

    @extend_schema(
        summary="Decline the release, with a reason",
        request=s.ReasonInput,
        responses={200: s.ReleaseLetterSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        letter = self.get_object()
        data = s.ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.release_decline(letter=letter, by=request.user, reason=data.validated_data["reason"])
        return self._answered(letter)
