"""``/api/v1/mission-requests/``: mission requests and their workflow actions. Each action runs input
serializer → :func:`missions.services.perform` (as the page does) → output serializer; a refused transition
answers 400/403/409 with ``{"error": {...}}`` and the reason."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from missions import selectors, services
from missions.api import serializers as s
from missions.filters import MissionRequestFilterSet
from missions.selectors import suggest_experts
from wcocb.choices import Role

ACTORS = {Role.SECRETARIAT, Role.ROCB, Role.MEMBER, Role.EXPERT}


REFUSALS = {
    400: OpenApiResponse(s.ErrorSerializer, description="A rule refused the action (the message says why)."),
    403: OpenApiResponse(s.ErrorSerializer, description="Your role may not take this action."),
    409: OpenApiResponse(s.ErrorSerializer, description="The request is not in a state that allows it."),
}


def _transition(input_serializer: type, summary: str):
    return extend_schema(
        summary=summary, request=input_serializer, responses={200: s.MissionRequestDetailSerializer, **REFUSALS}
    )


#: The input of each workflow action of :data:`missions.rules.RULES` and its summary in the schema; the
#: endpoint is ``POST /mission-requests/{id}/<action with hyphens>/`` and runs :data:`missions.services.ACTIONS`.
API_INPUTS: dict[str, tuple[type[serializers.Serializer], str]] = {
    "rocb_comment": (
        s.RocbCommentInput,
        "Step 1: the ROCB's comment on a received request (ROCB of the region, or the Secretariat on its behalf)",
    ),
    "plan": (s.PlanInput, "Step 1: accept into the annual plan (Secretariat, after the ROCB's comment)"),
    "set_dates": (s.DatesInput, "Set the mission's dates (Secretariat; before release letters are sent)"),
    "start_search": (s.CommentInput, "Step 2: start the expert search"),
    "shortlist": (s.ShortlistInput, "Step 2: shortlist experts (moves to the availability check)"),
    "deliver_by_secretariat": (s.CommentInput, "Step 2: deliver with Secretariat staff (no member experts)"),
    "record_availability": (s.AvailabilityInput, "Step 3: record an expert's availability and selection"),
    "request_release": (
        s.ReleaseInput,
        "Step 4: send release letters to the selected experts' home administrations",
    ),
    "reopen_selection": (s.CommentInput, "Back to step 3, e.g. after a declined release"),
    "form_team": (s.FormTeamInput, "Step 6: form the team with its roles"),
    "brief": (s.AssignmentInput, "Step 6: record that a team member was briefed"),
    "upload_document": (s.DocumentInput, "Step 7: upload terms of reference, agenda or presentations"),
    "replace_document": (s.DocumentReplaceInput, "Replace a document with a new version (on the timeline)"),
    "remove_document": (s.DocumentRemoveInput, "Remove a document (on the timeline)"),
    "deploy": (s.CommentInput, "Step 7: the mission is deployed"),
    "complete": (s.CommentInput, "Step 7: the mission is completed"),
    "record_evaluation": (s.EvaluationInput, "Record the field evaluation of an expert under evaluation"),
    "close": (s.CommentInput, "Close a completed mission"),
    "hold": (s.ReasonInput, "Put on hold, with a reason"),
    "resume": (s.CommentInput, "Resume at the step it left"),
    "cancel": (s.ReasonInput, "Cancel, with a reason"),
}


#: Actions that take a file.
UPLOADS = frozenset({"upload_document", "replace_document"})


def _action_endpoint(name: str):
    """The ``@action`` of the workflow action ``name``, documented with its input."""
    input_serializer, summary = API_INPUTS[name]

    def endpoint(self, request, pk=None):
        return self._perform(name)

    endpoint.__name__ = endpoint.__qualname__ = name
    extra = {"parser_classes": [MultiPartParser, FormParser, JSONParser]} if name in UPLOADS else {}
    routed = action(detail=True, methods=["post"], url_path=s.api_action_name(name), **extra)(endpoint)
    return _transition(input_serializer, summary)(routed)


class MissionRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Mission requests (scoped: members see their own; ROCB officers their region; experts their missions)."""

    serializer_class = s.MissionRequestSerializer
    filterset_class = MissionRequestFilterSet
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["created_at", "preferred_start", "status"]
    write_roles = ACTORS
    action_roles = {"create": {Role.SECRETARIAT, Role.MEMBER}}

    def get_queryset(self):
        if self.action == "list":
            return selectors.request_list(user=self.request.user).prefetch_related("areas")
        return selectors.request_detail(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return s.MissionRequestSerializer
        return s.MissionRequestDetailSerializer

    def _detail(self, pk: int) -> Response:
        mission = selectors.request_detail(user=self.request.user).get(pk=pk)
        return Response(s.MissionRequestDetailSerializer(mission, context=self.get_serializer_context()).data)

    def _perform(self, action_name: str) -> Response:
        """Input serializer → :func:`missions.services.perform` (the page's actions run the same) → detail."""
        mission = self.get_object()
        data = API_INPUTS[action_name][0](data=self.request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        services.perform(action_name, request=mission, by=self.request.user, **data.validated_data)
        return self._detail(mission.pk)

    @extend_schema(request=s.MissionRequestSerializer, responses={201: s.MissionRequestDetailSerializer, **REFUSALS})
    def create(self, request, *args, **kwargs):
        data = s.MissionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        administration = values.pop("administration", None)
        areas = values.pop("areas", [])
        mission = services.request_submit(by=request.user, administration=administration, areas=areas, **values)
        response = self._detail(mission.pk)
        response.status_code = 201
        return response

    @extend_schema(
        summary="Ranked expert suggestions, each score explained",
        parameters=[s.SuggestionQuery],
        responses={200: s.SuggestionSerializer(many=True), 400: REFUSALS[400], 403: REFUSALS[403]},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def suggestions(self, request, pk=None):
        mission = self.get_object()
        query = s.SuggestionQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        suggestions = suggest_experts(mission, by=request.user, limit=query.validated_data["limit"])
        return Response(s.SuggestionSerializer(suggestions, many=True).data)


for _name in API_INPUTS:
    setattr(MissionRequestViewSet, _name, _action_endpoint(_name))
