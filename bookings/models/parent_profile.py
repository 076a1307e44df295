"""A parent's own details: the name and phone that fill in the booking form, and the language
their e-mails are written in. The engine reads them; the parent edits them on My pages.

One row per account, created the first time the parent saves "My details". Deleting the account
deletes the profile (CASCADE): it holds nothing that statistics need.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def interface_languages() -> list[tuple[str, str]]:
    """The site's languages (settings.LANGUAGES), read when asked: configuration, so adding a
    language needs no migration."""
    return list(settings.LANGUAGES)


class ParentProfile(models.Model):
    """What a parent told us about themselves once, so they need not type it for every booking."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="parent_profile",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Empty: e-mails follow the language the parent uses on the site when they book.
    language = models.CharField(
        _("language for messages"), max_length=10, blank=True, choices=interface_languages
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("parent's details")
        verbose_name_plural = _("parents' details")

    def __str__(self) -> str:
        # No personal data: this string can end up in logs and admin history.
        return f"Profile of user {self.user_id}"
