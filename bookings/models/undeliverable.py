"""Addresses the e-mail provider told us cannot receive mail (hard bounce, spam complaint)."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UndeliverableAddress(models.Model):
    """No more e-mail goes to this address until staff remove the row."""

    email = models.EmailField(_("e-mail"))
    reason = models.CharField(_("reason"), max_length=20)  # anymail's event type, e.g. bounced
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("undeliverable address")
        verbose_name_plural = _("undeliverable addresses")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="undeliverable_address_once")
        ]

    def __str__(self) -> str:
        return f"Undeliverable address {self.pk} ({self.reason})"
