"""`Cache-Control: no-store` on every response that can show personal data.

A parent's booking pages (found by their secret link), the booking form, My pages, the account
pages, the private calendar feed and everything a logged-in person sees (the admin shows
households' names and needs) must not stay in a browser's or a proxy's cache: on a shared
computer the back button would show them to the next person. Public pages seen anonymously
(program pages, the program's calendar) may still be cached.
"""

from django.utils.cache import add_never_cache_headers

# URL namespaces and names whose pages show one parent's data, whoever asks.
PRIVATE_NAMESPACES = {"bookings", "mypages"}
PRIVATE_NAMES = {"parent_feed"}
PRIVATE_PATH_PREFIXES = ("/konto/", "/admin/")


def shows_personal_data(request) -> bool:
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return True
    match = getattr(request, "resolver_match", None)
    if match is not None and (
        PRIVATE_NAMESPACES.intersection(match.namespaces) or match.url_name in PRIVATE_NAMES
    ):
        return True
    return request.path_info.startswith(PRIVATE_PATH_PREFIXES)


class NoStoreForPersonalDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if shows_personal_data(request):
            add_never_cache_headers(response)
        return response
