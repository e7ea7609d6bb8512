"""FilterSets for the shared reference data, used by the pages and the API alike."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from wcocb.models import MemberAdministration


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
