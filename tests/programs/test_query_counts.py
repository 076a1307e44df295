"""Listing and program pages use a constant number of queries, however much there is to show."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.dates import PAGE_SIZE
from programs.selectors import filter_programs


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_program_index_queries_do_not_grow(
    en_client, program_index, populate, django_assert_num_queries
):
    populate(programs=3, offerings=2)
    small = count_queries(en_client, program_index.url)
    populate(programs=9, offerings=4)  # now 12 programs, some with 4 offerings
    assert len(filter_programs(index_page=program_index)) == 12
    with django_assert_num_queries(small):
        response = en_client.get(program_index.url)
    assert response.content.decode().count('class="card program-card"') == 12


def test_filtered_program_index_queries_do_not_grow(en_client, program_index, populate, languages):
    url = f"{program_index.url}?child_age=5&language={languages['sv'].pk}&free_seats=on"
    populate(programs=3, offerings=2)
    small = count_queries(en_client, url)
    populate(programs=9, offerings=4)
    assert count_queries(en_client, url) == small


def test_program_page_queries_do_not_grow(
    en_client, populate, make_offering_with, django_assert_num_queries
):
    few, many = populate(programs=2, offerings=1)
    single_page = count_queries(en_client, few.url)
    for _ in range(PAGE_SIZE):
        make_offering_with(few, sessions=11, bookings=3)
    for _ in range(3 * PAGE_SIZE):
        make_offering_with(many, sessions=11, bookings=3)
    # More than a page: the groups are counted too (one query), however many there are.
    pages = count_queries(en_client, few.url)
    assert pages == single_page + 1
    with django_assert_num_queries(pages):
        response = en_client.get(many.url)
    assert response.content.decode().count('class="card offering"') == PAGE_SIZE
    # Another page, and a filtered one, cost the same.
    for query in ("page=3", "free_seats=on&page=2"):
        with django_assert_num_queries(pages):
            response = en_client.get(f"{many.url}?{query}")
        assert response.content.decode().count('class="card offering"') == PAGE_SIZE


def test_home_page_queries_do_not_grow(en_client, site_pages, populate):
    home, _index = site_pages
    populate(programs=3, offerings=2)
    small = count_queries(en_client, home.url)
    populate(programs=9, offerings=4)
    assert count_queries(en_client, home.url) == small


# What each page costs today, in queries, on SQLite and PostgreSQL alike. A change that adds a
# query per program, offering or session fails the test below at the larger size; one that adds
# or saves a fixed query changes these numbers on purpose. Read in English (under /en/), a page
# also looks up the English locale and home page, the listed programs' translations and the
# page's version in every language (for the language switch and hreflang).
QUERIES_PER_PAGE = {"home": 16, "index": 20, "program": 19}


def page_costs(client, home, index, program) -> dict[str, int]:
    return {
        "home": count_queries(client, home.url),
        "index": count_queries(client, index.url),
        "program": count_queries(client, program.url),
    }


def test_each_page_costs_a_fixed_number_of_queries_with_1_or_12_programs(
    en_client, site_pages, populate
):
    home, index = site_pages
    (first,) = populate(programs=1, offerings=1)
    small = page_costs(en_client, home, index, first)
    larger = populate(programs=11, offerings=4)  # 12 programs; this one with 4 offerings
    large = page_costs(en_client, home, index, larger[0])
    assert (small, large) == (QUERIES_PER_PAGE, QUERIES_PER_PAGE)
