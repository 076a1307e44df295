"""System checks for settings that would quietly weaken the site in production."""

from django.conf import settings
from django.core.checks import Error, register

# Caches whose counts live in one process: N workers would allow N times each rate limit.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register()
def shared_cache_check(app_configs, **kwargs):
    """With REQUIRE_SHARED_CACHE (production), the default cache must be shared by processes."""
    if not getattr(settings, "REQUIRE_SHARED_CACHE", False):
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                "The default cache is kept per process, so rate limits count per process.",
                hint="Set REDIS_URL, or use django.core.cache.backends.db.DatabaseCache.",
                id="parentsite.E001",
            )
        ]
    return []
