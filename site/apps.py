from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParentSiteConfig(AppConfig):
    name = "parentsite"
    verbose_name = _("Site")
