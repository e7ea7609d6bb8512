"""The OpenAPI schema view, generated once per process and language.

Generating the schema walks every viewset and serializer: seconds on an idle machine, more under load, which
made the Swagger UI and API clients wait (and time out) on every load. The schema depends only on the code
(it is public: the same for every caller) and on the language of its descriptions, so each process keeps the
one it generated for each language and version."""

from __future__ import annotations

import threading

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

_cache: dict[tuple[str, str | None], dict] = {}
_lock = threading.Lock()


class CachedSchemaView(SpectacularAPIView):
    def _get_schema_response(self, request):
        if not self.serve_public:  # a schema filtered by the caller's permissions is the caller's: never shared
            return super()._get_schema_response(request)
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language() or "", version)
        schema = _cache.get(key)
        if schema is None:
            with _lock:
                schema = _cache.get(key)
                if schema is None:
                    generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
                    schema = _cache[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(
            data=schema,
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'},
        )


def clear() -> None:
    """Forget the generated schemas (tests that change the URL configuration or the settings)."""
    _cache.clear()
