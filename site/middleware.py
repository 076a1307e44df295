"""Site-wide middleware: the visitor's language, security headers on every response, and the
site's own pages for requests that cannot be served (a NUL character, a method not allowed)."""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.defaults import bad_request


class UrlLanguageMiddleware:
    """Activate the language the path names (/en/..., /ar/...), else Swedish.

    The language is in the URL, never in a cookie or the browser's Accept-Language: a link
    opens in the language it was shared in, a public page is the same for everyone who asks
    for it (so it can be cached), and a municipal service in Sweden speaks Swedish first.
    Staff screens (/admin/) follow each staff member's own language setting in Wagtail.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # For this request only: the thread's language afterwards is what it was before.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
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


NUL = "\x00"


def _holds_nul(query) -> bool:
    """Whether a key or any value of `query` (a QueryDict) holds a NUL."""
    return any(NUL in key or any(NUL in value for value in values) for key, values in query.lists())


class RejectNulCharacterMiddleware:
    """Answer 400 (the site's "could not read" page) when the address, the query string, a
    posted form or a cookie holds a NUL character.

    No visitor types one; PostgreSQL refuses it in any text parameter, so a NUL that reached a
    lookup (a booking's token, a page slug, a search, a session key) would be a server error
    there. Django lets it through, and form fields reject it only where there is a form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.holds_nul(request):
            return bad_request(request, SuspiciousOperation("NUL character in the request"))
        return self.get_response(request)

    @staticmethod
    def holds_nul(request) -> bool:
        if NUL in request.path_info or _holds_nul(request.GET):
            return True
        if any(NUL in name or NUL in value for name, value in request.COOKIES.items()):
            return True
        if request.method != "POST":
            return False
        try:
            form = request.POST
        except OSError:
            return False  # an unreadable body: CSRF and the view deal with it as before
        return _holds_nul(form)


class MethodNotAllowedPageMiddleware:
    """Give the site's own page (405.html) to every 405 that comes without a body.

    Django's `require_POST` and class-based views answer a method they do not take with an
    empty page; a parent who opened a form's address as a link needs a way on instead. The
    status and the Allow header stay.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            response.content = render_to_string("405.html")
            response.headers["Content-Type"] = "text/html; charset=utf-8"
        return response
