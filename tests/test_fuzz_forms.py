"""Property: no public form answers with a server error, whatever is posted to it.

Every form a parent (or anyone) can send: booking, the interest list (joining, withdrawing),
the login code and its confirmation, the
password login, sign-up and reset, adding or changing an e-mail address, My pages' details,
deleting the account, the language switch, and the booking page's cancel, decline and accept,
each for a booking in every state. Each example starts from what a browser would send (values
the form takes, e-mail addresses up to and past the 254-character limit), then breaks a few
fields (anything from tests/fuzzing.py, or left out) and adds unknown ones, so that both the
checks and what happens after them (a booking, a code sent, an account deleted) are reached.
Bodies go as a browser sends them (urlencoded), as multipart, or with raw bytes that are not
UTF-8. Runs on SQLite and, in CI, on PostgreSQL.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, note
from hypothesis import strategies as st

from bookings.models import (
    AccessNeed,
    BookingStatus,
    ChildAgeBand,
    TimeOfDay,
    Weekday,
    group_language_choices,
    interpreter_language_choices,
)
from bookings.services import register_interest
from tests.factories import BookingFactory, OfferedBookingFactory, WaitlistedBookingFactory
from tests.fuzzing import (
    SENDABLE,
    VALUES,
    address_of_length,
    assert_no_server_error,
    form_body,
    fuzz,
    rolled_back,
)
from tests.site.accounts.conftest import make_parent

# What a browser sends when a parent fills in the form: values the form takes.
# Addresses at and around the longest one that can be kept (254) come up often.
ADDRESSES = st.one_of(
    st.emails(),
    st.sampled_from([253, 254, 255, 256, 320]).map(address_of_length),
    st.integers(min_value=240, max_value=320).map(address_of_length),
    st.just("sara@example.org"),
)
HOUSEHOLD = {
    "persons": st.sampled_from(["1", "2"]),
    "child_age_band": st.sampled_from(["", *ChildAgeBand.values]),
    "interpreter_language": st.sampled_from(["", *dict(interpreter_language_choices())]),
    "needs_childcare": st.sampled_from(["on", ""]),
    "access_needs": st.lists(st.sampled_from(AccessNeed.values), max_size=2, unique=True),
    "name": st.one_of(st.just("Sara Nilsson"), st.text(SENDABLE, min_size=1, max_size=200)),
    "phone": st.sampled_from(["", "070-123 45 67", "+46 70 123 45 67"]),
    "website": st.just(""),  # the honeypot, left empty by people
}
INTEREST = {
    **{key: HOUSEHOLD[key] for key in ("persons", "child_age_band", "name", "phone", "website")},
    "preferred_weekdays": st.lists(st.sampled_from([str(day) for day in Weekday.values])),
    "preferred_time_of_day": st.sampled_from(["", *TimeOfDay.values]),
    "preferred_language": st.sampled_from(["", *dict(group_language_choices())]),
}
BROKEN = st.one_of(VALUES, st.lists(VALUES, max_size=3), st.none())  # None: left out


def request_a_code(client: Client, world: dict) -> None:
    client.post(reverse("account_request_login_code"), {"email": world["parent"].email})


@dataclass(frozen=True)
class PublicForm:
    name: str
    url: Callable[[dict], st.SearchStrategy[str]]
    fields: dict[str, st.SearchStrategy] = field(default_factory=dict)
    logged_in: bool = False
    before: Callable[[Client, dict], None] | None = None


def named(url_name: str) -> Callable[[dict], st.SearchStrategy[str]]:
    return lambda world: st.just(reverse(url_name))


def booking_link(action: str) -> Callable[[dict], st.SearchStrategy[str]]:
    """`action`'s address for a booking in any state (confirmed, waitlisted, offered, ...)."""
    return lambda world: st.sampled_from(world["tokens"]).map(
        lambda token: reverse(f"bookings:{action}", args=[token])
    )


def book(world: dict) -> st.SearchStrategy[str]:
    return st.just(reverse("bookings:book", args=[world["offering_id"]]))


def interest(world: dict) -> st.SearchStrategy[str]:
    return st.just(reverse("bookings:interest", args=[world["program_id"]]))


FORMS = [
    PublicForm("booking", book, {**HOUSEHOLD, "email": ADDRESSES}),
    PublicForm("booking, logged in", book, HOUSEHOLD, logged_in=True),
    PublicForm("interest list", interest, {**INTEREST, "email": ADDRESSES}),
    PublicForm("interest list, logged in", interest, INTEREST, logged_in=True),
    PublicForm(
        "interest list: withdraw",
        named("mypages:withdraw_interest"),
        {"registration": st.sampled_from(["1", "2", "3"])},
        logged_in=True,
    ),
    PublicForm("login code", named("account_request_login_code"), {"email": ADDRESSES}),
    PublicForm(
        "code confirmation",
        named("account_confirm_login_code"),
        {"code": st.sampled_from(["ABCD-EFGH", "abcdefgh", "ABCDEFGH"])},
        before=request_a_code,
    ),
    PublicForm(
        "password login",
        named("account_login"),
        {"login": ADDRESSES, "password": st.text(SENDABLE), "remember": st.just("on")},
    ),
    PublicForm(
        "sign-up",
        named("account_signup"),
        {"email": ADDRESSES, "password1": st.sampled_from(["", "a-long-enough-password-26"])},
    ),
    PublicForm("password reset", named("account_reset_password"), {"email": ADDRESSES}),
    PublicForm(
        "e-mail address",
        named("account_email"),
        {"email": ADDRESSES, "action_add": st.just("")},
        logged_in=True,
    ),
    PublicForm(
        "my details",
        named("mypages:profile"),
        {
            "name": HOUSEHOLD["name"],
            "phone": HOUSEHOLD["phone"],
            "language": st.sampled_from(["", "sv", "en"]),
        },
        logged_in=True,
    ),
    PublicForm(
        "account deletion",
        named("mypages:delete_account"),
        {"understood": st.just("on")},
        logged_in=True,
    ),
    *[
        PublicForm(f"booking page: {action}", booking_link(action), logged_in=logged_in)
        for action in ("cancel", "decline", "accept")
        for logged_in in (False, True)
    ],
]


@pytest.fixture
def world(make_offering):
    """An offering with a booking in every state, and a parent with an account (and a place
    on the program's interest list)."""
    offering = make_offering(sessions=2, capacity=2, waitlist_policy="offer")
    parent = make_parent("sara@example.org")
    register_interest(program_id=offering.program_id, email=parent.email, user=parent, name="S")
    bookings = [
        BookingFactory(offering=offering, user=parent, email=parent.email),
        WaitlistedBookingFactory(offering=offering),
        OfferedBookingFactory(offering=offering),
        BookingFactory(offering=offering, status=BookingStatus.CANCELLED),
        BookingFactory(offering=offering, status=BookingStatus.EXPIRED),
    ]
    return {
        "parent": parent,
        "offering_id": offering.pk,
        "program_id": offering.program_id,
        "tokens": [booking.token for booking in bookings],
    }


def filled_in(form: PublicForm) -> st.SearchStrategy[dict]:
    """What a browser would send, with a few fields broken or left out and unknown ones added."""
    names = sorted(form.fields)
    broken = st.dictionaries(st.sampled_from(names), BROKEN, max_size=3) if names else st.just({})

    def break_some(sent: dict) -> st.SearchStrategy[dict]:
        unknown = st.dictionaries(VALUES, VALUES, max_size=2)
        return st.tuples(st.just(sent), broken, unknown).map(combine)

    return st.fixed_dictionaries(form.fields).flatmap(break_some)


def combine(parts: tuple[dict, dict, dict]) -> dict:
    sent, broken, unknown = parts
    fields = {**unknown, **sent, **broken}
    return {name: value for name, value in fields.items() if value is not None}


def post(client: Client, url: str, data: dict, raw: dict, how: str):
    if how == "multipart":
        return client.post(url, data)
    return client.post(url, form_body(data, raw), "application/x-www-form-urlencoded")


@fuzz(max_examples=300)
@given(data=st.data())
def test_no_public_form_gives_a_server_error(world, data):
    form = data.draw(st.sampled_from(FORMS), label="form")
    url = data.draw(form.url(world), label="url")
    fields = data.draw(filled_in(form), label="fields")
    how = data.draw(st.sampled_from(["urlencoded", "multipart", "raw bytes"]), label="as")
    raw = {}
    if how == "raw bytes":
        names = sorted(form.fields) or ["x"]
        raw = data.draw(st.dictionaries(st.sampled_from(names), st.binary(max_size=40)))
        fields = {name: value for name, value in fields.items() if name not in raw}
    note(f"POST {url} {fields!r} raw={raw!r}")
    with rolled_back():
        client = Client()
        if form.logged_in:
            client.force_login(world["parent"])
        if form.before is not None:
            form.before(client, world)
        response = post(client, url, fields, raw, how)
    assert_no_server_error(response, f"{form.name}: POST {url}")


ADDRESS_FORMS = [form for form in FORMS if {"email", "login"} & set(form.fields)]


@fuzz(max_examples=100)
@given(data=st.data())
def test_no_address_gives_a_server_error(world, data):
    """Each form that takes an e-mail address, filled in as a browser would, with well-formed
    addresses of every length around the 254-character limit (anything else in the address
    field is `test_no_public_form_gives_a_server_error`'s)."""
    form = data.draw(st.sampled_from(ADDRESS_FORMS), label="form")
    fields = data.draw(st.fixed_dictionaries(form.fields), label="fields")
    name = "login" if "login" in fields else "email"
    too_long = st.integers(min_value=255, max_value=320).map(address_of_length)
    fields[name] = data.draw(st.one_of(ADDRESSES, too_long), label="address")
    url = data.draw(form.url(world), label="url")
    with rolled_back():
        client = Client()
        if form.logged_in:
            client.force_login(world["parent"])
        response = client.post(url, fields)
    assert_no_server_error(response, f"{form.name}: POST {url} {name}={fields[name]!r}")


def test_every_form_is_fuzzed():
    """The booking page's actions for every state, and each account form, are in the table."""
    names = {form.name for form in FORMS}
    for action in ("cancel", "decline", "accept"):
        assert f"booking page: {action}" in names
    assert {"booking", "login code", "code confirmation", "my details"} <= names
    assert {"account deletion", "e-mail address"} <= names
    assert {form.name for form in ADDRESS_FORMS} == {
        "booking",
        "interest list",
        "login code",
        "password login",
        "sign-up",
        "password reset",
        "e-mail address",
    }
