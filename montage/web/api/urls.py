"""/api/…: the django-ninja routes (namespace "api"), the docs page's own assets, and /api/
itself, which sends a browser to the interactive documentation."""

from django.urls import include, path
from django.views.generic import RedirectView

from montage.web.api.api import api
from montage.web.api.docs import docs_asset

_patterns, _app, _namespace = api.urls
_patterns = [
    path("", RedirectView.as_view(pattern_name="api:openapi-view"), name="index"),
    path("docs/assets/<str:name>", docs_asset, name="docs-asset"),
    *_patterns,  # ninja's own "" (api-root, a 404) stays, shadowed: ninja reverses it
]

urlpatterns = [path("", include((_patterns, "api"), namespace="api"))]
