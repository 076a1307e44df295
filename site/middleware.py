"""Site-wide middleware: the visitor's language, and security headers on every response."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    """Activate the language from the language cookie, else the site default (Swedish).

    Django's LocaleMiddleware would follow the browser's Accept-Language header; a municipal
    service in Sweden speaks Swedish first and switches only when the visitor asks.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response.

    Django 5.2 has no CSP of its own (Django 6 does). The public site runs no inline script or
    style, so its policy is strict (settings.CONTENT_SECURITY_POLICY); the Wagtail admin needs
    inline scripts and styles and frames its own previews (CONTENT_SECURITY_POLICY_ADMIN). A
    view that sets its own header keeps it. Django's SecurityMiddleware and
    XFrameOptionsMiddleware add nosniff, Referrer-Policy, Cross-Origin-Opener-Policy and
    X-Frame-Options.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = self.serialize(settings.CONTENT_SECURITY_POLICY)
        self.admin_policy = self.serialize(settings.CONTENT_SECURITY_POLICY_ADMIN)

    @staticmethod
    def serialize(policy: dict[str, list[str]]) -> str:
        return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_dummy", False):
            # Wagtail's preview renders the page through this middleware too, inside an admin
            # request: the admin request's policy (which allows the preview frame) applies.
            return response
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's debug pages are all inline styles and scripts.
        admin = request.path.startswith(reverse("wagtailadmin_home"))
        policy = self.admin_policy if admin else self.public_policy
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
