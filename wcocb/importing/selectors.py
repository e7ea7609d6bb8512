"""Reads of import jobs."""

from __future__ import annotations

from django.db.models import QuerySet

from wcocb.importing.models import ImportJob
from wcocb.scoping import scope_queryset


def jobs_for(user) -> QuerySet[ImportJob]:
    """The jobs ``user`` may see: the Secretariat every job, anyone else the jobs they started."""
    jobs = ImportJob.objects.select_related("created_by", "source")
    if user is None:
        return jobs.none()
    return scope_queryset(jobs, user)
