"""``/api/v1/experts/`` (search with the page's filters, facets, create, edit, own profile) and the
expertise areas."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from experts import selectors, services
from experts.api import serializers as s
from experts.api.serializers import FacetsSerializer
from experts.api.views.common import REFUSALS
from experts.filters import ExpertFilterSet
from experts.models import Expert, ExpertiseArea
from wcocb.api.viewsets import ScopedMixin, ScopedModelViewSet
from wcocb.choices import Role
from wcocb.scoping import can_view


@extend_schema_view(
    list=extend_schema(summary="Search experts (the same filters as the search page)"),
    retrieve=extend_schema(summary="One expert", responses={200: s.ExpertSerializer, 404: REFUSALS[404]}),
)
class ExpertViewSet(
    ScopedMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """The ACE database. Members see the experts they employ, experts their own record, ROCB
    officers and the Secretariat everyone. The Secretariat creates and edits experts; a member
    administration may create regional candidates among its own officers; an expert may PATCH
    their own contact details, languages and biography."""

    serializer_class = s.ExpertSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ExpertFilterSet
    write_roles = {Role.SECRETARIAT}
    action_roles = {
        "create": {Role.SECRETARIAT, Role.MEMBER},
        "update": {Role.SECRETARIAT},
        "partial_update": {Role.SECRETARIAT, Role.EXPERT},
    }
    queryset = Expert.objects.none()  # for the schema; get_queryset() returns the scoped selector

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Expert.objects.none()
        if self.action in ("list", "facets"):
            return selectors.expert_list(self.request.user)
        return selectors.expert_detail(self.request.user)

    def _output(self, expert: Expert, code: int = status.HTTP_200_OK) -> Response:
        expert = selectors.expert_detail(self.request.user).get(pk=expert.pk)
        return Response(s.ExpertSerializer(expert, context=self.get_serializer_context()).data, status=code)

    @staticmethod
    def _values(data: dict) -> tuple[dict, list[services.LanguageSkill] | None]:
        values = dict(data)
        languages = values.pop("languages", None)
        skills = None if languages is None else [services.LanguageSkill(**item) for item in languages]
        return values, skills

    @extend_schema(request=s.ExpertCreateSerializer, responses={201: s.ExpertSerializer, **REFUSALS})
    def create(self, request, *args, **kwargs):
        data = s.ExpertCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values, skills = self._values(data.validated_data)
        user = request.user
        person = values.pop("person", None)
        if person is not None and not can_view(user, person):
            raise serializers.ValidationError({"person": [_("No person with this id in your scope.")]})
        if person is not None:
            values["person"] = person
        expert = services.expert_create(by=user, languages=skills or (), **values)
        return self._output(expert, status.HTTP_201_CREATED)

    @extend_schema(request=s.ExpertInputSerializer, responses={200: s.ExpertSerializer, **REFUSALS})
    def update(self, request, *args, **kwargs):
        expert = self.get_object()
        partial = kwargs.get("partial", False)
        user = request.user
        if user.role == Role.EXPERT and not user.is_superuser:
            data = s.OwnProfileInputSerializer(data=request.data, partial=True)
            data.is_valid(raise_exception=True)
            values, skills = self._values(data.validated_data)
            # The service refuses by name what an expert may not change (or what is no field at
            # all): it gets the body's keys as names, never as arguments.
            expert = services.expert_update_own_profile(
                expert=expert, by=user, languages=skills, requested=[str(key) for key in request.data], **values
            )
            return self._output(expert)
        data = s.ExpertInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values, skills = self._values(data.validated_data)
        expert = services.expert_update(expert=expert, by=user, languages=skills, **values)
        return self._output(expert)

    @extend_schema(request=s.OwnProfileInputSerializer, responses={200: s.ExpertSerializer, **REFUSALS})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(summary="Facet counts of a search (same filters as the list)", responses={200: FacetsSerializer})
    @action(detail=False, methods=["get"])
    def facets(self, request):
        filterset = DjangoFilterBackend().get_filterset(request, self.get_queryset(), self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        counts = selectors.facet_counts(filterset.qs, filterset.form.cleaned_data)
        body = {
            name: [{"value": value, "label": str(label), "count": count} for value, label, count in rows]
            for name, rows in counts.items()
        }
        return Response(body)


class ExpertiseAreaViewSet(ScopedModelViewSet):
    """The managed expertise taxonomy: readable by everyone signed in, edited by the Secretariat."""

    queryset = ExpertiseArea.objects.all()
    serializer_class = s.ExpertiseAreaSerializer
    filterset_fields = ["category", "is_active"]
    ordering_fields = ["category", "code"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
