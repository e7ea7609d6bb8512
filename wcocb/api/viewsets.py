"""Base classes every app's API builds on."""

from rest_framework import viewsets

from wcocb.scoping import scope_queryset


class ScopedMixin:
    """Restrict ``get_queryset()`` to the requesting user's scope (see :mod:`wcocb.scoping`)."""

    def get_queryset(self):
        return scope_queryset(super().get_queryset(), self.request.user)


class ScopedReadOnlyViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedMixin, viewsets.ModelViewSet):
    """Writes go through ``perform_create``/``perform_update`` overrides that call services."""
