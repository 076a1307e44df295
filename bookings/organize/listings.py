"""What every admin listing of ours shares: its table scrolls sideways inside a labelled,
focusable region when it is wider than the screen (templates/bookings/organize/
listing_results.html), instead of having its last columns cut off by Wagtail's <main>, which
hides what overflows it."""


class ScrollingListingMixin:
    """For a ModelViewSet: its listing's results (the page's and the ones its filters refresh)
    in a region that scrolls sideways on a phone. Goes before ModelViewSet in the bases."""

    index_results_template_name = "bookings/organize/listing_results.html"
