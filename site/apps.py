from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParentSiteConfig(AppConfig):
    name = "parentsite"
    verbose_name = _("Site")

    def ready(self):
        from parentsite import path_converters

        path_converters.register()  # before any URL configuration is read
        # Receivers for allauth's signals (a changed e-mail address moves active bookings),
        # and the site's system checks.
        from parentsite import checks  # noqa: F401
        from parentsite.accounts import receivers  # noqa: F401
