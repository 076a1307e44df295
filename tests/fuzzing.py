"""What the property-based tests (tests/test_fuzz_*.py) throw at the site, and how they run.

Values are text of every kind (NUL, controls, right-to-left marks, emoji, very long), raw bytes
(sent percent-encoded, so invalid UTF-8 reaches Django), numbers of every size, and e-mail
addresses around the 254-character limit. Each example runs in a savepoint that is rolled back,
so every example starts from the same data and a database error in one (after which PostgreSQL
refuses every later query in the transaction) cannot leak into the next.
"""

import string
from contextlib import contextmanager
from urllib.parse import quote, quote_from_bytes

from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


def fuzz(max_examples: int) -> settings:
    """The tests' Hypothesis settings: `max_examples` requests' worth, no per-example deadline
    (a request's time varies with the machine). pytest-django's `db` fixture is function-scoped
    and so shared by every example of a test, which is what `rolled_back` is for."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# Lone surrogates cannot be encoded as UTF-8, so no client could send them.
SENDABLE = st.characters(exclude_categories=("Cs",))

SPECIALS = st.sampled_from(
    [
        "", " ", "\x00", "a\x00b", '"', '""', "'", "`", "%", "%00", "%s", "%(x)s", "{}", "\\",
        "/", "..", "../..", "?", "#", "&", "=", ";", ",", "*", "-", "+", "(", ")", "^", "~",
        ":", "NULL", "None", "null", "true", "undefined", "<script>", "&amp;", "\r\n", "\t",
        "\u202e", "\ufeff", "\u200b", "ä", "Ø", "ß", "İ", "ﬁ", "👨‍👩‍👧", "ا", "A" * 300,
        "-1", "0", "00", "1e309", "NaN", "inf", "9" * 40, str(2**63), str(-(2**63) - 1),
        "barn\"s", "a OR b", "NOT", "AND", "NEAR(a b)", "{title}: x", "x*",
    ]
)
TEXT = st.text(SENDABLE, max_size=60)
# Text made of characters that mean something to a parser (a search's syntax, a URL, SQL, a
# template), so that they come up often rather than once in a thousand characters.
SYNTAX = st.text(st.sampled_from(string.punctuation + " \x00\taä0"), max_size=12)
# Control characters, which terminate C strings (NUL) or lines, or are refused by a database.
CONTROL = st.text(st.sampled_from("\x00\x01\x08\t\n\r\x1b\x7f\x85\u2028a"), min_size=1, max_size=4)
BYTES_AS_TEXT = st.binary(max_size=30).map(lambda raw: raw.decode("latin-1"))
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
).map(str)
VALUES = st.one_of(SPECIALS, CONTROL, SYNTAX, TEXT, BYTES_AS_TEXT, NUMBERS)


def address_of_length(length: int) -> str:
    """A well-formed e-mail address of `length` characters (at least 70)."""
    local = "a" * 64
    body_length = length - len(local) - len("@") - len(".se")
    body = (("b" * 62 + ".") * 6)[:body_length]
    if body.endswith("."):
        body = body[:-1] + "b"
    return f"{local}@{body}.se"


def field(*valid: str) -> st.SearchStrategy[str]:
    """A form field's value: one of the `valid` ones about half the time, else anything."""
    return st.one_of(st.sampled_from(valid), VALUES) if valid else VALUES


def segment(value: str | bytes) -> str:
    """`value` as one percent-encoded path segment (or query part)."""
    if isinstance(value, bytes):
        return quote_from_bytes(value, safe="")
    return quote(value, safe="")


SEGMENTS = st.one_of(VALUES.map(segment), st.binary(max_size=30).map(segment))
QUERY_KEYS = field("q", "page", "next", "token", "code", "email", "format", "export", "lang")
QUERY_STRINGS = st.lists(st.tuples(QUERY_KEYS.map(segment), SEGMENTS), max_size=4).map(
    lambda pairs: "&".join(f"{key}={value}" for key, value in pairs)
)


def form_body(data: dict[str, str | list[str]], raw: dict[str, bytes]) -> bytes:
    """An application/x-www-form-urlencoded body: `data` as UTF-8, `raw` as the bytes given."""
    pairs = [
        f"{segment(key)}={segment(value)}"
        for key, values in data.items()
        for value in (values if isinstance(values, list) else [values])
    ]
    pairs += [f"{segment(key)}={segment(value)}" for key, value in raw.items()]
    return "&".join(pairs).encode("ascii")


@contextmanager
def rolled_back():
    """One example's requests, in a savepoint rolled back afterwards (see the module docstring)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def assert_no_server_error(response, request: str) -> None:
    assert response.status_code < 500, (response.status_code, request)
