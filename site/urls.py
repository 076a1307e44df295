from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from parentsite import health, site_history, views
from parentsite.accounts import feeds as account_feeds
from parentsite.accounts import staff_login

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
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("allauth.urls")),
    # Calendar feeds keep the addresses calendar apps have subscribed to.
    path("bokning/kalender/<str:token>.ics", account_feeds.parent_feed, name="parent_feed"),
    path("bokning/program/", include("programs.urls")),
    path("bokning/", include("bookings.urls")),
    # A parent's own pages: bookings, details, calendar link, account and data.
    path("mina-sidor/", include("parentsite.accounts.urls")),
    path("sok/", views.search, name="search"),
    # The e-mail provider's bounce and complaint webhooks (ANYMAIL_WEBHOOK_SECRET).
    path("anymail/", include("parentsite.webhooks")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
