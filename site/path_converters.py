"""The `<id:...>` part of our addresses: a row's id.

Like Django's `<int:...>`, but at most 18 digits, so every id fits the database's 64-bit
integer: a longer number in an address is no row of ours (404), where `<int:...>` would pass
it on to a query that SQLite refuses with an error (OverflowError, a server error).
"""

from django.urls import register_converter
from django.urls.converters import IntConverter


class RowIdConverter(IntConverter):
    regex = "[0-9]{1,18}"


def register() -> None:
    register_converter(RowIdConverter, "id")
