"""API routes of the experts app, registered under /api/v1/ by wcocb.api.urls: (prefix, viewset, basename)."""

routes: list = []
