"""French unless the user chose otherwise: the language cookie (set by the language switch) decides,
never the browser's Accept-Language, so every desk sees the same French screens by default.
And the Content-Security-Policy of every response (ContentSecurityPolicyMiddleware)."""

import secrets

from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if lang not in dict(settings.LANGUAGES):
            lang = settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", lang)
        return response


class ContentSecurityPolicyMiddleware:
    """Content-Security-Policy on every response (settings.CONTENT_SECURITY_POLICY).

    Django 5.2 has none built in; the other headers come from Django itself: X-Content-Type-Options,
    Referrer-Policy and Cross-Origin-Opener-Policy (SecurityMiddleware), X-Frame-Options: DENY
    (XFrameOptionsMiddleware). Each request gets a fresh nonce, `request.csp_nonce`, for the few
    inline scripts a template carries (`<script nonce="{{ request.csp_nonce }}">`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy:
            response.headers.setdefault("Content-Security-Policy",
                                        policy.replace("{nonce}", request.csp_nonce))
        return response
