"""Reference data API (readable by every signed-in user, editable by the Secretariat) and the
caller's API tokens."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, parsers, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from wcocb import services
from wcocb.api import serializers
from wcocb.api.parsers import JSONParser
from wcocb.api.viewsets import ScopedModelViewSet
from wcocb.filters import MemberAdministrationFilterSet
from wcocb.models import ROCB, RTC, ApiToken, Donor, FundingSource, Language, MemberAdministration, Person, Region


class RegionViewSet(ScopedModelViewSet):
    queryset = Region.objects.all()
    serializer_class = serializers.RegionSerializer
    ordering_fields = ["code"]
    filterset_fields = ["code"]


class MemberAdministrationViewSet(ScopedModelViewSet):
    queryset = MemberAdministration.objects.select_related("region")
    serializer_class = serializers.MemberAdministrationSerializer
    filterset_class = MemberAdministrationFilterSet
    ordering_fields = ["name_en", "iso_code"]

    def perform_update(self, serializer):
        serializer.instance = services.member_administration_update(
            administration=serializer.instance, by=self.request.user, **serializer.validated_data
        )


class ROCBViewSet(ScopedModelViewSet):
    queryset = ROCB.objects.select_related("region", "host")
    serializer_class = serializers.ROCBSerializer


class RTCViewSet(ScopedModelViewSet):
    queryset = RTC.objects.select_related("host")
    serializer_class = serializers.RTCSerializer
    filterset_fields = ["host"]


class LanguageViewSet(ScopedModelViewSet):
    queryset = Language.objects.all()
    serializer_class = serializers.LanguageSerializer


class DonorViewSet(ScopedModelViewSet):
    queryset = Donor.objects.all()
    serializer_class = serializers.DonorSerializer


class FundingSourceViewSet(ScopedModelViewSet):
    queryset = FundingSource.objects.all()
    serializer_class = serializers.FundingSourceSerializer
    filterset_fields = ["kind", "donor", "is_active"]


class PersonViewSet(ScopedModelViewSet):
    queryset = Person.objects.select_related("administration")
    serializer_class = serializers.PersonSerializer
    filterset_fields = ["administration", "gender"]
    ordering_fields = ["last_name", "first_name"]

    def perform_update(self, serializer):
        serializer.instance = services.person_update(
            person=serializer.instance, by=self.request.user, **serializer.validated_data
        )


class SignedInAndActive(BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_active)


class ApiTokenViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """``/api/v1/auth/tokens/``: the caller's own API tokens (any role, the read-only API client too);
    ``DELETE`` revokes one. New tokens come from ``POST /api/v1/auth/token/`` or the account page."""

    serializer_class = serializers.ApiTokenSerializer
    permission_classes = [SignedInAndActive]
    filter_backends = []
    queryset = ApiToken.objects.none()

    def get_queryset(self):
        return ApiToken.objects.filter(user=self.request.user)

    def perform_destroy(self, instance):
        services.api_token_revoke(token=instance, by=self.request.user)


class TokenRequestSerializer(AuthTokenSerializer):
    name = drf_serializers.CharField(label=gettext_lazy("Name"), max_length=100, required=False, allow_blank=True)


class IssuedTokenSerializer(drf_serializers.Serializer):
    token = drf_serializers.CharField(
        help_text=gettext_lazy("The key: shown once, send it as Authorization: Token <key>.")
    )
    expires = drf_serializers.DateTimeField()
    name = drf_serializers.CharField()


class ObtainTokenView(APIView):
    """``POST /api/v1/auth/token/`` with ``username`` and ``password`` (and an optional ``name``): a new
    token, ``{"token", "expires", "name"}``. Lockout rules apply as on the sign-in page."""

    throttle_classes = ()
    permission_classes = ()
    authentication_classes = ()
    parser_classes = (JSONParser, parsers.FormParser, parsers.MultiPartParser)
    serializer_class = TokenRequestSerializer

    @extend_schema(request=TokenRequestSerializer, responses=IssuedTokenSerializer, auth=[])
    def post(self, request, *args, **kwargs):
        # django-axes marks the Django request (not DRF's wrapper) when it locks the account.
        serializer = self.serializer_class(data=request.data, context={"request": request._request, "view": self})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, key = services.api_token_issue(user=user, by=user, name=serializer.validated_data.get("name", ""))
        return Response({"token": key, "expires": token.expires, "name": token.name})
