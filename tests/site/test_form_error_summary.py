"""A form sent back with errors, as the server renders it: the title starts with "Fel: ", and the
error summary comes right after the page's heading, before anything else, and takes the focus."""

import re

import pytest
from django.urls import reverse


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def after_heading(response) -> str:
    """The first element after the page's <h1>."""
    html = response.content.decode()
    return re.search(r"</h1>\s*(<[^>]+>)", html).group(1)


@pytest.mark.django_db
def test_the_booking_form_with_errors(client, make_offering):
    url = reverse("bookings:book", args=[make_offering().pk])
    assert not title_of(client.get(url)).startswith("Fel:")

    response = client.post(url, {"persons": "1", "name": " ", "email": "sara@"})

    assert title_of(response).startswith("Fel: ")
    summary = after_heading(response)
    assert 'id="form-errors"' in summary and "autofocus" in summary
    assert 'href="#id_name"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["account_request_login_code", "account_login"])
def test_an_account_form_with_errors(client, url_name):
    url = reverse(url_name)
    assert not title_of(client.get(url)).startswith("Fel:")

    response = client.post(url, {"email": "not an address", "login": "", "password": ""})

    assert title_of(response).startswith("Fel: ")
    assert 'id="form-errors"' in after_heading(response)
