"""The footer's links name pages by their titles: a title in another language than the
visitor reads is marked with its own (WCAG 3.1.2), as the rest of the page's content is."""

from bs4 import BeautifulSoup

from tests.conftest import read_in
from tests.factories import StandardPageFactory


def footer_links(client) -> dict[str, str | None]:
    response = client.get("/")
    assert response.status_code == 200
    footer = BeautifulSoup(response.content, "html.parser").find("footer")
    return {link.get_text(strip=True): link.get("lang") for link in footer.select("nav a")}


def test_a_swedish_page_in_the_english_footer_is_marked_swedish(client, site_pages):
    home, _index = site_pages
    StandardPageFactory(parent=home, slug="personuppgifter", title="Personuppgifter")

    assert footer_links(read_in(client, "en")) == {"Personuppgifter": "sv"}


def test_a_swedish_page_in_the_swedish_footer_needs_no_mark(client, site_pages):
    home, _index = site_pages
    StandardPageFactory(parent=home, slug="personuppgifter", title="Personuppgifter")

    assert footer_links(client) == {"Personuppgifter": None}
