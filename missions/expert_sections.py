"""The missions app's section on the expert detail page: the expert's assignments."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from experts.sections import DetailSection
from missions.models import Assignment
from wcocb.scoping import scope_queryset


def expert_assignments(expert, user) -> DetailSection:
    """The missions the expert is considered for, selected for or served on, as far as ``user``
    may see them (scoped like every assignment list)."""
    assignments = scope_queryset(Assignment.objects.filter(expert=expert).select_related("request"), user).order_by(
        "-start_date", "-pk"
    )
    return DetailSection(
        _("Missions"), "missions/_expert_assignments.html", {"assignments": list(assignments)}, order=50
    )
