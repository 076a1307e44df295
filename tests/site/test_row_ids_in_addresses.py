"""An id in an address that no database row can have (beyond a 64-bit integer) is "not found",
never a server error, on every route that takes one, for parents and for staff."""

import pytest
from django.urls import reverse

TOO_BIG = [str(2**63), "9" * 19, "1" + "0" * 30]
STAND_IN = 12345  # replaced by the number tried
ROUTES = [
    ("bookings:book", 1),
    ("bookings:interest", 1),
    ("programs:program_feed", 1),
    ("organize:offering", 1),
    ("organize:print_pdf", 1),
    ("organize:attendance", 1),
    ("organize:session_attendance", 2),
    ("interest_list:program", 1),
    ("interest_list:withdraw", 2),
]


@pytest.mark.parametrize("number", TOO_BIG)
@pytest.mark.parametrize(("route", "ids"), ROUTES)
def test_an_id_no_row_can_have_is_not_found(admin_client, route, ids, number):
    address = reverse(route, args=[STAND_IN] * ids).replace(str(STAND_IN), number)
    # An address ending in a file name is first offered with a slash (Django's APPEND_SLASH).
    assert admin_client.get(address, follow=True).status_code == 404


def test_an_id_of_eighteen_digits_reaches_the_view(admin_client):
    address = reverse("bookings:book", args=[10**18 - 1])
    assert len(str(2**63 - 1)) == 19  # the largest id the database can hold
    assert admin_client.get(address).status_code == 404  # no such group: the view's answer
