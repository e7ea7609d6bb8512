from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wcocb import services
from wcocb.models import ROCB, RTC, Donor, FundingSource, Language, MemberAdministration, Person, Region, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "role", "region", "administration", "is_active", "is_superuser"]
    list_filter = ["role", "region", "is_active", "is_superuser"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ["role", "region", "administration", "preferred_language"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Role and scope"), {"fields": ["email", "role", "region", "administration"]}),
    ]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_fr", "name_es"]


@admin.register(MemberAdministration)
class MemberAdministrationAdmin(admin.ModelAdmin):
    list_display = ["iso_code", "name_en", "name_fr", "region", "is_active"]
    list_filter = ["region", "is_active"]
    search_fields = ["name_en", "name_fr", "name_es", "iso_code"]

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name in services.MEMBER_FIELDS}
        services.member_administration_update(administration=obj, by=request.user, **fields)


@admin.register(ROCB)
class ROCBAdmin(admin.ModelAdmin):
    list_display = ["region", "host", "city"]


@admin.register(RTC)
class RTCAdmin(admin.ModelAdmin):
    list_display = ["name", "host", "city"]
    search_fields = ["name", "host__name_en"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "is_official"]


@admin.register(Donor)
class DonorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country"]


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "donor", "is_active"]
    list_filter = ["kind", "is_active"]


class _DryRun(Exception):
    """Undoes the dry run of a change."""


class PersonAdminForm(forms.ModelForm):
    """Checks a change against the rules of the records about the person (an expert's) before the
    admin saves it, so a broken rule is a form error, not a server error."""

    class Meta:
        model = Person
        fields = "__all__"  # noqa: DJ007 - the admin form of the shared person record

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or self.errors:
            return cleaned
        fields = {name: cleaned[name] for name in self.changed_data if name in services.PERSON_FIELDS}
        try:
            with transaction.atomic():
                services.person_update(person=self.instance, by=None, **fields)
                raise _DryRun
        except _DryRun:
            pass
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return cleaned


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ["last_name", "first_name", "administration", "email"]
    search_fields = ["last_name", "first_name", "email"]
    list_select_related = ["administration"]

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name in services.PERSON_FIELDS}
        services.person_update(person=obj, by=request.user, **fields)
