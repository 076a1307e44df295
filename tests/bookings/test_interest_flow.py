"""A parent joins a program's interest list through the test client, as they would click: the
program page's offer, the form, the e-mail code, and the result on My pages."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from bookings.models import InterestRegistration, InterestStatus, ParentProfile
from bookings.services import register_interest
from programs.dates import PAGE_SIZE
from tests.conftest import read_in
from tests.factories import (
    BookingFactory,
    HomePageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
    SessionFactory,
    UserFactory,
)
from tests.site.accounts.conftest import logged_in, make_parent

FORM = {
    "persons": "2",
    "child_age_band": "6-9",
    "preferred_weekdays": ["2", "4"],
    "preferred_time_of_day": "evening",
    "preferred_language": "ar",
    "name": "Sara Nilsson",
    "phone": "070-123 45 67",
}


@pytest.fixture
def program(program_index):
    return ProgramPageFactory(parent=program_index, title="KOMET 3–11", slug="komet-3-11")


@pytest.fixture
def english(client):
    return read_in(client, "en")


def interest_url(program) -> str:
    return reverse("bookings:interest", args=[program.pk])


def offers_interest(client, program) -> bool:
    page = client.get(program.url).content.decode()
    return f'href="{interest_url(program)}"' in page


def full(offering):
    BookingFactory(offering=offering, persons=1)
    return offering


# --- the program page -----------------------------------------------------------------------


def test_a_program_without_groups_offers_the_interest_list(english, program):
    page = english.get(program.url).content.decode()
    assert "There are no dates planned right now." in page
    assert "we will e-mail you when the next group opens for booking" in page
    assert f'href="{interest_url(program)}"' in page


def test_a_group_with_free_seats_means_booking_not_the_interest_list(
    english, program, make_offering
):
    make_offering(program=program, capacity=6)
    assert not offers_interest(english, program)


def test_when_every_open_group_is_full_the_page_offers_both_waitlist_and_interest_list(
    english, program, make_offering
):
    group = full(make_offering(program=program, capacity=1))
    page = english.get(program.url).content.decode()
    assert f'href="{reverse("bookings:book", args=[group.pk])}"' in page  # "Join the waitlist"
    assert "Join the waitlist" in page
    assert f'href="{interest_url(program)}"' in page


def test_a_group_not_yet_open_for_booking_leaves_the_interest_list_on_offer(
    english, program, make_offering
):
    make_offering(program=program, booking_opens_at=timezone.now() + timedelta(days=3))
    assert offers_interest(english, program)


def test_with_many_groups_a_free_seat_on_a_later_page_still_counts(english, program, make_offering):
    for _ in range(PAGE_SIZE + 1):
        full(make_offering(program=program, capacity=1))
    assert offers_interest(english, program)  # control: every group full
    later = make_offering(program=program, sessions=0, capacity=6)
    SessionFactory(offering=later, starts_at=timezone.now() + timedelta(days=900))
    assert not offers_interest(english, program)
    page_one = english.get(program.url).content.decode()
    assert f'href="{reverse("bookings:book", args=[later.pk])}"' not in page_one


# --- the form -------------------------------------------------------------------------------


def login_code_from_mail() -> str:
    return re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", mail.outbox[-1].body).group(1)


def test_a_new_parent_confirms_the_address_with_a_code_and_finds_the_form_refilled(
    english, program, django_capture_on_commit_callbacks
):
    client = english
    url = interest_url(program)
    page = client.get(url).content.decode()
    assert 'name="email"' in page

    with django_capture_on_commit_callbacks(execute=True):  # the code leaves by the outbox
        response = client.post(url, {**FORM, "email": "Sara@Example.org"})
    assert response.status_code == 302
    assert reverse("account_confirm_login_code") in response["Location"]
    assert InterestRegistration.objects.count() == 0
    assert mail.outbox[-1].to == ["sara@example.org"]

    response = client.post(response["Location"], {"code": login_code_from_mail()})
    assert response["Location"] == url

    page = client.get(url).content.decode()
    assert "Your e-mail address is confirmed." in page
    assert 'name="email"' not in page and "We will write to sara@example.org." in page
    assert 'value="Sara Nilsson"' in page and 'value="070-123 45 67"' in page
    assert re.search(r'<option value="2" selected>', page)
    assert re.search(r'value="4"[^>]*checked', page) and not re.search(
        r'value="3"[^>]*checked', page
    )
    assert re.search(r'value="evening"[^>]*checked', page)

    response = client.post(url, FORM, follow=True)
    registration = InterestRegistration.objects.get()
    assert response.redirect_chain[-1][0] == reverse("mypages:index") + "#interest-heading"
    assert (registration.email, registration.user.email) == ("sara@example.org",) * 2
    assert registration.preferred_weekdays == [2, 4]
    assert (registration.persons, registration.preferred_time_of_day) == (2, "evening")
    assert registration.language == "en"
    page = response.content.decode()
    assert "You are on the interest list." in page
    assert "KOMET 3–11" in page
    assert client.get(url).content.decode().count("Your e-mail address is confirmed.") == 0


def test_a_logged_in_parent_registers_without_the_code(program):
    parent = make_parent("sara@example.org")
    client = logged_in(parent)
    response = client.post(interest_url(program), FORM)
    registration = InterestRegistration.objects.get()
    assert response.status_code == 302
    assert (registration.user, registration.email) == (parent, "sara@example.org")
    assert registration.program_id == program.pk
    assert len(mail.outbox) == 0


def test_mistakes_are_explained_and_what_was_typed_stays(english, program):
    english.force_login(UserFactory())
    response = english.post(
        interest_url(program),
        {**FORM, "name": " ", "phone": "abc", "persons": "9", "preferred_weekdays": ["4", "9"]},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please check the form" in page
    assert page.startswith("<!DOCTYPE html>") and "<title>Error: " in page
    assert 'value="abc"' in page
    assert re.search(r'value="4"[^>]*checked', page)
    assert re.search(r'value="evening"[^>]*checked', page)
    assert InterestRegistration.objects.count() == 0


def test_a_second_registration_leads_to_my_pages_with_a_note(program):
    parent = make_parent("sara@example.org")
    register_interest(program_id=program.pk, email="SARA@example.org", name="Sara")
    client = logged_in(parent)
    page = client.get(interest_url(program)).content.decode()
    assert "You are already on the interest list for this program." in page
    assert 'class="booking-form"' not in page
    response = client.post(interest_url(program), FORM, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mypages:index") + "#interest-heading"
    assert "You are already on the interest list for this program." in response.content.decode()
    assert InterestRegistration.objects.count() == 1


def test_the_honeypot_saves_nothing_and_sends_nothing(english, program):
    response = english.post(
        interest_url(program), {**FORM, "email": "bot@example.org", "website": "spam"}
    )
    assert response.status_code == 302 and response["Location"] == program.url
    assert InterestRegistration.objects.count() == 0 and len(mail.outbox) == 0


def test_posts_are_rate_limited_and_keep_what_was_typed(english, program, settings):
    cache.clear()
    settings.BOOKING_RATE_LIMITS = {"user": "1/10m"}
    english.force_login(UserFactory())
    assert english.post(interest_url(program), {**FORM, "phone": "abc"}).status_code == 400
    response = english.post(interest_url(program), {**FORM, "name": "Sara Berg"})
    assert response.status_code == 429
    assert "You have sent this form many times" in response.content.decode()
    assert 'value="Sara Berg"' in response.content.decode()
    assert InterestRegistration.objects.count() == 0


def test_the_form_is_never_cached(english, program):
    response = english.get(interest_url(program))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_only_live_program_pages_of_this_municipality_have_a_form(english, program, site_pages):
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Sollentuna")
    Site.objects.create(hostname="sollentuna.localhost", port=80, root_page=home)
    theirs = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home))
    draft = ProgramPageFactory(parent=program.get_parent(), live=False)
    english.force_login(UserFactory())
    for page in (theirs, draft, site_pages[0]):
        url = reverse("bookings:interest", args=[page.pk])
        assert english.get(url).status_code == 404
        assert english.post(url, FORM).status_code == 404
    assert InterestRegistration.objects.count() == 0
    assert english.get(interest_url(program)).status_code == 200  # control


def test_the_form_in_arabic_is_right_to_left_and_registers_in_arabic(client, program):
    read_in(client, "ar")
    client.force_login(make_parent("sara@example.org"))
    response = client.get(interest_url(program))
    assert interest_url(program).startswith("/ar/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page
    # The program's Swedish title is marked as Swedish, left to right.
    assert '<h2 id="what-heading" lang="sv" dir="ltr">KOMET 3–11</h2>' in page
    client.post(interest_url(program), FORM)
    assert InterestRegistration.objects.get().language == "ar"


def test_a_parents_chosen_language_for_e_mail_wins(program):
    parent = make_parent("sara@example.org")
    ParentProfile.objects.create(user=parent, language="sv")
    logged_in(parent).post(interest_url(program), FORM)
    registration = InterestRegistration.objects.get()
    assert registration.language == "sv"
    assert registration.status == InterestStatus.WAITING


# --- My pages -------------------------------------------------------------------------------


def test_my_pages_list_the_waiting_registrations_in_words(program, program_index):
    parent = make_parent("sara@example.org")
    register_interest(
        program_id=program.pk,
        email=parent.email,
        user=parent,
        name="Sara",
        persons=2,
        child_age_band="6-9",
        preferred_weekdays=[4, 2],
        preferred_time_of_day="evening",
        preferred_language="ar",
    )
    other = ProgramPageFactory(parent=program_index, title="NPF-träffar")
    withdrawn = register_interest(program_id=other.pk, email=parent.email, name="Sara")
    withdrawn.status = InterestStatus.WITHDRAWN
    withdrawn.save()
    page = logged_in(parent).get(reverse("mypages:index")).content.decode()
    section = page[page.index('id="interest-heading"') : page.index('id="details-heading"')]
    assert "KOMET 3–11" in section and "NPF-träffar" not in section
    assert "Tuesday, Thursday" in section
    assert "Evening (from 17)" in section
    assert "6–9 years" in section and "Arabic" in section
    assert timezone.localdate().strftime("%Y") in section
    assert "<dd>2</dd>" in section


def test_my_pages_without_registrations_have_no_interest_section(program):
    page = logged_in(make_parent("sara@example.org")).get(reverse("mypages:index"))
    assert 'id="interest-heading"' not in page.content.decode()


def withdraw_url() -> str:
    return reverse("mypages:withdraw_interest")


def test_a_parent_withdraws_from_my_pages(program):
    parent = make_parent("sara@example.org")
    registration = register_interest(program_id=program.pk, email=parent.email, name="Sara")
    client = logged_in(parent)
    page = client.get(reverse("mypages:index")).content.decode()
    card = page[page.index('id="interest-heading"') :]
    assert f'action="{withdraw_url()}"' in card
    assert f'name="registration" value="{registration.pk}"' in card
    assert "you start at the back of the line" in card  # asked before the button that posts

    response = client.post(withdraw_url(), {"registration": registration.pk}, follow=True)
    registration.refresh_from_db()
    assert registration.status == InterestStatus.WITHDRAWN
    assert "You are no longer on the interest list." in response.content.decode()
    assert 'id="interest-heading"' not in response.content.decode()

    again = client.post(withdraw_url(), {"registration": registration.pk}, follow=True)
    assert "This registration is no longer on the interest list." in again.content.decode()


def test_withdrawing_takes_a_post_from_a_logged_in_parent(client, program):
    registration = register_interest(program_id=program.pk, email="sara@example.org", name="S")
    response = client.post(withdraw_url(), {"registration": registration.pk})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_request_login_code"))
    sara = logged_in(make_parent("sara@example.org"))
    assert sara.get(withdraw_url(), {"registration": registration.pk}).status_code == 405
    for sent in ({}, {"registration": "x"}, {"registration": "0"}, {"registration": 2**40}):
        assert sara.post(withdraw_url(), sent).status_code == 404
    registration.refresh_from_db()
    assert registration.status == InterestStatus.WAITING


def test_a_registration_made_with_a_verified_address_of_the_account_is_theirs(program):
    parent = make_parent("sara@example.org")
    by_staff = register_interest(program_id=program.pk, email="SARA@example.org", name="Sara")
    assert logged_in(parent).post(withdraw_url(), {"registration": by_staff.pk}).status_code == 302
    by_staff.refresh_from_db()
    assert by_staff.status == InterestStatus.WITHDRAWN


def test_someone_elses_registration_is_not_found(program):
    sara = make_parent("sara@example.org")
    hers = register_interest(program_id=program.pk, email=sara.email, user=sara, name="Sara")
    omar = logged_in(make_parent("omar@example.org"))
    # An address typed into an account but never confirmed makes nothing of it theirs.
    claimer = make_parent("claimer@example.org")
    EmailAddress.objects.create(user=claimer, email="sara.b@example.org", verified=False)
    typed = register_interest(program_id=program.pk, email="sara.b@example.org", name="Sara")
    for client, registration in ((omar, hers), (logged_in(claimer), typed)):
        assert client.post(withdraw_url(), {"registration": registration.pk}).status_code == 404
        registration.refresh_from_db()
        assert registration.status == InterestStatus.WAITING
    assert "KOMET" not in omar.get(reverse("mypages:index")).content.decode()


def test_my_pages_cost_the_same_queries_with_one_or_many_registrations(program, program_index):
    parent = make_parent("sara@example.org")
    client = logged_in(parent)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("mypages:index")).content.decode()
        return len(queries), page.count('class="card"')

    register_interest(program_id=program.pk, email=parent.email, name="Sara")
    count()  # the first visit makes the calendar link
    one = count()
    for _ in range(4):
        other = ProgramPageFactory(parent=program_index)
        register_interest(program_id=other.pk, email=parent.email, user=parent, name="Sara")
    many = count()
    assert (one[1], many[1]) == (1, 5)
    assert many[0] == one[0]
