"""Everything the site holds about one parent, for "Download my data" (GDPR art. 15 and 20).

Which bookings and registrations on interest lists are the parent's is decided in
`ownership` (`bookings_of_parent()`, `interest_registrations_of_parent()`).

One structure serves both the readable page and the JSON file: keys are stable English
identifiers, choice fields carry the parent's own words (`*_label`), datetimes are aware and
become Europe/Stockholm local time in the file.
"""

from __future__ import annotations

import json
from datetime import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils import timezone
from wagtail.models import ModelLogEntry

from bookings.models import (
    AccessNeed,
    Attendance,
    Booking,
    CalendarFeed,
    InterestInvitation,
    InterestRegistration,
    OutboxMessage,
    ParentProfile,
    Session,
    UndeliverableAddress,
)
from bookings.selectors.interest import weekday_names

from .ownership import bookings_of_parent, interest_registrations_of_parent

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _account(user, addresses_qs) -> dict:
    return {
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in addresses_qs
        ],
        "joined_at": user.date_joined,
        "last_login_at": user.last_login,
        "has_password": user.has_usable_password(),
    }


def _profile(user) -> dict | None:
    profile = ParentProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return {
        "name": profile.name,
        "phone": profile.phone,
        "language": profile.language,
        "language_label": LANGUAGE_NAMES.get(profile.language, ""),
        "updated_at": profile.updated_at,
    }


def _sessions(booking: Booking) -> list[dict]:
    marks = {mark.session_id: mark.mark for mark in booking.attendances.all()}
    return [
        {
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "place": str(session.effective_venue or ""),
            "cancelled": session.is_cancelled,
            # "present", "absent", "notified" (said in advance they could not come), or None.
            "attendance": marks.get(session.pk),
        }
        for session in booking.offering.sessions.all()
    ]


def _emails(row: Booking | InterestRegistration) -> list[dict]:
    return [
        {
            "subject": message.subject,
            "to": message.recipient,
            "queued_at": message.created_at,
            "sent_at": message.sent_at,
            "status": message.status,
            "status_label": message.get_status_display(),
        }
        for message in row.outbox_messages.all()
    ]


def _booking(booking: Booking, *, user, history: dict[str, list[dict]]) -> dict:
    needs = dict(AccessNeed.choices)
    return {
        "program": booking.offering.program.title,
        "group": booking.offering.title,
        "status": booking.status,
        "status_label": booking.get_status_display(),
        "linked_to_account": booking.user_id == user.pk,
        "made_by": booking.source,
        "made_by_label": booking.get_source_display(),
        "name": booking.name,
        "email": booking.email,
        "phone": booking.phone,
        "persons": booking.persons,
        "child_age_band": booking.child_age_band,
        "child_age_band_label": booking.get_child_age_band_display(),
        "interpreter_language": booking.interpreter_language,
        "interpreter_language_label": booking.interpreter_language_name,
        "needs_childcare": booking.needs_childcare,
        "access_needs": list(booking.access_needs),
        "access_needs_labels": [str(needs.get(need, need)) for need in booking.access_needs],
        "message_language": booking.language,
        "message_language_label": LANGUAGE_NAMES.get(booking.language, booking.language),
        "waitlist_priority": booking.waitlist_priority,
        "booked_at": booking.created_at,
        "changed_at": booking.updated_at,
        "joined_waitlist_at": booking.waitlisted_at,
        "offer_expires_at": booking.offer_expires_at,
        "cancelled_at": booking.cancelled_at,
        "sessions": _sessions(booking),
        "emails": _emails(booking),
        "staff_actions": history.get(str(booking.pk), []),
    }


def _invitation(invitation: InterestInvitation) -> dict:
    return {
        "program": invitation.offering.program.title,
        "group": invitation.offering.title,
        "invited_at": invitation.sent_at,
        "expires_at": invitation.expires_at,
        "booked": invitation.booking_id is not None,
    }


def _registration(registration: InterestRegistration, *, user) -> dict:
    return {
        "program": registration.program.title,
        "status": registration.status,
        "status_label": registration.get_status_display(),
        "linked_to_account": registration.user_id == user.pk,
        "made_by": registration.source,
        "made_by_label": registration.get_source_display(),
        "name": registration.name,
        "email": registration.email,
        "phone": registration.phone,
        "persons": registration.persons,
        "child_age_band": registration.child_age_band,
        "child_age_band_label": registration.get_child_age_band_display(),
        "preferred_language": registration.preferred_language,
        "preferred_language_label": registration.get_preferred_language_display(),
        "preferred_weekdays": list(registration.preferred_weekdays),
        "preferred_weekdays_labels": weekday_names(registration.preferred_weekdays),
        "preferred_time_of_day": registration.preferred_time_of_day,
        "preferred_time_of_day_label": registration.get_preferred_time_of_day_display(),
        "message_language": registration.language,
        "message_language_label": LANGUAGE_NAMES.get(registration.language, registration.language),
        # The place in line: when they registered, or joined the waitlist they came from.
        "in_line_since": registration.registered_at,
        "made_at": registration.created_at,
        "changed_at": registration.updated_at,
        "last_invited_at": registration.last_invited_at,
        "withdrawn_at": registration.withdrawn_at,
        "invitations": [_invitation(each) for each in registration.invitations.all()],
        "emails": _emails(registration),
    }


def _registrations(*, user, addresses: list[str]) -> list[dict]:
    """The parent's registrations on interest lists with their invitations and e-mails, in
    three queries."""
    registrations = (
        interest_registrations_of_parent(user=user, addresses=addresses)
        .select_related("program")
        .order_by("registered_at", "pk")
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=InterestInvitation.objects.select_related("offering__program").order_by(
                    "sent_at", "pk"
                ),
            ),
            Prefetch("outbox_messages", queryset=OutboxMessage.objects.order_by("created_at")),
        )
    )
    return [_registration(registration, user=user) for registration in registrations]


def _staff_history(booking_ids: list[int]) -> dict[str, list[dict]]:
    """What staff did to these bookings (from Wagtail's log): the action and when, not who."""
    history: dict[str, list[dict]] = {}
    if not booking_ids:
        return history
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Booking),
        object_id__in=[str(pk) for pk in booking_ids],
    ).order_by("timestamp", "pk")
    for entry in entries:
        history.setdefault(entry.object_id, []).append(
            {"action": entry.action, "action_label": str(entry.message), "at": entry.timestamp}
        )
    return history


def collect_personal_data(*, user, now: datetime | None = None) -> dict:
    """All personal data about `user`, in a fixed number of queries however many bookings."""
    addresses_qs = list(EmailAddress.objects.filter(user=user).order_by("-primary", "email"))
    verified = [address.email.lower() for address in addresses_qs if address.verified]
    bookings = list(
        bookings_of_parent(user=user, addresses=verified)
        .select_related("offering__program")
        .order_by("created_at", "pk")
        .prefetch_related(
            Prefetch(
                "offering__sessions",
                queryset=Session.objects.select_related("venue", "offering__venue").order_by(
                    "starts_at", "pk"
                ),
            ),
            Prefetch("attendances", queryset=Attendance.objects.order_by("pk")),
            Prefetch("outbox_messages", queryset=OutboxMessage.objects.order_by("created_at")),
        )
    )
    history = _staff_history([booking.pk for booking in bookings])
    registrations = _registrations(user=user, addresses=verified)
    feed = CalendarFeed.objects.filter(user=user).values("created_at").first()
    all_addresses = (
        {address.email.lower() for address in addresses_qs}
        | {row.email.lower() for row in bookings if row.email}
        | {row["email"].lower() for row in registrations if row["email"]}
    )
    undeliverable = [
        {"email": row.email, "reason": row.reason, "reported_at": row.created_at}
        for row in UndeliverableAddress.objects.annotate(lower_email=Lower("email")).filter(
            lower_email__in=sorted(all_addresses)
        )
    ]
    return {
        "generated_at": now or timezone.now(),
        "account": _account(user, addresses_qs),
        "profile": _profile(user),
        "bookings": [_booking(booking, user=user, history=history) for booking in bookings],
        "interest_registrations": registrations,
        "calendar_feed": {"exists": feed is not None, "made_at": feed and feed["created_at"]},
        "undeliverable_addresses": undeliverable,
    }


class LocalTimeEncoder(DjangoJSONEncoder):
    """Datetimes in Swedish local time (with offset), like everything else parents see."""

    def default(self, o):
        if isinstance(o, datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


def as_json(data: dict) -> str:
    return json.dumps(data, cls=LocalTimeEncoder, ensure_ascii=False, indent=2)
