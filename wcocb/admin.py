from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wcocb import services
from wcocb.errors import DomainError
from wcocb.models import ROCB, RTC, Donor, FundingSource, Language, MemberAdministration, Person, Region, User


class _DryRun(Exception):
    """Undoes the dry run of a change."""


def detached(instance):
    """A copy of ``instance`` with its own state, for a dry run that must not touch the form's object."""
    copy = type(instance)()
    for field in instance._meta.concrete_fields:
        setattr(copy, field.attname, getattr(instance, field.attname))
    copy._state.adding = instance._state.adding
    copy._state.db = instance._state.db
    return copy


class ServiceAdmin(admin.ModelAdmin):
    """An admin whose saves go through a service, so the admin is one more door to the same rules.

    Subclasses implement :meth:`save_through_service`. While the form validates, the change is
    tried once in a transaction that is rolled back: a refusal (``ValidationError``, ``DomainError``
    including ``ForbiddenError``) becomes a form error, never a server error, and nothing is saved.
    Then ``save_model`` runs the service for real.

    Deleting is offered only by a subclass that implements :meth:`delete_through_service`; the bulk
    "delete selected" action then deletes row by row through it too."""

    def save_through_service(self, request, obj, form, change: bool):
        raise NotImplementedError

    def delete_through_service(self, request, obj) -> None:
        raise NotImplementedError

    def has_delete_permission(self, request, obj=None) -> bool:
        deletes = type(self).delete_through_service is not ServiceAdmin.delete_through_service
        return deletes and super().has_delete_permission(request, obj)

    def delete_model(self, request, obj) -> None:
        self.delete_through_service(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_through_service(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ServiceCheckedForm(base):
            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                try:
                    with transaction.atomic():
                        model_admin.save_through_service(request, detached(self.instance), self, change)
                        raise _DryRun
                except _DryRun:
                    pass
                except ValidationError as exc:
                    self.add_error(None, exc.messages)
                except DomainError as exc:
                    self.add_error(None, str(exc.message))

        return ServiceCheckedForm

    def save_model(self, request, obj, form, change) -> None:
        saved = self.save_through_service(request, obj, form, change)
        if saved is not None and saved is not obj:
            obj.pk = saved.pk
            obj._state.adding = False


class ReferenceAdmin(ServiceAdmin):
    """Reference data (regions, ROCBs, RTCs, languages, donors, funding sources): saved through
    :func:`wcocb.services.reference_record_save` (Secretariat, the model's rules checked again)."""

    def save_through_service(self, request, obj, form, change: bool):
        return services.reference_record_save(record=obj, by=request.user)

    def delete_through_service(self, request, obj) -> None:
        services.reference_record_delete(record=obj, by=request.user)


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
class RegionAdmin(ReferenceAdmin):
    list_display = ["code", "name_en", "name_fr", "name_es"]


@admin.register(MemberAdministration)
class MemberAdministrationAdmin(ServiceAdmin):
    """A new administration is a reference record; a change goes through
    :func:`wcocb.services.member_administration_update` (a region move refreshes other apps' copies)."""

    list_display = ["iso_code", "name_en", "name_fr", "region", "is_active"]
    list_filter = ["region", "is_active"]
    search_fields = ["name_en", "name_fr", "name_es", "iso_code"]

    def save_through_service(self, request, obj, form, change: bool):
        if not change:
            return services.reference_record_save(record=obj, by=request.user)
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name in services.MEMBER_FIELDS}
        return services.member_administration_update(administration=obj, by=request.user, **fields)


@admin.register(ROCB)
class ROCBAdmin(ReferenceAdmin):
    list_display = ["region", "host", "city"]


@admin.register(RTC)
class RTCAdmin(ReferenceAdmin):
    list_display = ["name", "host", "city"]
    search_fields = ["name", "host__name_en"]


@admin.register(Language)
class LanguageAdmin(ReferenceAdmin):
    list_display = ["code", "name_en", "is_official"]


@admin.register(Donor)
class DonorAdmin(ReferenceAdmin):
    list_display = ["code", "name", "country"]


@admin.register(FundingSource)
class FundingSourceAdmin(ReferenceAdmin):
    list_display = ["code", "name", "kind", "donor", "is_active"]
    list_filter = ["kind", "is_active"]


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
    """A person is created with the record about them (an expert, through the experts services) and
    changed here through :func:`wcocb.services.person_update`; never added or deleted here."""

    form = PersonAdminForm
    list_display = ["last_name", "first_name", "administration", "email"]
    search_fields = ["last_name", "first_name", "email"]
    list_select_related = ["administration"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name in services.PERSON_FIELDS}
        services.person_update(person=obj, by=request.user, **fields)
