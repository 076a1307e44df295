"""Names `history.py` gives what it adds and `pages.py` looks up."""

BOOKING_EVENING = "Bench: öppen kväll"  # the offering the booking posts go to
MANY_SLUG = "oppna-traffar"  # the program with many upcoming dates


def booking_parent_email(number: int) -> str:
    """The address of the `number`th account that posts one booking."""
    return f"bench.parent.{number}@example.org"
