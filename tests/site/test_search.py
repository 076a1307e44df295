"""Whatever is typed into the site search is a valid search on both databases: the page shows
results or "nothing matched", never a server error.

Wagtail's database search backend on SQLite puts each word inside an FTS5 string without
escaping a double quote, so `barn"s` or a lone `"` was a syntax error there (a 500).
"""

import pytest
from django.urls import reverse

from tests.conftest import read_in
from tests.factories import ProgramPageFactory


@pytest.fixture
def en_client(client):
    read_in(client, "en")
    return client


@pytest.fixture
def program(program_index):
    return ProgramPageFactory(
        parent=program_index, title="Barn och föräldrar", intro="Om barn's vardag."
    )


@pytest.mark.parametrize(
    "query",
    ['barn"s', '"', '""', '"barn', 'barn"', '" "', '"barn" "', 'a"b"c"d', "\u201cbarn\u201d"],
)
def test_a_double_quote_is_a_valid_search(en_client, program, query):
    response = en_client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    assert "result" in page or "Nothing matched" in page


def test_a_quoted_word_finds_what_the_word_finds(en_client, program):
    for query in ('"barn"', 'barn"', '"barn'):
        page = en_client.get(reverse("search"), {"q": query}).content.decode()
        assert "1 result" in page, query
        assert f'href="{program.url}"' in page


def test_only_quotes_finds_nothing_and_keeps_what_was_typed(en_client, program):
    page = en_client.get(reverse("search"), {"q": '""'}).content.decode()
    assert "0 results" in page
    assert "Nothing matched" in page
    assert 'value="&quot;&quot;"' in page


@pytest.mark.parametrize(
    "query",
    [
        "barn's",
        "*",
        "-barn",
        "barn OR",
        "AND",
        "NOT barn",
        "(barn",
        "barn)",
        "barn:",
        "^",
        "{barn}",
        "'",
        "\\",
        "%",
        "%s",
        "barn*",
        "+",
        "~",
        "<>",
        "a" * 300,
    ],
)
def test_other_operators_and_punctuation_are_valid_searches(en_client, program, query):
    response = en_client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
