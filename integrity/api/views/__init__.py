"""``/api/v1/integrity/...``: questionnaires, assessments (submit, review, share as actions), action plans,
actions, risks and the read log. Each write runs input serializer → service → output serializer; every read
of an administration's record by someone outside it is logged (:func:`integrity.services.log_reads`)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from integrity import selectors, services
from integrity.api import serializers as s
from integrity.choices import PlanStatus, ReadDoor
from integrity.filters import (
    ActionPlanFilterSet,
    AssessmentFilterSet,
    IntegrityReadFilterSet,
    PlanActionFilterSet,
    QuestionnaireFilterSet,
    RiskFilterSet,
)
from integrity.models import ActionPlan, Assessment, IntegrityRead, PlanAction, Questionnaire, Risk
from wcocb.api.viewsets import ScopedMixin
from wcocb.choices import Role

#: Who may read integrity records at all (rows are then scoped to the caller): experts and API clients never.
READERS = {Role.SECRETARIAT, Role.ROCB, Role.MEMBER}
ERROR = OpenApiResponse(description="A rule refused the action (the message says why).")
REFUSALS = {400: ERROR, 403: ERROR, 409: ERROR}


class ReadLoggedMixin:
    """Log the records a list page or a detail answer shows to a reader outside their administration."""

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        services.log_reads(
            user=self.request.user,
            records=page if page is not None else queryset,
            door=ReadDoor.API,
            path=self.request.path,
        )
        return page

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        services.log_reads(user=request.user, records=[obj], door=ReadDoor.API, path=request.path)
        return Response(self.get_serializer(obj).data)


class QuestionnaireViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    """The self-assessment tools, every version (reference data: every signed-in user reads them)."""

    queryset = Questionnaire.objects.all()  # the model the routes serve; get_queryset() scopes it

    filter_backends = [DjangoFilterBackend]
    filterset_class = QuestionnaireFilterSet
    action_roles = {"new_version": {Role.SECRETARIAT}, "publish": {Role.SECRETARIAT}}

    def get_queryset(self):
        if self.action == "list":
            return selectors.questionnaire_list(user=self.request.user)
        return selectors.questionnaire_detail(user=self.request.user)

    def get_serializer_class(self):
        return s.QuestionnaireSerializer if self.action == "list" else s.QuestionnaireDetailSerializer

    @extend_schema(request=None, responses={201: s.QuestionnaireDetailSerializer, **REFUSALS})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None):
        copy = services.questionnaire_new_version(questionnaire=self.get_object(), by=request.user)
        return Response(
            s.QuestionnaireDetailSerializer(selectors.questionnaire_detail(user=request.user).get(pk=copy.pk)).data,
            status=201,
        )

    @extend_schema(request=None, responses={200: s.QuestionnaireDetailSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        services.questionnaire_publish(questionnaire=self.get_object(), by=request.user)
        return Response(s.QuestionnaireDetailSerializer(self.get_queryset().get(pk=pk)).data)


class AssessmentViewSet(ReadLoggedMixin, ScopedMixin, viewsets.ModelViewSet):
    """An administration's self-assessments: its own users write drafts; the Secretariat reviews."""

    queryset = Assessment.objects.all()  # the model the routes serve; get_queryset() scopes it

    read_roles = READERS
    write_roles = {Role.MEMBER}
    action_roles = {"review": {Role.SECRETARIAT}}
    filter_backends = [DjangoFilterBackend]
    filterset_class = AssessmentFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = selectors.assessment_list(user=self.request.user)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("evidence", "timeline__actor", "answers")
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.AssessmentDetailSerializer
        if self.action == "partial_update":
            return s.AssessmentUpdateSerializer
        return s.AssessmentSerializer

    def _detail(self, pk: int, status: int = 200) -> Response:
        obj = self.get_queryset().prefetch_related("evidence", "timeline__actor", "answers").get(pk=pk)
        return Response(s.AssessmentDetailSerializer(obj, context=self.get_serializer_context()).data, status=status)

    @extend_schema(responses={201: s.AssessmentDetailSerializer, **REFUSALS})
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        assessment = services.assessment_start(
            administration=values["administration"],
            questionnaire=values["questionnaire"],
            title=values["title"],
            assessed_on=values["assessed_on"],
            corrects=values.get("corrects"),
            mission=values.get("mission"),
            by=request.user,
        )
        return self._detail(assessment.pk, 201)

    @extend_schema(responses={200: s.AssessmentDetailSerializer, **REFUSALS})
    def partial_update(self, request, *args, **kwargs):
        assessment = self.get_object()
        data = self.get_serializer(assessment, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.assessment_update(
            assessment=assessment,
            by=request.user,
            title=values.get("title", assessment.title),
            assessed_on=values.get("assessed_on", assessment.assessed_on),
            mission=values.get("mission", assessment.mission),
        )
        return self._detail(assessment.pk)

    @extend_schema(
        summary="Save the answer to one question (a draft, saved as you go)",
        request=s.IntegrityAnswerInput,
        responses={200: s.AssessmentDetailSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"])
    def answers(self, request, pk=None):
        assessment = self.get_object()
        data = s.IntegrityAnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.answer_save(assessment=assessment, by=request.user, **data.validated_data)
        return self._detail(assessment.pk)

    @extend_schema(
        summary="Attach an evidence file (checked by its content)",
        request=s.IntegrityEvidenceInput,
        responses={201: s.IntegrityEvidenceSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def evidence(self, request, pk=None):
        assessment = self.get_object()
        data = s.IntegrityEvidenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        added = services.evidence_add(assessment=assessment, by=request.user, **data.validated_data)
        return Response(s.IntegrityEvidenceSerializer(added).data, status=201)

    @extend_schema(
        summary="Submit (then frozen for everyone)",
        request=s.AssessmentCommentInput,
        responses={200: s.AssessmentDetailSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        assessment = self.get_object()
        data = s.AssessmentCommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.assessment_submit(assessment=assessment, by=request.user, **data.validated_data)
        return self._detail(assessment.pk)

    @extend_schema(
        summary="The Secretariat's review, with its comments",
        request=s.IntegrityReviewInput,
        responses={200: s.AssessmentDetailSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        assessment = self.get_object()
        data = s.IntegrityReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.assessment_review(assessment=assessment, by=request.user, **data.validated_data)
        return self._detail(assessment.pk)

    @extend_schema(
        summary="Share with the ROCB of the region, or withdraw (recorded)",
        request=s.IntegrityShareInput,
        responses={200: s.AssessmentDetailSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"])
    def share(self, request, pk=None):
        assessment = self.get_object()
        data = s.IntegrityShareInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.assessment_share(assessment=assessment, by=request.user, **data.validated_data)
        return self._detail(assessment.pk)

    @extend_schema(
        summary="The change per factor to this assessment from an earlier one of the same administration",
        parameters=[
            OpenApiParameter(
                "since", int, required=False, description="The earlier assessment's id (default: the one before)"
            )
        ],
        responses={200: s.FactorChangeSerializer(many=True), 404: ERROR},
    )
    @action(detail=True, methods=["get"])
    def compare(self, request, pk=None):
        after = self.get_object()
        since = request.query_params.get("since", "")
        same = self.get_queryset().filter(administration=after.administration_id).exclude(pk=after.pk)
        if since:
            before = get_object_or_404(same, pk=int(since) if since.isdigit() else 0)
        else:
            before = selectors.previous_assessment(after, same)
        services.log_reads(
            user=request.user, records=[a for a in (before, after) if a], door=ReadDoor.API, path=request.path
        )
        return Response(s.FactorChangeSerializer(selectors.compare(before, after), many=True).data)


class ActionPlanViewSet(ReadLoggedMixin, ScopedMixin, viewsets.ModelViewSet):
    queryset = ActionPlan.objects.all()  # the model the routes serve; get_queryset() scopes it
    read_roles = READERS
    write_roles = {Role.MEMBER}
    serializer_class = s.IntegrityActionPlanSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ActionPlanFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user)

    def _detail(self, pk: int, status: int = 200) -> Response:
        return Response(
            s.IntegrityActionPlanSerializer(
                self.get_queryset().get(pk=pk), context=self.get_serializer_context()
            ).data,
            status=status,
        )

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("created_by")
        plan = services.plan_create(by=request.user, **values)
        return self._detail(plan.pk, 201)

    @extend_schema(
        summary="Adopt the draft plan",
        request=s.IntegrityAdoptInput,
        responses={200: s.IntegrityActionPlanSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        plan = self.get_object()
        data = s.IntegrityAdoptInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.plan_move(plan=plan, to=PlanStatus.ADOPTED, by=request.user, on=data.validated_data.get("adopted_on"))
        return self._detail(pk)

    @extend_schema(
        summary="Close the adopted plan", request=None, responses={200: s.IntegrityActionPlanSerializer, **REFUSALS}
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        services.plan_move(plan=self.get_object(), to=PlanStatus.CLOSED, by=request.user)
        return self._detail(pk)


class PlanActionViewSet(ReadLoggedMixin, ScopedMixin, viewsets.ModelViewSet):
    queryset = PlanAction.objects.all()  # the model the routes serve; get_queryset() scopes it
    read_roles = READERS
    write_roles = {Role.MEMBER}
    filter_backends = [DjangoFilterBackend]
    filterset_class = PlanActionFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        queryset = selectors.action_list(user=self.request.user)
        return queryset.prefetch_related("updates__actor") if self.action == "retrieve" else queryset

    def get_serializer_class(self):
        return s.PlanActionDetailSerializer if self.action == "retrieve" else s.PlanActionSerializer

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        added = services.action_add(by=request.user, **values)
        return Response(s.PlanActionSerializer(added, context=self.get_serializer_context()).data, status=201)

    @extend_schema(
        summary="Report progress: status, percentage, evidence",
        request=s.IntegrityProgressInput,
        responses={200: s.PlanActionDetailSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def progress(self, request, pk=None):
        action = self.get_object()
        data = s.IntegrityProgressInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.action_update(action=action, by=request.user, **data.validated_data)
        obj = self.get_queryset().prefetch_related("updates__actor").get(pk=pk)
        return Response(s.PlanActionDetailSerializer(obj, context=self.get_serializer_context()).data)


class RiskViewSet(ReadLoggedMixin, ScopedMixin, viewsets.ModelViewSet):
    queryset = Risk.objects.all()  # the model the routes serve; get_queryset() scopes it
    read_roles = READERS
    write_roles = {Role.MEMBER}
    serializer_class = s.IntegrityRiskSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = RiskFilterSet

    def get_queryset(self):
        return selectors.risk_list(user=self.request.user)

    def perform_create(self, serializer):
        values = dict(serializer.validated_data)
        values.pop("created_by")
        serializer.instance = services.risk_create(by=self.request.user, **values)

    def perform_update(self, serializer):
        values = dict(serializer.validated_data)
        values.pop("created_by", None)
        values.pop("administration", None)
        serializer.instance = services.risk_update(risk=serializer.instance, by=self.request.user, **values)

    def perform_destroy(self, instance):
        services.risk_delete(risk=instance, by=self.request.user)


class IntegrityReadViewSet(ScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Who outside the administration read its integrity records (the administration and the Secretariat)."""

    queryset = IntegrityRead.objects.all()  # the model the routes serve; get_queryset() scopes it

    read_roles = {Role.SECRETARIAT, Role.MEMBER}
    serializer_class = s.IntegrityReadSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = IntegrityReadFilterSet

    def get_queryset(self):
        return selectors.read_log(user=self.request.user)
