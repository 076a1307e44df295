from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Bookings")

    def ready(self):
        from django.db.models.signals import post_migrate

        from bookings.notifications import bounces  # noqa: F401 - connects the anymail receiver
        from bookings.tally_triggers import ensure_triggers

        post_migrate.connect(ensure_triggers, sender=self)
