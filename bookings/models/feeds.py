"""A parent's private calendar feed: one secret link per account, which they can replace."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .booking import new_token


class CalendarFeed(models.Model):
    """The token behind a parent's webcal link. Replacing it revokes the old link."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"Calendar feed of user {self.user_id}"
