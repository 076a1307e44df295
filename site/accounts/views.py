"""My pages ("Mina sidor"): a logged-in parent's bookings, details, calendar link and data.

Every view reads only the logged-in account's own rows; none takes an id or a token from the
address, so there is nothing to change in a URL to reach someone else's data. The pages are
never cached (a shared computer's back button must not show them after logging out).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from bookings import selectors as booking_selectors
from bookings.services import ensure_calendar_feed

from . import personal_data, selectors
from .forms import ProfileForm
from .ownership import verified_addresses
from .services import save_profile


def _private(view):
    return login_required(never_cache(view))


@_private
def index(request: HttpRequest) -> HttpResponse:
    feed = ensure_calendar_feed(user=request.user)
    feed_url = request.build_absolute_uri(reverse("parent_feed", args=[feed.token]))
    addresses = verified_addresses(user=request.user)
    context = {
        "overview": selectors.bookings_overview(user=request.user, addresses=addresses),
        "interest": selectors.waiting_interest(user=request.user, addresses=addresses),
        "profile": booking_selectors.profile_of(user=request.user),
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
    }
    return render(request, "mypages/index.html", context)


@_private
def profile(request: HttpRequest) -> HttpResponse:
    current = booking_selectors.profile_of(user=request.user)
    initial = (
        {"name": current.name, "phone": current.phone, "language": current.language}
        if current is not None
        else booking_selectors.booking_form_defaults(user=request.user)
    )
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        save_profile(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your details are saved."))
        return redirect("mypages:index")
    status = 400 if form.is_bound else 200
    return render(request, "mypages/profile.html", {"form": form}, status=status)


@_private
def my_data(request: HttpRequest) -> HttpResponse:
    data = personal_data.collect_personal_data(user=request.user)
    return render(request, "mypages/my_data.html", {"data": data})


@_private
def my_data_download(request: HttpRequest) -> HttpResponse:
    data = personal_data.collect_personal_data(user=request.user)
    response = HttpResponse(
        personal_data.as_json(data), content_type="application/json; charset=utf-8"
    )
    response.headers["Content-Disposition"] = 'attachment; filename="mina-uppgifter.json"'
    response.headers["Cache-Control"] = "no-store"
    return response
