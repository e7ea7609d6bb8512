"""FilterSets for the shared reference data, used by the pages and the API alike."""

import django_filters
from django import forms
from django.forms.utils import pretty_name
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from wcocb.models import MemberAdministration


class DateFilter(django_filters.DateFilter):
    """A date filter drawn as a date input: the browser shows the date in its user's format and sends it as
    ISO 8601 (``2027-04-12``), so ``12/04/2027`` can never be read as 4 December."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(*args, **kwargs)


def _descending(label) -> str:
    return gettext("%s (descending)") % label


_descending_lazy = lazy(_descending, str)


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's ordering, whose "Name (descending)" labels are formatted when the filter is declared
    (in the language of the moment: English): here they stay lazy and read in the active language."""

    def build_choices(self, fields, labels):
        ascending = [(param, labels.get(field, pretty_name(param))) for field, param in fields.items()]
        descending = [(f"-{param}", labels.get(f"-{param}", _descending_lazy(label))) for param, label in ascending]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]


class AnyBooleanWidget(BooleanWidget):
    """A yes/no filter whose empty choice reads "Any" (django-filter's says "Unknown"): not filtering."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("Any")), ("true", _("Yes")), ("false", _("No")))


class MemberAdministrationFilterSet(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__code", lookup_expr="iexact", label=_("Region code"))
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = MemberAdministration
        fields = ["region", "is_active", "iso_code"]

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(
            Q(name_en__icontains=value) | Q(name_fr__icontains=value) | Q(name_es__icontains=value) | Q(iso_code=value)
        )
