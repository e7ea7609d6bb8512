"""Audit log: every insert, update and delete of a tracked model is kept by PostgreSQL triggers
(django-pghistory) with the acting user and URL, so no write path can skip it."""

import pghistory
from django.db import models
from pghistory.models import Events


def audited(**kwargs):
    """Class decorator: keep a before/after row for each insert, update and delete."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **kwargs)


def history_for(obj: models.Model):
    """The change history of one record, newest first, with who made each change."""
    return Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")


def actor(user_id):
    """Context manager to attribute writes made outside a request (tasks, commands) to a user."""
    return pghistory.context(user=user_id)
