"""The program listing's filters, one at a time and combined, through the selector and the page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from programs.models import ProgramFormat, ProgramKind
from programs.selectors import (
    ListingState,
    ProgramFilterForm,
    filter_programs,
    program_index_for_site,
)
from tests.factories import ProgramPageFactory


@pytest.fixture
def catalogue(program_index, languages, make_offering_with):
    """Four programs that differ in one respect each."""
    komet = ProgramPageFactory(
        parent=program_index,
        title="KOMET",
        kind=ProgramKind.COURSE,
        child_age_min=3,
        child_age_max=11,
    )
    komet.languages.set([languages["sv"], languages["ar"]])
    komet.save()
    npf = ProgramPageFactory(
        parent=program_index,
        title="NPF",
        kind=ProgramKind.MEETUP,
        child_age_min=0,
        child_age_max=21,
        format=ProgramFormat.ONLINE,
    )
    npf.languages.set([languages["sv"]])
    npf.save()
    andt = ProgramPageFactory(
        parent=program_index,
        title="ANDT",
        kind=ProgramKind.EVENT,
        child_age_min=13,
        child_age_max=16,
        format=ProgramFormat.HYBRID,
    )
    andt.languages.set([languages["so"]])
    andt.save()
    hidden = ProgramPageFactory(parent=program_index, title="Draft program", live=False)
    make_offering_with(komet, capacity=6, bookings=1)  # free seats
    make_offering_with(npf, capacity=1, bookings=1)  # full, waitlist
    make_offering_with(andt, booking_opens_at=timezone.now() + timedelta(days=2))  # not yet open
    return {"komet": komet, "npf": npf, "andt": andt, "hidden": hidden}


def titles(programs):
    return [program.title for program in programs]


def test_all_live_programs_ordered_by_title(program_index, catalogue):
    assert titles(filter_programs(index_page=program_index)) == ["ANDT", "KOMET", "NPF"]


def test_filter_by_kind(program_index, catalogue):
    assert titles(filter_programs(index_page=program_index, kind=ProgramKind.MEETUP)) == ["NPF"]


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (0, ["NPF"]),
        (3, ["KOMET", "NPF"]),
        (11, ["KOMET", "NPF"]),
        (12, ["NPF"]),
        (14, ["ANDT", "NPF"]),
        (21, ["NPF"]),
    ],
)
def test_filter_by_child_age_is_inclusive(program_index, catalogue, age, expected):
    assert titles(filter_programs(index_page=program_index, child_age=age)) == expected


def test_filter_by_language(program_index, catalogue, languages):
    assert titles(filter_programs(index_page=program_index, language=languages["sv"])) == [
        "KOMET",
        "NPF",
    ]
    assert titles(filter_programs(index_page=program_index, language=languages["so"])) == ["ANDT"]


def test_filter_by_format(program_index, catalogue):
    assert titles(filter_programs(index_page=program_index, format=ProgramFormat.HYBRID)) == [
        "ANDT"
    ]


def test_filter_by_free_seats(program_index, catalogue):
    assert titles(filter_programs(index_page=program_index, free_seats=True)) == ["KOMET"]


def test_filters_combine(program_index, catalogue, languages):
    found = filter_programs(
        index_page=program_index, child_age=5, language=languages["sv"], kind=ProgramKind.MEETUP
    )
    assert titles(found) == ["NPF"]


def test_listing_states_and_next_date(program_index, catalogue):
    by_title = {p.title: p for p in filter_programs(index_page=program_index)}
    assert by_title["KOMET"].listing_status.state == ListingState.FREE_SEATS
    assert by_title["NPF"].listing_status.state == ListingState.WAITLIST
    assert by_title["ANDT"].listing_status.state == ListingState.NOT_YET_OPEN
    assert by_title["ANDT"].listing_status.opens_at is not None
    assert all(p.next_session_at is not None for p in by_title.values())


def test_program_without_offerings_has_no_dates(program_index):
    ProgramPageFactory(parent=program_index, title="COPE")
    [cope] = filter_programs(index_page=program_index)
    assert cope.listing_status.state == ListingState.NO_DATES
    assert cope.next_session_at is None


def test_form_cleans_empty_choices_to_none(languages):
    form = ProgramFilterForm({"kind": "", "child_age": "", "language": "", "format": ""})
    assert form.is_valid()
    assert form.cleaned_data == {
        "kind": None,
        "child_age": None,
        "language": None,
        "format": None,
        "free_seats": False,
    }


@pytest.mark.parametrize("age", ["-1", "22", "ten"])
def test_form_rejects_ages_out_of_range(db, age):
    assert not ProgramFilterForm({"child_age": age}).is_valid()


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"kind": "meetup"}, ["NPF"], ["KOMET", "ANDT"]),
        ({"child_age": "14"}, ["ANDT", "NPF"], ["KOMET"]),
        ({"format": "hybrid"}, ["ANDT"], ["KOMET", "NPF"]),
        ({"free_seats": "on"}, ["KOMET"], ["NPF", "ANDT"]),
    ],
)
def test_index_page_applies_filters_from_the_query_string(
    en_client, program_index, catalogue, params, shown, hidden
):
    html = en_client.get(program_index.url, params).content.decode()
    for title in shown:
        assert f">{title}</a></h3>" in html
    for title in hidden:
        assert f">{title}</a></h3>" not in html
    assert "Clear filters" in html


def test_index_page_filters_by_language(en_client, program_index, catalogue, languages):
    html = en_client.get(program_index.url, {"language": languages["so"].pk}).content.decode()
    assert ">ANDT</a></h3>" in html
    assert ">KOMET</a></h3>" not in html


def test_invalid_filter_shows_error_and_all_programs(en_client, program_index, catalogue):
    html = en_client.get(program_index.url, {"child_age": "99"}).content.decode()
    assert 'aria-invalid="true"' in html
    assert "3 programs" in html


def test_program_index_for_site(site_pages):
    home, index = site_pages
    assert program_index_for_site(home) == index
    index.unpublish()
    assert program_index_for_site(home) is None
    assert program_index_for_site(None) is None
