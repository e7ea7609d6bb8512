"""Deployments: days on WCO missions, counted against the release commitment."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from experts import rules
from experts.choices import DeploymentSource
from experts.models import Deployment, Expert
from experts.services.commitment import refresh_commitment
from wcocb.errors import ConflictError
from wcocb.models import User


@transaction.atomic
def deployment_record(
    *,
    expert: Expert,
    start_date: datetime.date,
    end_date: datetime.date,
    by: User | None,
    description: str = "",
    source_key: str | None = None,
) -> Deployment:
    """Record days an expert spends on a WCO mission. With a ``source_key`` (e.g.
    ``assignment:42``, from the missions app) it is idempotent: the existing row is updated.

    The Secretariat records deployments by hand; a keyed deployment is kept by the app that owns
    its source, whose service has checked the caller (:func:`experts.rules.can_record_deployment`)."""
    rules.check("record_deployment", by, expert, source_key=source_key)
    expert = Expert.objects.select_for_update().get(pk=expert.pk)  # serialises commitment updates
    deployment = None
    if source_key:
        deployment = Deployment.objects.select_for_update().filter(source_key=source_key).first()
    if deployment is None:
        deployment = Deployment(source_key=source_key or None)
    if deployment.pk and deployment.expert_id != expert.pk:
        refresh_after = Expert.objects.get(pk=deployment.expert_id)
    else:
        refresh_after = None
    deployment.expert = expert
    deployment.start_date = start_date
    deployment.end_date = end_date
    deployment.description = (description or "")[:300]
    deployment.source = DeploymentSource.MISSION if source_key else DeploymentSource.MANUAL
    deployment.full_clean()
    deployment.save()
    refresh_commitment(expert)
    if refresh_after is not None:
        refresh_commitment(refresh_after)
    return deployment


@transaction.atomic
def deployment_remove(*, by: User | None, source_key: str | None = None, deployment: Deployment | None = None) -> bool:
    """Remove a deployment, by its ``source_key`` (missions) or the row itself. Idempotent: returns
    whether a row was removed.

    A row is removed by hand only by the Secretariat, and only when it was recorded by hand: one that
    came from a mission (it has a ``source_key``) is changed through the mission, which removes it
    by its key (:func:`experts.rules.can_delete_deployment`, :func:`~experts.rules.can_record_deployment`)."""
    if deployment is None and not source_key:
        raise TypeError("deployment_remove needs a source_key or a deployment")
    if deployment is not None:
        if deployment.source_key:
            raise ConflictError(_("This deployment comes from a mission; change it through the mission."))
        rules.check("delete_deployment", by, deployment)
    else:
        rules.check("record_deployment", by, source_key=source_key)
    queryset = Deployment.objects.select_for_update()
    found = queryset.filter(pk=deployment.pk).first() if deployment else queryset.filter(source_key=source_key).first()
    if found is None:
        return False
    if deployment is not None and found.source_key:  # keyed since it was read
        raise ConflictError(_("This deployment comes from a mission; change it through the mission."))
    expert = Expert.objects.select_for_update().get(pk=found.expert_id)
    found.delete()
    refresh_commitment(expert)
    return True
