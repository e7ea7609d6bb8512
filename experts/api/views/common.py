"""What the experts API views share: the documented refusals and the scope check."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse

from experts import services
from experts.api import serializers as s
from experts.models import Expert
from wcocb.scoping import scope_queryset

REFUSALS = {
    400: OpenApiResponse(s.ExpertsErrorSerializer, description="Invalid input, or a rule refused the action."),
    403: OpenApiResponse(s.ExpertsErrorSerializer, description="Your role may not take this action."),
    404: OpenApiResponse(s.ExpertsErrorSerializer, description="Not found (or outside your scope)."),
    409: OpenApiResponse(s.ExpertsErrorSerializer, description="The record is not in a state that allows it."),
}


def check_in_scope(user, expert: Expert) -> None:
    if not scope_queryset(Expert.objects.filter(pk=expert.pk), user).exists():
        raise services.ForbiddenError(_("This expert is outside your scope."))
