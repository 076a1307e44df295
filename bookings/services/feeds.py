"""A parent's private calendar feed link."""

from django.db import transaction

from bookings.models import CalendarFeed
from bookings.models.booking import new_token


def ensure_calendar_feed(*, user) -> CalendarFeed:
    """The parent's feed, created the first time they look for it."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def renew_calendar_feed(*, user) -> CalendarFeed:
    """Give the feed a new secret link; the old one stops working at once."""
    with transaction.atomic():
        feed, _created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
        feed.token = new_token()
        feed.save(update_fields=["token", "created_at"])
    return feed
