"""Each public page type renders with its key content (in English)."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bookings.models import CapacityUnit, WaitlistPolicy
from tests.factories import (
    ContactFactory,
    ProgramPageFactory,
    StandardPageFactory,
    VenueFactory,
    WaitlistedBookingFactory,
)


@pytest.fixture
def program(program_index, languages):
    page = ProgramPageFactory(
        parent=program_index,
        title="KOMET 3–11",
        slug="komet",
        audience="Parents of children aged 3–11",
        easy_read_summary="A course for parents. You meet 11 times.",
        venue=VenueFactory(name="Familjecentralen", directions="Entrance from the car park."),
        contact=ContactFactory(phone="0158-27 50 00", email="stod@example.org"),
        body=[
            ("heading", "What happens"),
            ("question", {"question": "Is it free?", "answer": "Yes."}),
        ],
    )
    page.languages.set([languages["sv"], languages["ar"]])
    page.save()
    return page


def test_home_page_shows_intro_and_programs_with_dates(
    en_client, site_pages, program, make_offering_with
):
    home, index = site_pages
    home.intro = "Support for parents in Gnesta."
    home.save()
    undated = ProgramPageFactory(parent=index, title="COPE without dates")
    make_offering_with(program, sessions=1)
    html = en_client.get(home.url).content.decode()
    assert "Support for parents in Gnesta." in html
    assert f'href="{index.url}"' in html
    assert "KOMET 3–11" in html
    assert undated.title not in html


def test_standard_page_renders(en_client, site_pages):
    home, _index = site_pages
    page = StandardPageFactory(
        parent=home,
        slug="om",
        title="About us",
        intro="Who we are.",
        body="<p>We are the municipality.</p>",
    )
    response = en_client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 lang="sv">About us</h1>' in html  # the Swedish page, not translated
    assert "We are the municipality." in html


def test_program_index_lists_programs_with_status_labels(
    en_client, program_index, program, make_offering_with
):
    full = ProgramPageFactory(parent=program_index, title="NPF meetup")
    make_offering_with(full, sessions=1, capacity=1, bookings=1)
    ProgramPageFactory(parent=program_index, title="ANDT evening")
    make_offering_with(program, sessions=3)
    response = en_client.get(program_index.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 programs" in html
    for text in (
        "KOMET 3–11",
        "NPF meetup",
        "ANDT evening",
        "Parents of children aged 3–11",
        "Arabic, Swedish",  # names of languages in the visitor's language
        "Free seats",
        "Full – waitlist",
        "No dates yet",
    ):
        assert text in html
    assert 'name="child_age"' in html
    assert 'href="' + program.url + '"' in html


def test_program_page_shows_facts_easy_read_body_and_offerings(
    en_client, program, make_offering_with
):
    course = make_offering_with(program, sessions=11, title="Thursdays, spring")
    first = course.sessions.order_by("starts_at").first()
    first.is_cancelled = True
    first.save()
    response = en_client.get(program.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        '<h1 lang="sv">KOMET 3–11</h1>',  # the Swedish page, marked as such
        "Parents of children aged 3–11",
        "3–11 years",
        "Arabic, Swedish",  # names of languages in the visitor's language
        "Free of charge",
        "Entrance from the car park.",
        'href="tel:0158275000"',
        'href="mailto:stod@example.org"',
        "Easy to read",
        "A course for parents.",
        "What happens",
        "Is it free?",
        "Dates and booking",
        "Thursdays, spring",
        "10 sessions",
        "Show all 11 dates",
        "Cancelled",
        "session-list__item--cancelled",
        "Book a seat",
    ):
        assert text in html, text
    assert reverse("bookings:book", args=[course.pk]) in html


def test_program_page_without_offerings_says_so(en_client, program):
    html = en_client.get(program.url).content.decode()
    assert "There are no dates planned right now." in html
    assert "Book a seat" not in html


def _card(offering, **extra) -> str:
    from bookings.selectors import upcoming_offerings_for_program

    [fresh] = [
        o for o in upcoming_offerings_for_program(program=offering.program) if o.pk == offering.pk
    ]
    return render_to_string("components/offering_card.html", {"offering": fresh, **extra})


@pytest.mark.parametrize(
    ("fields", "bookings", "expected", "button"),
    [
        ({"capacity": 6}, 2, "4 household seats left", "Book a seat"),
        (
            {"capacity": 6, "capacity_unit": CapacityUnit.PERSONS},
            1,
            "5 seats left",
            "Book a seat",
        ),
        ({"capacity": 1}, 1, "Full – join the waitlist", "Join the waitlist"),
        ({"capacity": 1, "waitlist_policy": WaitlistPolicy.NONE}, 1, "Full", None),
        ({"capacity": 1}, 3, "Full – join the waitlist", "Join the waitlist"),  # over-full
    ],
)
def test_offering_card_seats_and_button(
    program, make_offering_with, fields, bookings, expected, button
):
    from django.utils import translation

    offering = make_offering_with(program, sessions=1, bookings=bookings, **fields)
    with translation.override("en"):
        html = _card(offering)
    assert expected in html
    if button:
        assert button in html
        assert reverse("bookings:book", args=[offering.pk]) in html
    else:
        assert reverse("bookings:book", args=[offering.pk]) not in html


def test_offering_card_booking_window(program, make_offering_with):
    from django.utils import translation

    now = timezone.now()
    later = make_offering_with(program, sessions=1, booking_opens_at=now + timedelta(days=3))
    closed = make_offering_with(
        program,
        sessions=1,
        booking_closes_at=now - timedelta(days=1),
        booking_opens_at=now - timedelta(days=9),
    )
    closing = make_offering_with(program, sessions=1, booking_closes_at=now + timedelta(days=2))
    with translation.override("en"):
        assert "Booking opens" in _card(later)
        assert "Booking closed" in _card(closed)
        assert "Booking closes" in _card(closing)
    assert reverse("bookings:book", args=[later.pk]) not in _card(later)
    assert reverse("bookings:book", args=[closed.pk]) not in _card(closed)


def test_waitlisted_bookings_do_not_take_seats(program, make_offering_with):
    from django.utils import translation

    offering = make_offering_with(program, sessions=1, capacity=2, bookings=1)
    WaitlistedBookingFactory(offering=offering)
    with translation.override("en"):
        assert "1 household seat left" in _card(offering)


def test_search_finds_programs(en_client, program):
    response = en_client.get(reverse("search"), {"q": "KOMET"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 result" in html
    assert f'href="{program.url}"' in html


def test_search_without_query(en_client, site_pages):
    response = en_client.get(reverse("search"))
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_404_page(en_client, site_pages):
    response = en_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_500_page_renders_without_context_or_database():
    # No `db` fixture: any database access here would raise.
    html = render_to_string("500.html")
    assert "<h1>" in html
    assert "<html lang=" in html


def test_header_and_footer_links(en_client, site_pages, program, django_user_model):
    home, index = site_pages
    privacy = StandardPageFactory(parent=home, slug="personuppgifter", title="Privacy notice")
    access = StandardPageFactory(parent=home, slug="tillganglighet", title="Accessibility")
    html = en_client.get(program.url).content.decode()
    assert f'href="{index.url}"' in html
    assert f'href="{privacy.url}"' in html and f'href="{access.url}"' in html
    assert reverse("account_login") in html
    # The language switch: the same program in each language, the current one marked.
    assert (
        'href="http://testserver/program/komet/" lang="sv" hreflang="sv" dir="ltr">Svenska' in html
    )
    assert (
        'href="http://testserver/en/program/komet/" lang="en" hreflang="en" dir="ltr"'
        ' aria-current="true">English</a>'
    ) in html
    assert 'href="http://testserver/ar/program/komet/" lang="ar" hreflang="ar" dir="rtl">' in html
    user = django_user_model.objects.create_user("parent", "p@example.org")
    en_client.force_login(user)
    html = en_client.get(program.url).content.decode()
    assert reverse("mypages:index") in html
