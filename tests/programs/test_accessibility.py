"""An accessibility smoke check of the public pages' HTML (not a substitute for axe or people).

Each page: `lang` set, exactly one h1, headings that do not skip levels, a skip link to <main>,
every form control labelled, ids unique, images with alt text, and no button without a name.
"""

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.conftest import read_in
from tests.factories import ContactFactory, ProgramPageFactory, StandardPageFactory, VenueFactory

LABELLABLE = {"input", "select", "textarea"}
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


class PageOutline(HTMLParser):
    """Collects what the checks need from one HTML document."""

    def __init__(self):
        super().__init__()
        self.html_lang = None
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.controls: list[dict] = []
        self.links: list[dict] = []
        self.images: list[dict] = []
        self.buttons: list[dict] = []
        self._button = None
        self._label_depth = 0
        self.main_id = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        if tag == "label":
            self._label_depth += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        if tag in LABELLABLE and attrs.get("type") not in UNLABELLED_INPUT_TYPES:
            self.controls.append({**attrs, "_wrapped": self._label_depth > 0, "_tag": tag})
        if tag == "a":
            self.links.append(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag == "main":
            self.main_id = attrs.get("id")
        if tag == "button":
            self._button = {**attrs, "_text": ""}

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth -= 1
        if tag == "button" and self._button is not None:
            self.buttons.append(self._button)
            self._button = None

    def handle_data(self, data):
        if self._button is not None:
            self._button["_text"] += data.strip()


def outline_of(html: str) -> PageOutline:
    parser = PageOutline()
    parser.feed(html)
    return parser


def assert_accessible_basics(html: str):
    page = outline_of(html)
    assert page.html_lang in {"sv", "en"}
    assert page.headings.count(1) == 1, page.headings
    assert page.headings[0] == 1 or page.headings.index(1) < 2
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading jumps from h{before} to h{after}"
    duplicates = [id_ for id_, n in Counter(page.ids).items() if n > 1]
    assert not duplicates, duplicates
    assert page.main_id and any(link.get("href") == f"#{page.main_id}" for link in page.links)
    for control in page.controls:
        labelled = (
            control.get("id") in page.label_for
            or control["_wrapped"]
            or control.get("aria-label")
            or control.get("aria-labelledby")
        )
        assert labelled, f"unlabelled {control['_tag']} {control.get('name')}"
    for image in page.images:
        assert "alt" in image
    for button in page.buttons:
        assert button["_text"] or button.get("aria-label"), button


@pytest.fixture
def rich_site(site_pages, languages, make_offering_with):
    home, index = site_pages
    program = ProgramPageFactory(
        parent=index,
        title="KOMET",
        easy_read_summary="Short sentences.",
        venue=VenueFactory(),
        contact=ContactFactory(),
        body=[("heading", "About"), ("question", {"question": "Why?", "answer": "Because."})],
    )
    program.languages.set([languages["sv"]])
    program.save()
    course = make_offering_with(program, sessions=4)
    cancelled = course.sessions.first()
    cancelled.is_cancelled = True
    cancelled.save()
    make_offering_with(program, sessions=1, capacity=1, bookings=1)
    standard = StandardPageFactory(
        parent=home, slug="tillganglighet", title="Accessibility", body="<p>Statement.</p>"
    )
    return {"home": home, "index": index, "program": program, "standard": standard}


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    ("url", "status"),
    [
        (lambda pages: pages["home"].url, 200),
        (lambda pages: pages["index"].url, 200),
        (lambda pages: pages["index"].url + "?child_age=99&kind=course", 200),
        (lambda pages: pages["program"].url, 200),
        (lambda pages: pages["standard"].url, 200),
        (lambda pages: reverse("search") + "?q=KOMET", 200),
        (lambda pages: "/does-not-exist/", 404),
    ],
    ids=["home", "index", "index-invalid", "program", "standard", "search", "404"],
)
def test_page_html_basics(client, rich_site, url, status, language):
    read_in(client, language)
    response = client.get(url(rich_site))
    assert response.status_code == status
    html = response.content.decode()
    assert_accessible_basics(html)
    assert f'<html lang="{language}" dir="ltr">' in html


def test_cancelled_session_is_marked_in_words_not_only_by_colour(en_client, rich_site):
    html = en_client.get(rich_site["program"].url).content.decode()
    assert "session-list__item--cancelled" in html
    assert ">Cancelled</strong>" in html


def test_filter_fields_describe_help_and_errors(en_client, rich_site):
    html = en_client.get(rich_site["index"].url, {"child_age": "99"}).content.decode()
    (field,) = re.findall(r'<input[^>]*name="child_age"[^>]*>', html)
    assert re.search(r'aria-describedby="[^"]*\bid_child_age_helptext\b', field), field
    assert 'id="id_child_age_helptext"' in html
    assert 'aria-invalid="true"' in field


def test_500_template_basics():
    from django.template.loader import render_to_string

    page = outline_of(render_to_string("500.html"))
    assert page.html_lang
    assert page.headings.count(1) == 1
