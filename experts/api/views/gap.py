"""``/api/v1/gap-analysis/``: available experts against the need, per region and area."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from experts import forms as expert_forms
from experts import selectors
from experts.api.serializers import GapSerializer
from experts.choices import ACCREDITATION_CATEGORIES, Category
from wcocb.choices import Role


class GapAnalysisAPIView(APIView):
    """``GET /api/v1/gap-analysis/?as_of=YYYY-MM-DD&category=ET``: for every region and active
    accreditation area, the experts available on that date, fully accredited and at 1st step, the
    need (needs survey and open requests) and the 3-to-5 threshold status. Available: serving, not
    in an unavailability period covering the date, and with release-commitment days left (an
    expert who used the twelve weeks within an open commitment window is not counted)."""

    read_roles = {Role.SECRETARIAT, Role.ROCB, Role.API_CLIENT}

    @extend_schema(
        parameters=[
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="Count as of this date (default today)."),
            OpenApiParameter(
                "category",
                str,
                enum=[c.value for c in Category if c in ACCREDITATION_CATEGORIES],
                description="Only the areas of this category.",
            ),
        ],
        responses={200: GapSerializer, 400: OpenApiTypes.OBJECT},
        summary="Gap analysis: available experts against the need, per region and area",
    )
    def get(self, request):
        form = expert_forms.GapForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        matrix = selectors.gap_analysis(
            as_of=form.cleaned_data["as_of"] or timezone.localdate(), category=form.cleaned_data["category"] or None
        )
        return Response(matrix.as_dict())
