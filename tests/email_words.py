"""The words an e-mail's parts say, to compare its plain-text part with its HTML part."""

import re

from bs4 import BeautifulSoup


def words_of_text(text: str) -> list[str]:
    return sorted(re.findall(r"\w[\w:/.?=&%-]*\w|\w", text))


def words_of_html(html: str) -> list[str]:
    """The words a reader sees in the HTML part, without the letterhead (the site's name as a
    heading, which the text part has no need for)."""
    soup = BeautifulSoup(html, "html.parser")
    soup.h1.decompose()
    for tag in soup(["head", "style", "title"]):
        tag.decompose()
    return words_of_text(soup.get_text(" "))
