"""Reference data API: readable by every signed-in user, editable by the Secretariat."""

from wcocb import services
from wcocb.api import serializers
from wcocb.api.viewsets import ScopedModelViewSet
from wcocb.filters import MemberAdministrationFilterSet
from wcocb.models import ROCB, RTC, Donor, FundingSource, Language, MemberAdministration, Person, Region


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
