"""``programmes/`` and ``sessions/`` (filters ``programme``, ``kind``, ``year``, ``language``, ``mode``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from training import selectors, services
from training.api import serializers as s
from training.api.views.common import REFUSALS
from training.filters import ProgrammeFilterSet, SessionFilterSet
from training.models import Programme, Session


class ProgrammeViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The programme catalogue (every signed-in role reads it; the Secretariat keeps it)."""

    serializer_class = s.ProgrammeSerializer
    filterset_class = ProgrammeFilterSet
    queryset = Programme.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Programme.objects.none()
        return selectors.programme_list(user=self.request.user).order_by("kind", "title", "pk")

    def _save(self, serializer, programme=None):
        values = dict(serializer.validated_data)
        languages = values.pop("languages", None)
        saved = services.programme_save(by=self.request.user, programme=programme, languages=languages, **values)
        return selectors.programme_list(user=self.request.user).get(pk=saved.pk)

    @extend_schema(responses={201: s.ProgrammeSerializer, **REFUSALS})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        programme = self._save(serializer)
        return Response(self.get_serializer(programme).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.ProgrammeSerializer, **REFUSALS})
    def update(self, request, *args, **kwargs):
        programme = self.get_object()
        serializer = self.get_serializer(programme, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return Response(self.get_serializer(self._save(serializer, programme)).data)


class SessionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Sessions of the programmes; ``figures/`` gives a session's statistics, feedback and impact."""

    serializer_class = s.SessionSerializer
    filterset_class = SessionFilterSet
    queryset = Session.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Session.objects.none()
        return selectors.session_list(user=self.request.user, with_tutors=True).order_by("-start_date", "pk")

    @extend_schema(responses={201: s.SessionSerializer, **REFUSALS})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_save(by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.SessionSerializer, **REFUSALS})
    def update(self, request, *args, **kwargs):
        session = self.get_object()
        serializer = self.get_serializer(session, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        session = services.session_save(by=request.user, session=session, **serializer.validated_data)
        return Response(self.get_serializer(session).data)

    @extend_schema(
        summary="A session's statistics, feedback and 360° impact", responses={200: s.SessionFiguresSerializer}
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def figures(self, request, pk=None):
        session = self.get_object()
        body = {
            "statistics": selectors.session_statistics([session]),
            "feedback": selectors.feedback_summary([session]),
            "impact": selectors.impact_summary([session]),
        }
        return Response(s.SessionFiguresSerializer(body).data)
