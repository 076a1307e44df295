"""`manage.py load_demo`: the Gnesta demo on an empty database, loaded once however often run."""

from datetime import date
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from bookings.models import Booking, BookingStatus, Offering, Session, WaitlistPolicy
from bookings.selectors import WindowState, availability_of, with_availability
from parentsite.demo import schedule
from parentsite.demo.accounts import ACCOUNTS, ADMIN, EDITOR, ORGANIZER, PARENT
from parentsite.models import HomePage, StandardPage
from programs.models import Contact, Language, ProgramIndexPage, ProgramPage, Venue

COUNTED = (Page, Site, Offering, Session, Booking, Language, Venue, Contact, Group, EmailAddress)


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    result = {model.__name__: model.objects.count() for model in COUNTED}
    result["users"] = get_user_model().objects.count()
    result["booking statuses"] = sorted(Booking.objects.values_list("status", flat=True))
    return result


@pytest.fixture
def demo(db):
    load_demo()


def offering_of(slug: str) -> Offering:
    """The program's offering that has not started yet (KOMET 3–11 also has running ones)."""
    return with_availability(Offering.objects.filter(program__slug=slug)).get(
        first_session_at__gt=timezone.now()
    )


def test_demo_replaces_the_welcome_page_with_the_municipality_site(demo):
    site = Site.objects.get()
    assert site.is_default_site
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.title == "Föräldrastöd i Gnesta kommun"
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()  # welcome page gone

    index = ProgramIndexPage.objects.child_of(home).get()
    assert index.slug == "program"
    assert set(StandardPage.objects.child_of(home).values_list("slug", flat=True)) == {
        "personuppgifter",
        "tillganglighet",
    }
    programs = ProgramPage.objects.child_of(index).live()
    assert programs.count() == 5
    for program in programs:
        assert program.intro and program.easy_read_summary
        assert {block.block_type for block in program.body} >= {"heading", "paragraph", "question"}
    assert set(Language.objects.values_list("name", flat=True)) == {
        "Svenska",
        "Arabiska",
        "Somaliska",
        "Dari",
        "Tigrinja",
        "Engelska",
    }


def test_demo_offerings_show_each_booking_state(demo):
    komet = offering_of("komet-3-11")
    assert komet.sessions.count() == 11
    assert availability_of(komet).can_book_seat

    full = offering_of("komet-12-18")
    availability = availability_of(full)
    assert availability.is_full and availability.is_open
    assert availability.waitlist_length == 3
    assert full.waitlist_policy == WaitlistPolicy.OFFER

    meetups = Offering.objects.filter(program__slug="traffar-npf")
    assert meetups.count() == 6
    assert all(meetup.sessions.count() == 1 for meetup in meetups)

    evening = offering_of("foraldrakvall-andt")
    assert (evening.capacity, evening.capacity_unit) == (100, "persons")

    later = offering_of("foraldraskap-i-sverige")
    assert later.sessions.count() == 5
    assert availability_of(later).window == WindowState.NOT_YET_OPEN
    assert not later.bookings.exists()
    assert set(later.program.specific.languages.values_list("code", flat=True)) == {
        "ar",
        "so",
        "prs",
    }
    assert not Booking.objects.exclude(email__endswith="@example.org").exists()


def test_demo_accounts_can_log_in_with_their_email(demo, client):
    user_model = get_user_model()
    for account in ACCOUNTS:
        user = user_model.objects.get(email=account.email)
        address = EmailAddress.objects.get(user=user)
        assert address.verified and address.primary
        assert client.login(username=account.email, password=account.password)
    assert user_model.objects.get(email=ADMIN.email).is_superuser
    assert user_model.objects.get(email=EDITOR.email).groups.filter(name="Editors").exists()
    organizer = user_model.objects.get(email=ORGANIZER.email)
    assert organizer.has_perm("bookings.change_offering")
    assert organizer.has_perm("bookings.view_booking")
    assert organizer.has_perm("wagtailadmin.access_admin")

    parent = user_model.objects.get(email=PARENT.email)
    # A seat in KOMET 3–11 and one of the six seats in the full KOMET 12–18.
    assert [booking.status for booking in parent.bookings.all()] == [BookingStatus.CONFIRMED] * 2


def test_admin_login_goes_through_allauth(demo, client):
    """Staff log in with e-mail and password plus an app code (tests/security covers the code
    step with `demo_totp`); Wagtail's own username form is not used."""
    response = client.get(reverse("wagtailadmin_login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_organizer_sees_the_bookings_admin_and_the_parent_does_not(demo, client):
    client.login(username=ORGANIZER.email, password=ORGANIZER.password)
    assert client.get(reverse("bookings_offerings:index")).status_code == 200
    client.logout()
    client.login(username=PARENT.email, password=PARENT.password)
    assert client.get(reverse("bookings_offerings:index")).status_code == 302


def test_second_run_changes_nothing(demo):
    before = counts()
    output = load_demo()
    assert counts() == before
    assert "nothing changed" in output


def test_demo_pages_are_served(demo, client):
    index = ProgramIndexPage.objects.get()
    urls = ["/", "/program/", "/personuppgifter/", "/tillganglighet/"]
    urls += [program.url for program in ProgramPage.objects.child_of(index)]
    for url in urls:
        for host in ("127.0.0.1:8000", "localhost:8000"):
            assert client.get(url, HTTP_HOST=host).status_code == 200, (url, host)


def test_print_logins_prints_only_the_demo_logins(db):
    out = StringIO()
    call_command("load_demo", "--print-logins", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == len(ACCOUNTS)
    for account, line in zip(ACCOUNTS, lines, strict=True):
        assert account.email in line and account.password in line
    assert not Offering.objects.exists()  # printing loads nothing


def test_demo_dates_skip_the_christmas_and_summer_breaks():
    assert schedule.weekly(date(2026, 12, 17), 3) == [
        date(2026, 12, 17),
        date(2027, 1, 7),
        date(2027, 1, 14),
    ]
    assert schedule.monthly_after(date(2027, 6, 1), schedule.WEDNESDAY, 2) == [
        date(2027, 6, 9),
        date(2027, 8, 11),
    ]
    assert schedule.next_weekday(date(2026, 11, 26), schedule.THURSDAY) == date(2026, 12, 3)
    assert schedule.at(date(2027, 6, 9), 18).utcoffset().total_seconds() == 2 * 3600


def test_demo_parent_cancelling_in_the_full_group_offers_the_seat_to_the_first_in_line(demo):
    from bookings.selectors import waitlist_ordering
    from bookings.services import cancel_booking

    parent = get_user_model().objects.get(email="parent@example.org")
    seat = parent.bookings.get(offering__program__slug="komet-12-18")
    waiting = list(
        seat.offering.bookings.filter(status=BookingStatus.WAITLISTED).order_by(
            *waitlist_ordering()
        )
    )
    cancel_booking(booking_id=seat.pk)
    waiting[0].refresh_from_db()
    waiting[1].refresh_from_db()
    assert waiting[0].status == BookingStatus.OFFERED
    assert waiting[1].status == BookingStatus.WAITLISTED


def test_demo_has_a_running_and_an_ended_group_with_attendance_for_the_organizer(demo):
    from bookings.organize.rosters import attendance_grid

    organizer = get_user_model().objects.get(email=ORGANIZER.email)
    komet = Offering.objects.filter(program__slug="komet-3-11")
    assert komet.count() == 3
    running = komet.get(title__startswith="Onsdagar")
    grid = attendance_grid(offering_id=running.pk)
    assert len(grid.rows) == 6 and grid.present > 0 and grid.absent > 0
    assert running.sessions.filter(starts_at__gt=timezone.now()).exists()
    # The organizer leads the KOMET groups only; NPF and ANDT belong to colleagues.
    assert set(organizer.organized_offerings.values_list("program__slug", flat=True)) == {
        "komet-3-11",
        "komet-12-18",
    }
