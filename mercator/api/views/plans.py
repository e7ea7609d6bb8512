"""``/api/v1/mercator/plans/``: plans, opened by the Secretariat from a written request, their phase moves and MPAs."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mercator import selectors, services
from mercator.api import serializers as s
from mercator.api.views._common import REFUSALS
from mercator.filters import PlanFilterSet
from wcocb.choices import Role


class PlanViewSet(viewsets.ModelViewSet):
    """Plans seen by the caller: the Secretariat all, an ROCB its region's, a member its own, an MPA those assigned."""

    serializer_class = s.PlanSerializer
    filterset_class = PlanFilterSet
    http_method_names = ["get", "post", "patch", "put", "head", "options"]
    write_roles = {Role.SECRETARIAT}
    action_roles = {"advance": {Role.SECRETARIAT, Role.EXPERT}}
    ordering_fields = ["request_date", "administration__name_en", "phase"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.plan_list(user=self.request.user)
        return selectors.plan_detail(user=self.request.user)

    def get_serializer_class(self):
        return (
            s.PlanSerializer
            if self.action in ("list", "create", "update", "partial_update")
            else s.PlanDetailSerializer
        )

    def _detail(self, pk: int) -> Response:
        plan = selectors.plan_detail(user=self.request.user).get(pk=pk)
        return Response(s.PlanDetailSerializer(plan, context=self.get_serializer_context()).data)

    @extend_schema(request=s.PlanSerializer, responses={201: s.PlanDetailSerializer, **REFUSALS})
    def create(self, request, *args, **kwargs):
        data = s.PlanSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("created_by", None)
        plan = services.plan_open(by=request.user, **values)
        response = self._detail(plan.pk)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=s.PlanSerializer, responses={200: s.PlanDetailSerializer, **REFUSALS})
    def update(self, request, *args, **kwargs):
        plan = self.get_object()
        partial = kwargs.get("partial", False)
        data = s.PlanSerializer(plan, data=request.data, partial=partial, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("administration", None)
        funding = values.pop("funding", None)
        services.plan_update(plan=plan, by=request.user, funding=funding, **values)
        return self._detail(plan.pk)

    @extend_schema(summary="Move the plan to its next phase (Secretariat or its MPAs; closing: Secretariat)",
                   request=s.PlanCommentInput, responses={200: s.PlanDetailSerializer, **REFUSALS})  # fmt: skip
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        instance = self.get_object()
        data = s.PlanCommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.plan_advance(plan=instance, by=request.user, comment=data.validated_data["comment"])
        return self._detail(pk)

    @extend_schema(summary="Put the plan on hold, with a reason (Secretariat)", request=s.PlanReasonInput,
                   responses={200: s.PlanDetailSerializer, **REFUSALS})  # fmt: skip
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        instance = self.get_object()
        data = s.PlanReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.plan_hold(plan=instance, by=request.user, reason=data.validated_data["reason"])
        return self._detail(pk)

    @extend_schema(summary="Resume a plan on hold in the phase it left (Secretariat)", request=s.PlanCommentInput,
                   responses={200: s.PlanDetailSerializer, **REFUSALS})  # fmt: skip
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        instance = self.get_object()
        data = s.PlanCommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.plan_resume(plan=instance, by=request.user, comment=data.validated_data["comment"])
        return self._detail(pk)

    @extend_schema(summary="Withdraw the plan, with a reason (Secretariat)", request=s.PlanReasonInput,
                   responses={200: s.PlanDetailSerializer, **REFUSALS})  # fmt: skip
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        instance = self.get_object()
        data = s.PlanReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.plan_withdraw(plan=instance, by=request.user, reason=data.validated_data["reason"])
        return self._detail(pk)

    @extend_schema(summary="Assign an MPA (an expert with a current MPA accreditation; Secretariat)",
                   request=s.MpaInput, responses={200: s.PlanDetailSerializer, **REFUSALS})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="assign-mpa")
    def assign_mpa(self, request, pk=None):
        instance = self.get_object()
        data = s.MpaInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.plan_assign_mpa(plan=instance, expert=data.validated_data["expert"], by=request.user)
        return self._detail(pk)

    @extend_schema(summary="Remove an MPA (Secretariat)", request=s.MpaInput,
                   responses={200: s.PlanDetailSerializer, **REFUSALS})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="remove-mpa")
    def remove_mpa(self, request, pk=None):
        instance = self.get_object()
        data = s.MpaInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.plan_remove_mpa(plan=instance, expert=data.validated_data["expert"], by=request.user)
        return self._detail(pk)

    @extend_schema(
        summary="The plan's derived progress and its red/amber/green rule", responses=s.PlanProgressSerializer
    )
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        return Response(s.PlanProgressSerializer(selectors.plan_progress(self.get_object())).data)
