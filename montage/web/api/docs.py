"""The interactive documentation (Swagger UI), served from the django-ninja package itself.

django-ninja renders its docs page from a CDN unless "ninja" is an installed app; Montage's pages
must work offline and without a third-party host, so this page uses Montage's own template and
serves the Swagger UI files shipped in the ninja wheel (a fixed list, nothing else) from
/api/docs/assets/<name>. The docs page and the OpenAPI document require a logged-in user (or a
token), like every page: an anonymous browser is sent to the login page, a script gets 401.
"""

from __future__ import annotations

import json
import mimetypes
from functools import wraps
from pathlib import Path

import ninja
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from ninja.openapi.docs import DocsBase, _csrf_needed

from montage.web.api.auth import request_user

ASSETS_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png")


class SelfHostedSwagger(DocsBase):
    settings = {"layout": "BaseLayout", "deepLinking": True, "persistAuthorization": False}

    def render_page(self, request, api, **kwargs):
        settings = dict(self.settings, url=self.get_openapi_url(api, kwargs))
        return render(request, "api/swagger.html", {
            "swagger_settings": json.dumps(settings, indent=1), "api": api,
            "add_csrf": _csrf_needed(api)})


def docs_login_required(view):
    """Anonymous: the OpenAPI document answers 401, the docs page redirects to the login."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request_user(request) is None:
            if request.path.endswith(".json"):
                return JsonResponse({"detail": "Unauthorized"}, status=401)
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)
    return wrapper


@require_GET
@cache_control(max_age=86400, public=True)
def docs_asset(request, name: str):
    if name not in ASSETS:
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse((ASSETS_DIR / name).open("rb"), content_type=content_type)
