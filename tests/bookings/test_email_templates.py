"""The e-mail templates to parents: every kind renders in both languages, with what to do next."""

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from bookings.models import BookingStatus, WaitlistPolicy
from tests.email_words import words_of_html, words_of_text
from tests.factories import BookingFactory, ContactFactory, ProgramPageFactory, SessionFactory

KINDS = [
    "booking_confirmed",
    "booking_waitlisted",
    "seat_offered",
    "seat_promoted",
    "offer_expired",
    "booking_cancelled",
]
STATUS_OF = {
    "booking_confirmed": BookingStatus.CONFIRMED,
    "booking_waitlisted": BookingStatus.WAITLISTED,
    "seat_offered": BookingStatus.OFFERED,
    "seat_promoted": BookingStatus.CONFIRMED,
    "offer_expired": BookingStatus.EXPIRED,
    "booking_cancelled": BookingStatus.CANCELLED,
}
WITH_DATES = ["booking_confirmed", "booking_waitlisted", "seat_offered", "seat_promoted"]
MANAGE_URL = "https://foraldrastod.example.org/bokning/secret-token-123/hantera/"
PROGRAM_TITLE = "Föräldrar & tonåringar"
PARENT_NAME = "Åke O'Brien & Eva"
OTHER_EMAIL = "someone.else@example.org"
OTHER_NAME = "Bertil Annansson"
# 17:00 and 16:30 UTC are 18:00 and 17:30 in Stockholm (winter time).
FIRST_START = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 11, 30, 16, 30, tzinfo=UTC)
VOID_ELEMENTS = {"meta", "br", "hr", "img", "link", "input"}


@pytest.fixture
def email_context(make_offering, program_index):
    """Build the context the renderer gives a template, as a plain dict, for one kind."""
    program = ProgramPageFactory(parent=program_index, title=PROGRAM_TITLE)
    offering = make_offering(
        sessions=0, program=program, waitlist_policy=WaitlistPolicy.OFFER, offer_hours=48
    )
    for week, cancelled in ((0, False), (1, True)):
        starts_at = FIRST_START + timedelta(weeks=week)
        SessionFactory(
            offering=offering,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2, minutes=30),
            is_cancelled=cancelled,
        )
    # Someone else on the same offering: nothing of theirs may reach this parent's e-mail.
    BookingFactory(offering=offering, email=OTHER_EMAIL, name=OTHER_NAME)

    def build(kind: str, **overrides) -> dict:
        status = STATUS_OF[kind]
        booking = BookingFactory(
            offering=offering,
            name=PARENT_NAME,
            persons=2,
            status=status,
            waitlisted_at=timezone.now() if status != BookingStatus.CONFIRMED else None,
            offer_expires_at=DEADLINE if status == BookingStatus.OFFERED else None,
        )
        context = {
            "site_name": "Föräldrastöd i Gnesta",
            "language": translation.get_language(),
            "booking": booking,
            "offering": offering,
            "program": program,
            "sessions": list(offering.sessions.all()),
            "manage_url": MANAGE_URL,
            "position": 3 if kind == "booking_waitlisted" else None,
            "deadline": DEADLINE if kind == "seat_offered" else None,
            "contact": ContactFactory(),
            "has_invite": kind in ("booking_confirmed", "seat_promoted"),
        }
        context.update(overrides)
        return context

    return build


def render(kind: str, context: dict) -> tuple[str, str, str]:
    """(subject, plain-text body, HTML body) of one kind, the way the renderer makes them."""
    subject = render_to_string(f"emails/{kind}/subject.txt", context).strip()
    text = render_to_string(f"emails/{kind}/body.txt", context)
    html = render_to_string(f"emails/{kind}/body.html", context)
    return subject, text, html


class HtmlOutline(HTMLParser):
    """The html element's lang, every link, and any tag left open or closed out of turn."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.links = []
        self.open = []
        self.mismatched = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "a":
            self.links.append(attrs.get("href"))
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.mismatched.append(tag)


def outline(html: str) -> HtmlOutline:
    parser = HtmlOutline()
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_a_subject_a_text_and_an_html_body(email_context, kind, lang):
    with translation.override(lang):
        subject, text, html = render(kind, email_context(kind))

    assert subject
    assert "\n" not in subject
    assert PROGRAM_TITLE not in subject  # subjects show on lock screens

    assert MANAGE_URL in text
    assert PROGRAM_TITLE in text
    assert "Föräldrastöd i Gnesta" in text
    assert "\n\n\n" not in text

    assert html.startswith("<!DOCTYPE html>")
    assert html.rstrip().endswith("</html>")
    page = outline(html)
    assert page.lang == lang
    assert MANAGE_URL in page.links
    assert (page.open, page.mismatched) == ([], [])
    for tag in ("<head>", "<title>", "<body", "<h1"):
        assert tag in html


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_other_participants_data_reaches_the_e_mail(email_context, kind, lang):
    with translation.override(lang):
        output = "".join(render(kind, email_context(kind)))
    assert OTHER_EMAIL not in output
    assert OTHER_NAME not in output


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("booking_confirmed", ["Your seat is booked", "For 2 persons", "calendar invite"]),
        ("booking_confirmed", ["please cancel your booking", "someone on the waitlist"]),
        ("booking_waitlisted", ["number 3 in line", "we will e-mail you", "48 hours to answer"]),
        ("booking_waitlisted", ["leave the waitlist"]),
        ("seat_offered", ["a seat has become free", "Monday 30 November 2026 at 17:30"]),
        ("seat_offered", ["the seat goes to the next person in line", "Answer yes or no"]),
        ("seat_promoted", ["moved from the waitlist", "calendar invite", "For 2 persons"]),
        ("offer_expired", ["has run out", "next household in line", "book again"]),
        ("booking_cancelled", ["is cancelled", "You do not need to do anything more"]),
        ("booking_cancelled", ["book again"]),
    ],
)
def test_each_kind_says_what_happened_and_what_comes_next_in_english(email_context, kind, expected):
    with translation.override("en"):
        subject, text, html = render(kind, email_context(kind))
    for phrase in expected:
        assert phrase in text
        assert phrase in html
    assert "Questions? Contact Anna Andersson, 0158-27 50 00, foraldrastod@example.org" in text
    assert 'href="mailto:foraldrastod@example.org"' in html
    assert "You get this e-mail because you booked a place at Föräldrastöd i Gnesta." in html


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("kind", WITH_DATES)
def test_dates_are_listed_in_local_time_and_the_language_of_the_e_mail(email_context, kind, lang):
    with translation.override(lang):
        context = email_context(kind)
        _, text, html = render(kind, context)
        first, cancelled = context["sessions"]
        day = formats.date_format(timezone.localtime(first.starts_at), "l j F Y")
        cancelled_day = formats.date_format(timezone.localtime(cancelled.starts_at), "l j F Y")
    assert f"- {day}, 18:00–20:30, {first.effective_venue.address}" in text
    assert f"{day}, 18:00–20:30" in html
    assert first.effective_venue.address in html
    # A cancelled date is marked in words, not only struck through.
    cancelled_line = next(line for line in text.splitlines() if cancelled_day in line)
    assert cancelled_line.endswith(")")
    assert f"<s>{cancelled_day}, 18:00–20:30</s> <strong>" in html


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_offer_deadline_is_shown_in_stockholm_time(email_context, lang):
    with translation.override(lang):
        _, text, html = render("seat_offered", email_context("seat_offered"))
    assert "17:30" in text
    assert "17:30" in html
    assert "16:30" not in text + html


def test_the_deadline_falls_back_to_the_bookings_own(email_context):
    with translation.override("en"):
        _, text, html = render("seat_offered", email_context("seat_offered", deadline=None))
    assert "Please answer by Monday 30 November 2026 at 17:30." in text
    assert "Please answer by Monday 30 November 2026 at 17:30." in html


def test_plain_text_is_not_html_escaped_and_html_is(email_context):
    with translation.override("en"):
        subject, text, html = render("booking_confirmed", email_context("booking_confirmed"))
    assert subject == "Your seat is booked"
    assert f"Hello {PARENT_NAME}," in text
    assert "&amp;" not in text
    assert "&#x27;" not in text
    assert "Åke O&#x27;Brien &amp; Eva" in html
    assert PARENT_NAME not in html


def test_optional_parts_are_left_out_when_not_given(email_context):
    with translation.override("en"):
        context = email_context("booking_waitlisted", position=None, contact=None)
        _, text, html = render("booking_waitlisted", context)
        _, confirmed_text, _ = render(
            "booking_confirmed", email_context("booking_confirmed", has_invite=False)
        )
    assert "you are on the waitlist" in text
    assert "number" not in text
    assert "Questions?" not in text + html
    assert "calendar invite" not in confirmed_text


def test_automatic_promotion_needs_no_answer(email_context):
    with translation.override("en"):
        context = email_context("booking_waitlisted")
        context["offering"].waitlist_policy = WaitlistPolicy.AUTO
        _, text, _ = render("booking_waitlisted", context)
    assert "you do not need to answer" in text
    assert "hours to answer" not in text


@pytest.mark.parametrize("kind", ["offer_expired", "booking_cancelled"])
def test_a_program_link_is_added_when_the_renderer_gives_one(email_context, kind):
    program_url = "https://foraldrastod.example.org/program/tonaringar/"
    with translation.override("en"):
        _, without_text, _ = render(kind, email_context(kind))
        _, text, html = render(kind, email_context(kind, program_url=program_url))
    assert program_url not in without_text
    assert program_url in text
    assert program_url in outline(html).links


BUTTON_HELP = "If the button does not work, copy this address into your browser:"


def words(text: str) -> set[str]:
    return {word.lower() for word in words_of_text(text)}


def words_a_reader_sees(html: str) -> set[str]:
    """The words of the HTML part (`words_of_html`), without the help for a button, which the
    text part has no need for."""
    seen = {word.lower() for word in words_of_html(html)}
    return seen - words(str(translation.gettext(BUTTON_HELP)))


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_the_text_part_says_all_that_the_html_part_says(email_context, kind, lang):
    with translation.override(lang):
        _subject, text, html = render(kind, email_context(kind))
        missing = words_a_reader_sees(html) - words(text)
    assert missing == set()
