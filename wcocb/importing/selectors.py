"""Reads of import jobs."""

from __future__ import annotations

from django.db.models import QuerySet

from wcocb.importing.models import ImportJob
from wcocb.rules import is_secretariat


def jobs_for(user) -> QuerySet[ImportJob]:
    """The jobs ``user`` may see: the Secretariat every job, anyone else the jobs they started."""
    jobs = ImportJob.objects.select_related("created_by", "source")
    if is_secretariat(user):
        return jobs
    if not (user is not None and user.is_authenticated and user.is_active):
        return jobs.none()
    return jobs.filter(created_by=user)
