"""Staff actions on offerings, sessions and bookings, recorded in Wagtail's log (who, what,
when), never personal data.

Each entry's label is the object's `__str__` ("Booking 12 (confirmed)") and its data holds ids
and counts only: a reason, a message or a name typed by staff is never written to the log.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log

# action -> label shown in Wagtail's history and logs.
STAFF_ACTIONS = {
    "bookings.staff_add": _("Booking added by staff"),
    "bookings.staff_cancel": _("Booking cancelled by staff"),
    "bookings.raise_priority": _("Moved to the front of the waitlist"),
    "bookings.offer_by_hand": _("Seat offered by hand"),
    "bookings.confirm_by_hand": _("Seat given by hand"),
    "bookings.attendance": _("Attendance marked"),
    "bookings.capacity": _("Capacity changed"),
    "bookings.session_moved": _("Session moved"),
    "bookings.session_cancelled": _("Session cancelled"),
    "bookings.message": _("Message sent to everyone booked"),
    "bookings.offering_created": _("Offering created"),
    "bookings.offering_edited": _("Offering settings changed"),
    "bookings.offering_deleted": _("Offering deleted"),
    "bookings.offering_cancelled": _("Group cancelled"),
    "bookings.session_added": _("Session added"),
    "bookings.session_edited": _("Session changed"),
    "bookings.session_deleted": _("Session deleted"),
    "bookings.interest_invited": _("Interest list invited"),
    "bookings.interest_next_batch": _("Next households on the interest list invited"),
}


@hooks.register("register_log_actions")
def register_staff_actions(actions):
    for action, label in STAFF_ACTIONS.items():
        actions.register_action(action, label, label)


def log_staff_action(*, instance, action: str, user, data: dict | None = None) -> None:
    """Record `action` on `instance` (a booking, offering or session) by `user`.

    `data` must hold ids and numbers only; callers never pass what staff typed.
    """
    if action not in STAFF_ACTIONS:
        raise ValueError(f"Unknown staff action {action!r}")
    log(instance=instance, action=action, user=user, data=data or {})
