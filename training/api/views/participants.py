"""``participants/`` (filters ``session``, ``administration``, ``status``, ``gender``): nominate (POST), then
the path's moves as actions ``select``, ``not-select``, ``enrol``, ``complete``, ``certify``, ``withdraw``,
and the 360° reviewers (``reviewers``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from training import selectors, services
from training.api import serializers as s
from training.api.views.common import REFUSALS
from training.filters import ParticipantFilterSet
from training.models import Participant
from wcocb.choices import Role

INPUTS = {
    "select": (s.PathCommentInput, "Select a nominated participant (Secretariat)"),
    "not_select": (s.PathCommentInput, "Do not select a nominated participant (Secretariat)"),
    "enrol": (s.PathCommentInput, "Enrol a selected participant; a full session puts them on its waiting list"),
    "complete": (s.PathCommentInput, "The participant completed the session (sends the feedback form)"),
    "certify": (s.PathCertifyInput, "Certify, with or without honours, and issue the certificate"),
    "withdraw": (s.PathCommentInput, "Withdraw (Secretariat, or the administration while on the path)"),
}


def _move_endpoint(name: str):
    input_serializer, summary = INPUTS[name]

    def endpoint(self, request, pk=None):
        participant = self.get_object()
        data = input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.perform(name, participant=participant, by=request.user, **data.validated_data)
        return self._detail(participant.pk)

    endpoint.__name__ = endpoint.__qualname__ = name
    routed = action(detail=True, methods=["post"], url_path=name.replace("_", "-"))(endpoint)
    return extend_schema(
        summary=summary, request=input_serializer, responses={200: s.ParticipantDetailSerializer, **REFUSALS}
    )(routed)


class ParticipantViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Participants (scoped: an administration sees its officers, an ROCB its region, an officer themself)."""

    serializer_class = s.ParticipantSerializer
    filterset_class = ParticipantFilterSet
    queryset = Participant.objects.none()
    write_roles = {Role.SECRETARIAT}
    action_roles = {
        "create": {Role.SECRETARIAT, Role.MEMBER},
        "withdraw": {Role.SECRETARIAT, Role.MEMBER},
        "reviewers": {Role.SECRETARIAT, Role.MEMBER, Role.EXPERT},
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Participant.objects.none()
        if self.action == "list":
            return selectors.participant_list(user=self.request.user).order_by("session", "pk")
        return selectors.participant_detail(user=self.request.user)

    def get_serializer_class(self):
        return s.ParticipantSerializer if self.action == "list" else s.ParticipantDetailSerializer

    def _detail(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        participant = selectors.participant_detail(user=self.request.user).get(pk=pk)
        return Response(s.ParticipantDetailSerializer(participant).data, status=code)

    @extend_schema(
        summary="Nominate an officer to a session",
        request=s.TrainingNominationInput,
        responses={201: s.ParticipantDetailSerializer, **REFUSALS},
    )
    def create(self, request, *args, **kwargs):
        data = s.TrainingNominationInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        participant = services.participant_nominate(by=request.user, **values)
        return self._detail(participant.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Give one of the four 360° reviewers",
        request=s.ImpactReviewerInput,
        responses={200: s.ParticipantDetailSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"])
    def reviewers(self, request, pk=None):
        participant = self.get_object()
        data = s.ImpactReviewerInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.reviewer_give(participant=participant, by=request.user, **data.validated_data)
        return self._detail(participant.pk)


for _name in INPUTS:
    setattr(ParticipantViewSet, _name, _move_endpoint(_name))
