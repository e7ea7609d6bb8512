from rest_framework import serializers

from wcocb.models import ROCB, RTC, Donor, FundingSource, Language, MemberAdministration, Person, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name_en", "name_fr", "name_es"]


class MemberAdministrationSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = MemberAdministration
        fields = ["id", "iso_code", "name_en", "name_fr", "name_es", "region", "region_code", "is_active"]


class ROCBSerializer(serializers.ModelSerializer):
    class Meta:
        model = ROCB
        fields = ["id", "region", "host", "city", "email"]


class RTCSerializer(serializers.ModelSerializer):
    class Meta:
        model = RTC
        fields = ["id", "name", "host", "city", "areas_of_excellence"]


class LanguageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Language
        fields = ["id", "code", "name_en", "name_fr", "name_es", "is_official"]


class DonorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Donor
        fields = ["id", "code", "name", "country"]


class FundingSourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = FundingSource
        fields = ["id", "code", "name", "kind", "donor", "is_active"]


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "first_name",
            "last_name",
            "gender",
            "nationality",
            "administration",
            "current_post",
            "email",
            "phone",
        ]
