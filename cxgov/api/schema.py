"""The OpenAPI schema view: behind a login, its refusals in JSON like every API error."""

from drf_spectacular.views import SpectacularAPIView
from rest_framework.renderers import JSONRenderer


class SchemaView(SpectacularAPIView):
    """/api/schema/: YAML (or JSON on request) for a logged-in session or a token."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # The schema renders as YAML by default; an error is JSON in the API's shape.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response
