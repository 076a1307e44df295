from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from parentsite import health, site_history, views
from parentsite.accounts import feeds as account_feeds
from parentsite.accounts import staff_login
from parentsite.page_serving import localized_wagtail_urls

urlpatterns = [
    # Probes (answered first by parentsite.health.HealthCheckMiddleware; routed for reverse()).
    path("healthz", health.liveness, name="healthz"),
    path("readyz", health.readiness, name="readyz"),
    # Staff log in through allauth, with a second factor.
    path("admin/login/", staff_login.admin_login, name="staff_admin_login"),
    # Wagtail's site history, showing only the entries the staff member may see.
    *site_history.urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Calendar feeds keep the addresses calendar apps have subscribed to.
    path("bokning/kalender/<str:token>.ics", account_feeds.parent_feed, name="parent_feed"),
    path("bokning/program/", include("programs.urls")),
    # The e-mail provider's bounce and complaint webhooks (ANYMAIL_WEBHOOK_SECRET).
    path("anymail/", include("parentsite.webhooks")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What parents read, in their language: Swedish at the root, every other language under its
# code (/en/, /ar/, ...; parentsite.middleware.UrlLanguageMiddleware). A link in an e-mail,
# made in the parent's language, keeps it.
urlpatterns += i18n_patterns(
    path("konto/", include("allauth.urls")),
    path("bokning/", include("bookings.urls")),
    # A parent's own pages: bookings, details, calendar link, account and data.
    path("mina-sidor/", include("parentsite.accounts.urls")),
    path("sok/", views.search, name="search"),
    # Wagtail's pages; a page not yet translated is served in Swedish (parentsite.page_serving).
    path("", include(localized_wagtail_urls)),
    prefix_default_language=False,
)
