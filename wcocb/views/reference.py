"""Pages for the Secretariat to keep the shared reference data: regions, ROCBs, RTCs, languages,
donors and funding sources (member administrations have their own pages). Every signed-in role may
read them; only the Secretariat changes them, and every change lands in the record's history."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wcocb import forms as wcocb_forms
from wcocb import services
from wcocb.mixins import RoleRequiredMixin
from wcocb.models import ROCB, RTC, Donor, FundingSource, Language, MemberAdministration, Region


class RTCForm(wcocb_forms.ModelForm):
    areas_of_excellence = forms.CharField(
        label=gettext_lazy("Areas of excellence"),
        required=False,
        help_text=gettext_lazy("Separate the areas with commas, e.g. AEO, IPR."),
    )

    class Meta:
        model = RTC
        fields = ["name", "host", "city", "areas_of_excellence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["areas_of_excellence"] = ", ".join(self.instance.areas_of_excellence or [])

    def clean_areas_of_excellence(self) -> list[str]:
        return [area.strip() for area in self.cleaned_data["areas_of_excellence"].split(",") if area.strip()]


@dataclass(frozen=True)
class Table:
    """One reference table: its model, the columns of its list (also the fields of its form, unless
    a form is given) and the relations its list follows."""

    model: type[models.Model]
    columns: tuple[str, ...]
    form: type[forms.ModelForm] | None = None
    related: tuple[str, ...] = ()

    @property
    def title(self) -> str | Promise:
        return self.model._meta.verbose_name_plural

    def form_class(self) -> type[forms.ModelForm]:
        return self.form or forms.modelform_factory(self.model, form=wcocb_forms.ModelForm, fields=list(self.columns))


TABLES: dict[str, Table] = {
    "regions": Table(Region, ("code", "name_en", "name_fr", "name_es")),
    "rocbs": Table(ROCB, ("region", "host", "city", "email"), related=("region", "host")),
    "rtcs": Table(RTC, ("name", "host", "city", "areas_of_excellence"), form=RTCForm, related=("host",)),
    "languages": Table(Language, ("code", "name_en", "name_fr", "name_es", "is_official")),
    "donors": Table(Donor, ("code", "name", "country"), related=("country",)),
    "funding-sources": Table(FundingSource, ("code", "name", "kind", "donor", "is_active"), related=("donor",)),
}


def _table(key: str) -> Table:
    try:
        return TABLES[key]
    except KeyError as exc:
        raise Http404 from exc


def _cell(obj: models.Model, name: str):
    value = getattr(obj, name)
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    display = getattr(obj, f"get_{name}_display", None)
    return display() if display else value


class ReferenceIndexView(LoginRequiredMixin, View):
    def get(self, request):
        tables = [
            {"key": key, "title": table.title, "count": table.model.objects.count()} for key, table in TABLES.items()
        ]
        return render(
            request,
            "wcocb/reference_index.html",
            {"tables": tables, "member_count": MemberAdministration.objects.count()},
        )


class ReferenceListView(LoginRequiredMixin, View):
    def get(self, request, table: str):
        spec = _table(table)
        rows = spec.model.objects.all()
        if spec.related:
            rows = rows.select_related(*spec.related)
        fields = {field.name: field for field in spec.model._meta.fields}
        headers = [fields[name].verbose_name if name in fields else name for name in spec.columns]
        model_label = spec.model._meta.label_lower
        body = [{"pk": row.pk, "cells": [_cell(row, name) for name in spec.columns]} for row in rows]
        return render(
            request,
            "wcocb/reference_list.html",
            {"table": table, "spec": spec, "headers": headers, "rows": body, "model_label": model_label},
        )


class ReferenceEditView(LoginRequiredMixin, RoleRequiredMixin, View):
    """Create (no pk) or edit one row; Secretariat staff only."""

    def _form(self, request, spec: Table, pk: int | None):
        instance = get_object_or_404(spec.model, pk=pk) if pk is not None else None
        data = request.POST if request.method == "POST" else None
        return spec.form_class()(data=data, instance=instance)

    def get(self, request, table: str, pk: int | None = None):
        spec = _table(table)
        return self._render(request, table, spec, self._form(request, spec, pk))

    def post(self, request, table: str, pk: int | None = None):
        spec = _table(table)
        form = self._form(request, spec, pk)
        if not form.is_valid():
            messages.error(request, _("Please correct the errors below; nothing was saved."))
            return self._render(request, table, spec, form, status=400)
        obj = services.reference_record_save(record=form.save(commit=False), by=request.user)
        messages.success(request, _("%(name)s was saved.") % {"name": obj})
        return redirect(reverse("reference-list", args=[table]))

    def _render(self, request, table: str, spec: Table, form, status: int = 200):
        return render(
            request, "wcocb/reference_form.html", {"table": table, "spec": spec, "form": form}, status=status
        )
