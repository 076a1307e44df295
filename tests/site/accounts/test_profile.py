"""The parent's details (name, phone, language of e-mails), how the booking form uses them, the
privacy notice on the form, and changing the account's e-mail address with a code."""

import re
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, BookingStatus, ParentProfile
from parentsite.accounts.services import move_bookings_to_email, save_profile
from tests.bookings.sending import send_waiting
from tests.conftest import read_in
from tests.factories import BookingFactory, StandardPageFactory
from tests.site.accounts.conftest import logged_in

BOOKING_FORM = {"persons": "1", "name": "Sara Nilsson", "phone": "070-123 45 67"}


def book(user, offering, **fields):
    return BookingFactory(offering=offering, user=user, email=user.email, **fields)


def waitlisted(user, offering):
    return book(
        user,
        offering,
        status=BookingStatus.WAITLISTED,
        waitlisted_at=timezone.now() - timedelta(days=1),
    )


def test_the_form_starts_from_the_last_booking_until_details_are_saved(
    parent_client, parent, make_offering
):
    book(parent, make_offering(), name="Sara Nilsson", phone="070-765 43 21")
    page = parent_client.get(reverse("mypages:profile")).content.decode()
    assert 'value="Sara Nilsson"' in page and 'value="070-765 43 21"' in page
    assert "<title>My details – Parent support</title>" in page


def test_saving_details_stores_them_and_shows_them_on_my_pages(parent_client, parent):
    response = parent_client.post(
        reverse("mypages:profile"),
        {"name": "  Sara Nilsson ", "phone": "070-111 22 33", "language": "en"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("mypages:index")
    profile = ParentProfile.objects.get(user=parent)
    assert (profile.name, profile.phone, profile.language) == (
        "Sara Nilsson",
        "070-111 22 33",
        "en",
    )
    page = response.content.decode()
    assert "Your details are saved." in page
    assert "Sara Nilsson" in page and "070-111 22 33" in page
    assert '<span lang="en">English</span>' in page


def test_a_wrong_phone_number_is_explained_and_nothing_is_saved(parent_client, parent):
    response = parent_client.post(
        reverse("mypages:profile"), {"name": "Sara", "phone": "call me", "language": ""}
    )
    assert response.status_code == 400
    assert "Write the phone number with digits" in response.content.decode()
    assert not ParentProfile.objects.filter(user=parent).exists()


def test_an_unknown_language_is_refused(parent_client, parent):
    response = parent_client.post(
        reverse("mypages:profile"), {"name": "Sara", "phone": "", "language": "xx"}
    )
    assert response.status_code == 400
    assert not ParentProfile.objects.filter(user=parent).exists()


def test_a_chosen_language_applies_to_the_parents_active_bookings_only(
    parent, other_parent, make_offering
):
    coming = book(parent, make_offering(), language="sv")
    waiting = waitlisted(parent, make_offering())
    cancelled = book(parent, make_offering(), status=BookingStatus.CANCELLED, language="sv")
    someone_else = book(other_parent, make_offering(), language="sv")

    save_profile(user=parent, name="Sara", phone="", language="en")

    languages = dict(Booking.objects.values_list("pk", "language"))
    assert languages == {
        coming.pk: "en",
        waiting.pk: "en",
        cancelled.pk: "sv",
        someone_else.pk: "sv",
    }


def test_the_booking_form_is_filled_in_from_the_saved_details(parent_client, parent, make_offering):
    book(parent, make_offering(), name="Old Name", phone="070-000 00 00")
    save_profile(user=parent, name="Sara Nilsson", phone="070-111 22 33", language="")
    page = parent_client.get(reverse("bookings:book", args=[make_offering().pk])).content
    assert 'value="Sara Nilsson"' in page.decode()
    assert 'value="070-111 22 33"' in page.decode()
    assert "Old Name" not in page.decode()


def test_a_new_booking_is_written_to_in_the_chosen_language(parent, make_offering):
    swedish_site = logged_in(parent, language="sv")
    offering = make_offering()
    save_profile(user=parent, name="Sara", phone="", language="en")
    response = swedish_site.post(reverse("bookings:book", args=[offering.pk]), BOOKING_FORM)
    assert response.status_code == 302
    booking = Booking.objects.get(offering=offering)
    assert booking.language == "en"
    (message,) = send_waiting()  # the worker renders it
    assert (message.booking_id, message.subject) == (booking.pk, "Your seat is booked")


def test_without_a_chosen_language_the_booking_follows_the_site(parent, make_offering):
    offering = make_offering()
    response = logged_in(parent, language="sv").post(
        reverse("bookings:book", args=[offering.pk]), BOOKING_FORM
    )
    assert response.status_code == 302
    booking = Booking.objects.get(offering=offering)
    assert booking.language == "sv"
    (message,) = send_waiting()  # the worker renders it
    assert (message.booking_id, message.subject) == (booking.pk, "Din plats är bokad")


def test_the_booking_form_tells_how_long_details_are_kept(
    client, site_pages, make_offering, settings
):
    home, _index = site_pages
    privacy = StandardPageFactory(parent=home, slug="personuppgifter", title="Privacy")
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    read_in(client, "en")
    page = client.get(reverse("bookings:book", args=[make_offering().pk])).content.decode()
    notice = re.search(r'<p class="privacy-note" id="privacy-notice">(.*?)</p>', page, re.S)
    assert notice is not None
    assert "only to run this group" in notice.group(1)
    assert "30 days after its last session" in notice.group(1)
    assert f'href="{privacy.url}"' in notice.group(1)


def test_the_retention_period_defaults_to_90_days(client, make_offering, settings):
    del settings.PERSONAL_DATA_RETENTION_DAYS
    read_in(client, "en")
    page = client.get(reverse("bookings:book", args=[make_offering().pk])).content.decode()
    assert "90 days after its last session" in page


def _code_in_last_mail() -> str:
    return re.search(r"^\s*([A-Z0-9]{4,}(?:-[A-Z0-9]{4,})?)\s*$", mail.outbox[-1].body, re.M)[1]


def test_a_new_address_replaces_the_old_one_only_after_its_code(
    parent_client, parent, other_parent, make_offering, django_capture_on_commit_callbacks
):
    coming = book(parent, make_offering())
    waiting = waitlisted(parent, make_offering())
    cancelled = book(parent, make_offering(), status=BookingStatus.CANCELLED)
    someone_else = book(other_parent, make_offering())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # the worker sends the outbox row
        response = parent_client.post(
            reverse("account_email"), {"action_add": "", "email": "Sara.New@Example.org"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert [message.to for message in mail.outbox] == [["sara.new@example.org"]]
    assert "Your code to confirm your e-mail address" in mail.outbox[0].subject

    # Nothing changes before the code is typed in.
    parent.refresh_from_db()
    assert parent.email == "sara@example.org"
    assert list(EmailAddress.objects.filter(user=parent).values_list("email", flat=True)) == [
        "sara@example.org"
    ]
    coming.refresh_from_db()
    assert coming.email == "sara@example.org"
    page = parent_client.get(response["Location"]).content.decode()
    assert "Enter the code from your e-mail" in page and "sara.new@example.org" in page

    wrong = parent_client.post(reverse("account_email_verification_sent"), {"code": "WRONG1"})
    assert wrong.status_code == 200
    parent.refresh_from_db()
    assert parent.email == "sara@example.org"

    response = parent_client.post(
        reverse("account_email_verification_sent"), {"code": _code_in_last_mail()}, follow=True
    )
    assert response.redirect_chain == [(reverse("mypages:index"), 302)]
    assert "You have confirmed sara.new@example.org." in response.content.decode()
    parent.refresh_from_db()
    assert parent.email == "sara.new@example.org"
    assert list(
        EmailAddress.objects.filter(user=parent).values_list("email", "verified", "primary")
    ) == [("sara.new@example.org", True, True)]
    emails = dict(Booking.objects.values_list("pk", "email"))
    assert emails == {
        coming.pk: "sara.new@example.org",
        waiting.pk: "sara.new@example.org",
        cancelled.pk: "sara@example.org",
        someone_else.pk: "omar@example.org",
    }


def test_an_address_of_another_account_cannot_be_taken(parent_client, parent, other_parent):
    mail.outbox.clear()
    parent_client.post(reverse("account_email"), {"action_add": "", "email": other_parent.email})
    parent.refresh_from_db()
    assert parent.email == "sara@example.org"
    assert not EmailAddress.objects.filter(user=parent, email=other_parent.email).exists()


def test_a_booking_stays_where_the_new_address_already_has_one(parent, make_offering):
    offering = make_offering()
    mine = book(parent, offering)
    # Staff had booked the same group for the new address (no account behind it).
    BookingFactory(offering=offering, email="sara.new@example.org")
    elsewhere = book(parent, make_offering())

    moved = move_bookings_to_email(user=parent, email="Sara.New@example.org")

    assert moved == 1
    mine.refresh_from_db()
    elsewhere.refresh_from_db()
    assert mine.email == "sara@example.org"
    assert elsewhere.email == "sara.new@example.org"


def test_an_unverified_address_made_primary_moves_no_booking(parent, make_offering):
    from allauth.account.signals import email_changed

    booking = book(parent, make_offering())
    unverified = EmailAddress.objects.create(user=parent, email="x@example.org", verified=False)
    email_changed.send(
        sender=EmailAddress,
        request=None,
        user=parent,
        from_email_address=None,
        to_email_address=unverified,
    )
    booking.refresh_from_db()
    assert booking.email == "sara@example.org"
