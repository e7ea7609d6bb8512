"""Missions API. Workflow transitions are actions: input serializer → service → output serializer;
a refused transition answers 400/403/409 with ``{"error": {...}}`` and the reason."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from missions import selectors, services
from missions.api import serializers as s
from missions.filters import AssignmentFilterSet, MissionRequestFilterSet, ReleaseLetterFilterSet
from missions.suggestions import suggest_experts
from missions.workflow import ForbiddenError
from wcocb.choices import Role
from wcocb.errors import DomainError

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

    def _run(self, input_serializer: type, run) -> Response:
        mission = self.get_object()
        data = input_serializer(data=self.request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        run(mission, data.validated_data)
        return self._detail(mission.pk)

    @staticmethod
    def _own(mission, assignment):
        if assignment.request_id != mission.pk:
            raise DomainError(_("This assignment belongs to another request."))
        return assignment

    @extend_schema(request=s.MissionRequestSerializer, responses={201: s.MissionRequestDetailSerializer, **REFUSALS})
    def create(self, request, *args, **kwargs):
        data = s.MissionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        administration = values.pop("administration", None) or request.user.administration
        if administration is None:
            raise DomainError(_("Name the requesting administration."))
        areas = values.pop("areas", [])
        mission = services.request_submit(by=request.user, administration=administration, areas=areas, **values)
        response = self._detail(mission.pk)
        response.status_code = 201
        return response

    @_transition(
        s.RocbCommentInput,
        "Step 1: the ROCB's comment on a received request (ROCB of the region, or the Secretariat on its behalf)",
    )
    @action(detail=True, methods=["post"], url_path="rocb-comment")
    def rocb_comment(self, request, pk=None):
        return self._run(
            s.RocbCommentInput,
            lambda m, d: services.request_rocb_comment(request=m, comment=d["comment"], by=request.user),
        )

    @_transition(s.PlanInput, "Step 1: accept into the annual plan (Secretariat, after the ROCB's comment)")
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        return self._run(
            s.PlanInput,
            lambda m, d: services.request_plan(
                request=m,
                plan_year=d["plan_year"],
                start_date=d["start_date"],
                end_date=d["end_date"],
                by=request.user,
                comment=d["comment"],
            ),
        )

    @_transition(s.DatesInput, "Set the mission's dates (Secretariat; before release letters are sent)")
    @action(detail=True, methods=["post"], url_path="set-dates")
    def set_dates(self, request, pk=None):
        return self._run(
            s.DatesInput,
            lambda m, d: services.request_set_dates(
                request=m, start_date=d["start_date"], end_date=d["end_date"], by=request.user, comment=d["comment"]
            ),
        )

    @_transition(s.CommentInput, "Step 2: start the expert search")
    @action(detail=True, methods=["post"], url_path="start-search")
    def start_search(self, request, pk=None):
        return self._run(
            s.CommentInput,
            lambda m, d: services.request_start_search(request=m, by=request.user, comment=d["comment"]),
        )

    @_transition(s.ShortlistInput, "Step 2: shortlist experts (moves to the availability check)")
    @action(detail=True, methods=["post"])
    def shortlist(self, request, pk=None):
        def run(mission, data):
            entries = [services.ShortlistEntry(**entry) for entry in data["experts"]]
            services.request_shortlist(request=mission, entries=entries, by=request.user, comment=data["comment"])

        return self._run(s.ShortlistInput, run)

    @_transition(s.CommentInput, "Step 2: deliver with Secretariat staff (no member experts)")
    @action(detail=True, methods=["post"], url_path="deliver-by-secretariat")
    def deliver_by_secretariat(self, request, pk=None):
        return self._run(
            s.CommentInput,
            lambda m, d: services.request_deliver_by_secretariat(request=m, by=request.user, comment=d["comment"]),
        )

    @_transition(s.AvailabilityInput, "Step 3: record an expert's availability and selection")
    @action(detail=True, methods=["post"], url_path="record-availability")
    def record_availability(self, request, pk=None):
        return self._run(
            s.AvailabilityInput,
            lambda m, d: services.assignment_record_availability(
                assignment=self._own(m, d["assignment"]),
                answer=d["availability"],
                note=d["note"],
                selected=d["selected"],
                by=request.user,
            ),
        )

    @_transition(s.ReleaseInput, "Step 4: send release letters to the selected experts' home administrations")
    @action(detail=True, methods=["post"], url_path="request-release")
    def request_release(self, request, pk=None):
        return self._run(
            s.ReleaseInput,
            lambda m, d: services.request_request_release(
                request=m, deadline=d["deadline"], language=d["language"], by=request.user, comment=d["comment"]
            ),
        )

    @_transition(s.CommentInput, "Back to step 3, e.g. after a declined release")
    @action(detail=True, methods=["post"], url_path="reopen-selection")
    def reopen_selection(self, request, pk=None):
        return self._run(
            s.CommentInput,
            lambda m, d: services.request_reopen_selection(request=m, by=request.user, comment=d["comment"]),
        )

    @_transition(s.FormTeamInput, "Step 6: form the team with its roles")
    @action(detail=True, methods=["post"], url_path="form-team")
    def form_team(self, request, pk=None):
        return self._run(
            s.FormTeamInput,
            lambda m, d: services.request_form_team(
                request=m,
                roles={item["assignment"]: item["role"] for item in d["roles"]},
                by=request.user,
                comment=d["comment"],
            ),
        )

    @_transition(s.AssignmentInput, "Step 6: record that a team member was briefed")
    @action(detail=True, methods=["post"])
    def brief(self, request, pk=None):
        return self._run(
            s.AssignmentInput,
            lambda m, d: services.assignment_brief(
                assignment=self._own(m, d["assignment"]), by=request.user, comment=d["comment"]
            ),
        )

    @_transition(s.DocumentInput, "Step 7: upload terms of reference, agenda or presentations")
    @action(
        detail=True,
        methods=["post"],
        url_path="upload-document",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def upload_document(self, request, pk=None):
        return self._run(
            s.DocumentInput,
            lambda m, d: services.document_upload(
                request=m, kind=d["kind"], title=d["title"], file=d["file"], by=request.user
            ),
        )

    @_transition(s.CommentInput, "Step 7: the mission is deployed")
    @action(detail=True, methods=["post"])
    def deploy(self, request, pk=None):
        return self._run(
            s.CommentInput, lambda m, d: services.request_deploy(request=m, by=request.user, comment=d["comment"])
        )

    @_transition(s.CommentInput, "Step 7: the mission is completed")
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._run(
            s.CommentInput, lambda m, d: services.request_complete(request=m, by=request.user, comment=d["comment"])
        )

    @_transition(s.EvaluationInput, "Record the field evaluation of an expert under evaluation")
    @action(detail=True, methods=["post"], url_path="record-evaluation")
    def record_evaluation(self, request, pk=None):
        return self._run(
            s.EvaluationInput,
            lambda m, d: services.assignment_record_evaluation(
                assignment=self._own(m, d["assignment"]), positive=d["positive"], by=request.user, comment=d["comment"]
            ),
        )

    @_transition(s.CommentInput, "Close a completed mission")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._run(
            s.CommentInput, lambda m, d: services.request_close(request=m, by=request.user, comment=d["comment"])
        )

    @_transition(s.ReasonInput, "Put on hold, with a reason")
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        return self._run(
            s.ReasonInput, lambda m, d: services.request_hold(request=m, reason=d["reason"], by=request.user)
        )

    @_transition(s.CommentInput, "Resume at the step it left")
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        return self._run(
            s.CommentInput, lambda m, d: services.request_resume(request=m, by=request.user, comment=d["comment"])
        )

    @_transition(s.ReasonInput, "Cancel, with a reason")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._run(
            s.ReasonInput, lambda m, d: services.request_cancel(request=m, reason=d["reason"], by=request.user)
        )

    @extend_schema(
        summary="Ranked expert suggestions, each score explained",
        parameters=[s.SuggestionQuery],
        responses={200: s.SuggestionSerializer(many=True), 400: REFUSALS[400], 403: REFUSALS[403]},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def suggestions(self, request, pk=None):
        mission = self.get_object()
        if not (request.user.is_secretariat or request.user.role == Role.ROCB):
            raise ForbiddenError(_("Only the Secretariat and the ROCB search experts for a mission."))
        query = s.SuggestionQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        suggestions = suggest_experts(mission, limit=query.validated_data["limit"])
        return Response(s.SuggestionSerializer(suggestions, many=True).data)


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Experts on missions: the requesting and the home administrations, the expert, the region's ROCB."""

    serializer_class = s.AssignmentSerializer
    filterset_class = AssignmentFilterSet

    def get_queryset(self):
        return selectors.assignment_list(user=self.request.user)

    @extend_schema(
        summary="Allow a release beyond the expert's release commitment (Secretariat), with a reason",
        request=s.OverrideInput,
        responses={200: s.AssignmentSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"], url_path="override-commitment")
    def override_commitment(self, request, pk=None):
        assignment = self.get_object()
        data = s.OverrideInput(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = services.assignment_override_commitment(
            assignment=assignment, reason=data.validated_data["reason"], by=request.user
        )
        assignment = selectors.assignment_list(user=request.user).get(pk=assignment.pk)
        return Response(s.AssignmentSerializer(assignment, context=self.get_serializer_context()).data)


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
