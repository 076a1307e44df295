"""Signal receivers of "My pages": when a parent's e-mail address changes, bookings follow.

Connected when the site's app is ready (`parentsite.apps`).
"""

from allauth.account.signals import email_changed
from django.dispatch import receiver

from .services import move_bookings_to_email


@receiver(email_changed, dispatch_uid="accounts_bookings_follow_email_change")
def bookings_follow_email_change(sender, request, user, to_email_address, **kwargs):
    """Messages about active bookings go to the parent's new, verified address."""
    if to_email_address is not None and to_email_address.verified:
        move_bookings_to_email(user=user, email=to_email_address.email)
